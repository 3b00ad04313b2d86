extension KMeansModel {
    /// Rows expanded to floats at a time by the refinement over ``DenseRows``: a multiple of
    /// ``DenseCentroidSearch/chunkRows``, so every SGEMM sees the rows it would see with all of
    /// them in memory (about 18 MB of floats at 384 dimensions).
    public static let denseRowsChunk = DenseCentroidSearch.chunkRows * 128

    /// ``refine(_:assignments:maxIterations:tolerance:)`` over dense rows held elsewhere,
    /// expanded ``denseRowsChunk`` rows at a time: the same iterations, the same float
    /// operations in the same order, so the model and assignments are bit-identical to
    /// refining ``VectorBatch/dense(values:dimension:)`` of the same rows, while only one chunk
    /// of floats is held (plus the model, and the assignments).
    ///
    /// - Parameter chunkRows: rows expanded at a time, a multiple of 96 (tests make it small).
    /// - Complexity: as the dense refine; each iteration expands every row once more.
    @discardableResult
    public mutating func refine(
        _ rows: some DenseRows, assignments: inout [ClusterAssignment], maxIterations: Int, tolerance: Double,
        rule: LloydAssignment = .nearestDirection, chunkRows: Int = denseRowsChunk
    ) -> (iterations: Int, inertia: Double) {
        precondition(chunkRows > 0 && chunkRows % DenseCentroidSearch.chunkRows == 0, "chunks must be whole SGEMM chunks")
        precondition(vectorKind == .dense(dimension: rows.dimension), "rows of \(rows.dimension) dimensions given to a \(vectorKind) model")
        precondition(assignments.isEmpty || assignments.count == rows.count, "one assignment per point is needed")
        guard clusterCount > 0, rows.count > 0 else {
            if clusterCount > 0 { _ = recomputeDense(rows, labels: [], previous: nil, chunkRows: chunkRows) }
            assignments = []
            return (0, 0)
        }
        var labels = assignments.isEmpty ? nil : assignments.map(\.cluster)
        var sumsDescribeLabels = false
        var iterations = 0
        while iterations < maxIterations {
            let nearest = nearestCentres(rows, rule: rule, chunkRows: chunkRows)
            iterations += 1
            if sumsDescribeLabels, nearest == labels { break }
            let shift = recomputeDense(rows, labels: nearest, previous: sumsDescribeLabels ? labels : nil, chunkRows: chunkRows)
            labels = nearest
            sumsDescribeLabels = true
            if shift <= tolerance { break }
        }
        let final = labels ?? nearestCentres(rows, rule: rule, chunkRows: chunkRows)
        if !sumsDescribeLabels { _ = recomputeDense(rows, labels: final, previous: nil, chunkRows: chunkRows) }
        let similarities = similaritiesToOwnCentres(rows, labels: final, chunkRows: chunkRows)
        var inertia: Double = 0
        for similarity in similarities { inertia += 1 - Double(similarity) }
        assignments = zip(final, similarities).map { ClusterAssignment(cluster: $0, similarity: $1) }
        return (iterations, inertia)
    }

    /// Each row's nearest centre under `rule` (``lloydAssign(_:rule:)``, a chunk at a time, with
    /// the centres packed once).
    func nearestCentres(_ rows: some DenseRows, rule: LloydAssignment, chunkRows: Int) -> [Int32] {
        let search = DenseCentroidSearch(centres: denseCentres, clusterCount: clusterCount, dimension: rows.dimension,
                                         meanLengths: rule == .nearestMean ? meanLengths() : nil)
        var labels: [Int32] = []
        labels.reserveCapacity(rows.count)
        for start in stride(from: 0, to: rows.count, by: chunkRows) {
            let floats = rows.floats(start ..< min(start + chunkRows, rows.count))
            labels += search.nearest(floats).map(\.cluster)
        }
        return labels
    }

    /// `recomputeClusters` of a dense model over rows expanded a chunk at a time: each changed
    /// cluster's sum gets its members added in ascending point order, as there.
    mutating func recomputeDense(_ rows: some DenseRows, labels: [Int32], previous: [Int32]?, chunkRows: Int) -> Double {
        let k = clusterCount, d = rows.dimension
        var counts = [Int](repeating: 0, count: k)
        for label in labels {
            precondition(label >= 0 && Int(label) < k, "cluster id out of range")
            counts[Int(label)] += 1
        }
        var isChanged = [Bool](repeating: previous == nil, count: k)
        if let previous {
            for (old, new) in zip(previous, labels) where old != new {
                isChanged[Int(old)] = true
                isChanged[Int(new)] = true
            }
        }
        let changed = (0 ..< k).filter { isChanged[$0] }
        for j in changed {
            memberCounts[j] = counts[j]
            for t in j * d ..< (j + 1) * d { denseSums[t] = 0 }
        }
        for start in stride(from: 0, to: labels.count, by: chunkRows) {
            let range = start ..< min(start + chunkRows, labels.count)
            let floats = rows.floats(range)
            floats.withUnsafeBufferPointer { chunk in
                denseSums.withUnsafeMutableBufferPointer { sums in
                    for point in range where isChanged[Int(labels[point])] {
                        let j = Int(labels[point]), row = point - range.lowerBound
                        DenseSum.add(UnsafeBufferPointer(rebasing: chunk[row * d ..< (row + 1) * d]),
                                     to: UnsafeMutableBufferPointer(rebasing: sums[j * d ..< (j + 1) * d]))
                    }
                }
            }
        }
        let oldCentres = denseCentres
        var shiftSquares: Double = 0
        for j in changed where updateDenseCentre(j) {
            var square: Double = 0
            for t in j * d ..< (j + 1) * d {
                let delta = Double(denseCentres[t]) - Double(oldCentres[t])
                square += delta * delta
            }
            shiftSquares += square
        }
        return (shiftSquares / Double(max(k, 1))).squareRoot()
    }

    /// Each row's cosine similarity to the centre it is labelled with.
    func similaritiesToOwnCentres(_ rows: some DenseRows, labels: [Int32], chunkRows: Int) -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(labels.count)
        for start in stride(from: 0, to: labels.count, by: chunkRows) {
            let range = start ..< min(start + chunkRows, labels.count)
            result += similaritiesToOwnCentres(.dense(values: rows.floats(range), dimension: rows.dimension),
                                               labels: Array(labels[range]))
        }
        return result
    }
}
