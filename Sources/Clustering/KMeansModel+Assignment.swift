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
