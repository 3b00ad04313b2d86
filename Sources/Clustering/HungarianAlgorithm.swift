/// The Hungarian algorithm (Kuhn-Munkres with row and column potentials): an optimal
/// one-to-one assignment of the rows of a weight matrix to its columns.
///
/// Used by ``ClusterQuality/accuracy(truth:predicted:)`` on the contingency table of labels
/// against clusters, where the numbers of labels and clusters may differ.
public enum HungarianAlgorithm {
    /// The matching of rows to columns that maximises the total weight; with more rows than
    /// columns, some rows stay unmatched (`nil`), and with more columns, some columns do.
    ///
    /// - Parameters:
    ///   - weights: `rows × columns` weights, row-major.
    /// - Returns: for each row, its column, or `nil`.
    /// - Complexity: O(r² c) time and O(r c) memory for r = min(rows, columns) and
    ///   c = max(rows, columns).
    public static func maximumWeightMatching(weights: [Double], rows: Int, columns: Int) -> [Int?] {
        precondition(rows >= 0 && columns >= 0 && weights.count == rows * columns, "weights must be rows × columns")
        return minimumCostMatching(costs: weights.map { -$0 }, rows: rows, columns: columns)
    }

    /// The matching of rows to columns that minimises the total cost (see
    /// ``maximumWeightMatching(weights:rows:columns:)``).
    /// - Complexity: O(r² c) for r = min(rows, columns) and c = max(rows, columns).
    public static func minimumCostMatching(costs: [Double], rows: Int, columns: Int) -> [Int?] {
        precondition(rows >= 0 && columns >= 0 && costs.count == rows * columns, "costs must be rows × columns")
        guard rows > 0, columns > 0 else { return Array(repeating: nil, count: rows) }
        if rows <= columns {
            let columnOfRow = solve(costs: costs, rows: rows, columns: columns)
            return columnOfRow.map { Optional($0) }
        }
        // More rows than columns: match the columns of the transpose, then invert.
        var transposed = [Double](repeating: 0, count: costs.count)
        for row in 0..<rows {
            for column in 0..<columns { transposed[column * rows + row] = costs[row * columns + column] }
        }
        let rowOfColumn = solve(costs: transposed, rows: columns, columns: rows)
        var columnOfRow = [Int?](repeating: nil, count: rows)
        for (column, row) in rowOfColumn.enumerated() { columnOfRow[row] = column }
        return columnOfRow
    }

    /// Rows are added one at a time; each addition grows a tree of alternating paths by
    /// Dijkstra-like steps over reduced costs `cost - rowPotential - columnPotential`, then
    /// flips the augmenting path it finds. Requires `rows <= columns`; every row is matched.
    ///
    /// - Returns: the column of each row.
    /// - Complexity: O(rows² × columns)
    private static func solve(costs: [Double], rows: Int, columns: Int) -> [Int] {
        // 1-based rows and columns; column 0 is a virtual start, row 0 means "no row".
        var rowPotential = [Double](repeating: 0, count: rows + 1)
        var columnPotential = [Double](repeating: 0, count: columns + 1)
        var rowOfColumn = [Int](repeating: 0, count: columns + 1)
        var previousColumn = [Int](repeating: 0, count: columns + 1)
        var slack = [Double](repeating: 0, count: columns + 1)
        var visited = [Bool](repeating: false, count: columns + 1)

        for row in 1...rows {
            rowOfColumn[0] = row
            var column = 0
            for index in 0...columns {
                slack[index] = .infinity
                visited[index] = false
            }
            // Grow the tree until it reaches a free column.
            repeat {
                visited[column] = true
                let treeRow = rowOfColumn[column]
                var delta = Double.infinity
                var nextColumn = 0
                let base = (treeRow - 1) * columns
                for candidate in 1...columns where !visited[candidate] {
                    let reduced = costs[base + candidate - 1] - rowPotential[treeRow] - columnPotential[candidate]
                    if reduced < slack[candidate] {
                        slack[candidate] = reduced
                        previousColumn[candidate] = column
                    }
                    if slack[candidate] < delta {
                        delta = slack[candidate]
                        nextColumn = candidate
                    }
                }
                for index in 0...columns {
                    if visited[index] {
                        rowPotential[rowOfColumn[index]] += delta
                        columnPotential[index] -= delta
                    } else {
                        slack[index] -= delta
                    }
                }
                column = nextColumn
            } while rowOfColumn[column] != 0
            // Flip the augmenting path back to the virtual start.
            repeat {
                let previous = previousColumn[column]
                rowOfColumn[column] = rowOfColumn[previous]
                column = previous
            } while column != 0
        }

        var columnOfRow = [Int](repeating: 0, count: rows)
        for column in 1...columns where rowOfColumn[column] != 0 {
            columnOfRow[rowOfColumn[column] - 1] = column - 1
        }
        return columnOfRow
    }
}
