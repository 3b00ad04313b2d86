#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// External measures of a clustering against gold labels, as used by the quality harness.
///
/// Labels and cluster ids are arbitrary integers: only which items share one matters. The
/// definitions follow scikit-learn (`normalized_mutual_info_score`,
/// `adjusted_rand_score`), including their special cases, so numbers compare directly.
public enum ClusterQuality {
    /// Normalised mutual information with arithmetic-mean normalisation,
    /// `I(T; P) / ((H(T) + H(P)) / 2)`, natural logarithms; in 0...1.
    ///
    /// Two labellings that each put everything in one group (or are empty) score 1; a
    /// labelling with one group against one with several scores 0.
    /// - Complexity: O(n + distinct pairs)
    public static func normalizedMutualInformation(truth: [Int], predicted: [Int]) -> Double {
        let table = ContingencyTable(truth: truth, predicted: predicted)
        let rows = table.rowSums.count, columns = table.columnSums.count
        if (rows == 1 && columns == 1) || (rows == 0 && columns == 0) { return 1 }
        let information = mutualInformation(table)
        if information == 0 { return 0 }
        let normaliser = max((entropy(table.rowSums) + entropy(table.columnSums)) / 2, Double.ulpOfOne)
        return information / normaliser
    }

    /// The adjusted Rand index: pair-counting agreement corrected for chance; 1 for identical
    /// groupings, about 0 for independent ones, negative below chance.
    /// - Complexity: O(n + distinct pairs)
    public static func adjustedRandIndex(truth: [Int], predicted: [Int]) -> Double {
        let table = ContingencyTable(truth: truth, predicted: predicted)
        let n = Double(truth.count)
        let sumSquares = table.cells.values.reduce(0.0) { $0 + Double($1) * Double($1) }
        let rowSquares = table.rowSums.reduce(0.0) { $0 + Double($1) * Double($1) }
        let columnSquares = table.columnSums.reduce(0.0) { $0 + Double($1) * Double($1) }
        // Ordered pairs of distinct items: together in both, in predicted only, in truth only.
        let together = sumSquares - n
        let predictedOnly = columnSquares - sumSquares
        let truthOnly = rowSquares - sumSquares
        let apart = n * n - predictedOnly - truthOnly - sumSquares
        if predictedOnly == 0 && truthOnly == 0 { return 1 }
        return 2 * (together * apart - truthOnly * predictedOnly)
            / ((together + truthOnly) * (truthOnly + apart) + (together + predictedOnly) * (predictedOnly + apart))
    }

    /// Clustering accuracy: the share of items on the best one-to-one matching of clusters to
    /// labels (Hungarian algorithm on the contingency table; with more clusters than labels the
    /// extra clusters count as wrong, and the other way round). 1 for empty input.
    /// - Complexity: O(n + r² c) for r = min(labels, clusters), c = max(labels, clusters).
    public static func accuracy(truth: [Int], predicted: [Int]) -> Double {
        let table = ContingencyTable(truth: truth, predicted: predicted)
        guard !truth.isEmpty else { return 1 }
        let rows = table.rowSums.count, columns = table.columnSums.count
        var weights = [Double](repeating: 0, count: rows * columns)
        for (cell, count) in table.cells { weights[cell.row * columns + cell.column] = Double(count) }
        let matching = HungarianAlgorithm.maximumWeightMatching(weights: weights, rows: rows, columns: columns)
        var matched = 0.0
        for (row, column) in matching.enumerated() {
            if let column { matched += weights[row * columns + column] }
        }
        return matched / Double(truth.count)
    }

    // MARK: - Parts

    /// The entropy of a grouping with these group sizes, in nats.
    private static func entropy(_ sizes: [Int]) -> Double {
        let total = Double(sizes.reduce(0, +))
        guard sizes.count > 1, total > 0 else { return 0 }
        var sum = 0.0
        for size in sizes where size > 0 {
            let share = Double(size) / total
            sum -= share * (log(Double(size)) - log(total))
        }
        return sum
    }

    /// The mutual information of the two groupings in `table`, in nats, never negative.
    private static func mutualInformation(_ table: ContingencyTable) -> Double {
        guard table.rowSums.count > 1, table.columnSums.count > 1 else { return 0 }
        let total = Double(table.cells.values.reduce(0, +))
        let logTotal = log(total)
        var sum = 0.0
        // Summed in a fixed cell order: a dictionary's order changes between processes, and so
        // would the last bits of the sum.
        for (cell, count) in table.cells.sorted(by: { ($0.key.row, $0.key.column) < ($1.key.row, $1.key.column) }) {
            let joint = Double(count) / total
            let outer = Double(table.rowSums[cell.row]) * Double(table.columnSums[cell.column])
            let term = joint * (log(Double(count)) - logTotal) + joint * (-log(outer) + 2 * logTotal)
            if abs(term) >= Double.ulpOfOne { sum += term }
        }
        return max(sum, 0)
    }
}

/// The counts of items per (label, cluster) pair, with labels and clusters renumbered
/// densely in order of first appearance.
struct ContingencyTable {
    struct Cell: Hashable {
        var row: Int
        var column: Int
    }

    var cells: [Cell: Int] = [:]
    var rowSums: [Int] = []
    var columnSums: [Int] = []

    /// - Complexity: O(n)
    init(truth: [Int], predicted: [Int]) {
        precondition(truth.count == predicted.count, "truth and predicted differ in length")
        var rowOf: [Int: Int] = [:], columnOf: [Int: Int] = [:]
        for (label, cluster) in zip(truth, predicted) {
            let row = rowOf[label] ?? { rowOf[label] = rowSums.count; rowSums.append(0); return rowSums.count - 1 }()
            let column = columnOf[cluster]
                ?? { columnOf[cluster] = columnSums.count; columnSums.append(0); return columnSums.count - 1 }()
            rowSums[row] += 1
            columnSums[column] += 1
            cells[Cell(row: row, column: column), default: 0] += 1
        }
    }
}
