import VectorMath

extension KMeansModel {
    /// The nearest centre of each vector (highest cosine similarity; ties: lowest id).
    ///
    /// Sparse vectors go through an inverted index of the centres (``SparseCentroidIndex``),
    /// dense ones through an SGEMM per chunk of rows. Work is split into fixed chunks over both
    /// cores; the result does not depend on the scheduling.
    ///
    /// - Precondition: the model has at least one cluster.
    /// - Complexity: sparse: O(C + Σ posting lengths of the vectors' features), C the non-zeros of
    ///   the centres; dense: O(n × k × dimension).
    public func assign(_ data: VectorBatch) -> [ClusterAssignment] {
        checkCompatible(data)
        precondition(clusterCount > 0, "assign needs at least one cluster")
        switch data {
        case .sparse(let vectors):
            if let centreIndex {
                return centreIndex.nearest(vectors, centres: sparseCentres, stale: staleClusters.sorted())
            }
            return SparseCentroidIndex(centres: sparseCentres).nearest(vectors, centres: sparseCentres, stale: [])
        case .dense(let values, let d):
            return DenseCentroidSearch(centres: denseCentres, clusterCount: clusterCount, dimension: d).nearest(values)
        }
    }

    /// Lloyd's assignment step: each vector's cluster under `rule` (see ``LloydAssignment``;
    /// sparse models always take the nearest direction). With ``LloydAssignment/nearestMean``,
    /// the similarities are the search's scores, not cosines.
    /// - Complexity: as ``assign(_:)``.
    func lloydAssign(_ data: VectorBatch, rule: LloydAssignment) -> [ClusterAssignment] {
        guard rule == .nearestMean, case .dense(let values, let d) = data else { return assign(data) }
        checkCompatible(data)
        precondition(clusterCount > 0, "assign needs at least one cluster")
        return DenseCentroidSearch(centres: denseCentres, clusterCount: clusterCount, dimension: d, meanLengths: meanLengths())
            .nearest(values)
    }

    /// Each cluster's mean length, ‖sum‖ ÷ count (dense models): the mean is that times the
    /// centre. A cluster without members (a seed, or emptied) counts as its centre, length 1.
    /// - Complexity: O(clusterCount × dimension)
    func meanLengths() -> [Float] {
        let d = dimension
        return denseSums.withUnsafeBufferPointer { sums in
            (0 ..< clusterCount).map { cluster -> Float in
                let count = memberCounts[cluster]
                var squares: Double = 0
                for t in cluster * d ..< (cluster + 1) * d { squares += sums[t] * sums[t] }
                guard count > 0, squares > 0 else { return 1 }
                return Float(squares.squareRoot() / Double(count))
            }
        }
    }

    /// ``assign(_:)`` after the centres listed in `moved` (ascending) changed, given the
    /// assignment `previous` made before: the same result, searching far less. A point whose own
    /// centre stayed was nearest to it among every centre that stayed, so only the moved ones can
    /// take it (an index of those alone is searched; ties go to the lower id, as always); a
    /// point whose own centre moved is searched among all of them.
    /// - Complexity: as ``assign(_:)`` over the points whose centre moved, plus a search of the
    ///   moved centres per point; a full ``assign(_:)`` when more than a quarter moved.
    func assign(_ data: VectorBatch, after previous: [ClusterAssignment], moved: [Int]) -> [ClusterAssignment] {
        guard case .sparse(let vectors) = data, previous.count == vectors.count, moved.count * 4 <= clusterCount else {
            return assign(data)
        }
        if moved.isEmpty { return previous }
        var isMoved = [Bool](repeating: false, count: clusterCount)
        for j in moved { isMoved[j] = true }
        let uprooted = previous.indices.filter { isMoved[Int(previous[$0].cluster)] }
        let staying = previous.indices.filter { !isMoved[Int(previous[$0].cluster)] }
        var result = previous
        if !uprooted.isEmpty {
            for (i, assignment) in zip(uprooted, assign(.sparse(uprooted.map { vectors[$0] }))) { result[i] = assignment }
        }
        let movedCentres = moved.map { sparseCentres[$0] }
        let challengers = SparseCentroidIndex(centres: movedCentres)
            .nearest(staying.map { vectors[$0] }, centres: movedCentres, stale: [])
        for (i, challenger) in zip(staying, challengers) {
            let own = previous[i], cluster = Int32(moved[Int(challenger.cluster)])
            if challenger.similarity > own.similarity || (challenger.similarity == own.similarity && cluster < own.cluster) {
                result[i] = ClusterAssignment(cluster: cluster, similarity: challenger.similarity)
            }
        }
        return result
    }

    /// The cosine similarity of each vector to the centre of the cluster it is labelled with.
    /// - Complexity: sparse: O(Σ nnz(x) × log nnz(centre)); dense: O(n × dimension).
    func similaritiesToOwnCentres(_ data: VectorBatch, labels: [Int32]) -> [Float] {
        var result = [Float](repeating: 0, count: labels.count)
        result.withUnsafeMutableBufferPointer { buffer in
            let output = SharedOutput(buffer)
            switch data {
            case .sparse(let vectors):
                let centres = sparseCentres
                forEachChunk(count: labels.count, chunkSize: 4096) { _, range in
                    for i in range { output[i] = sortedDot(vectors[i], centres[Int(labels[i])]) }
                }
            case .dense(let values, let d):
                let centreValues = denseCentres
                forEachChunk(count: labels.count, chunkSize: 4096) { _, range in
                    values.withUnsafeBufferPointer { rows in
                        centreValues.withUnsafeBufferPointer { centres in
                            for i in range {
                                let c = Int(labels[i])
                                output[i] = denseDot(
                                    UnsafeBufferPointer(rebasing: rows[i * d ..< (i + 1) * d]),
                                    UnsafeBufferPointer(rebasing: centres[c * d ..< (c + 1) * d]))
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}

/// `x · c` for a short `x` and a long `c`: each feature of `x` is looked up in `c` by binary
/// search, in ascending order, so the sum is accumulated in the same order as
/// `SparseVector.dot` and the inverted index.
/// - Complexity: O(nnz(x) × log nnz(c))
func sortedDot(_ x: SparseVector, _ c: SparseVector) -> Float {
    var sum: Float = 0
    var low = 0
    let count = c.indices.count
    for (feature, value) in zip(x.indices, x.values) {
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if c.indices[mid] < feature { low = mid + 1 } else { high = mid }
        }
        if low < count, c.indices[low] == feature {
            sum += value * c.values[low]
            low += 1
        }
    }
    return sum
}
