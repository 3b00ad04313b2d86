import VectorMath

/// Nearest-centre search for dense vectors: the rows are cut into fixed chunks of
/// ``chunkRows``; each chunk's similarities with all centres come from one SGEMM
/// (`VectorMath.multiplyTransposed`, C = X · Cᵀ) and the row-wise maximum is kept
/// (ties: lowest id). Chunks run on all cores; each SGEMM is single-threaded, so the sums are
/// accumulated in the same order whatever the scheduling.
struct DenseCentroidSearch: Sendable {
    static let chunkRows = 96

    let clusterCount: Int
    let dimension: Int
    let packed: PackedMatrix

    /// - Complexity: O(k × dimension) to pack the centres.
    init(centres: [Float], clusterCount: Int, dimension: Int) {
        precondition(clusterCount > 0, "no clusters")
        self.clusterCount = clusterCount
        self.dimension = dimension
        packed = PackedMatrix(centres, rows: clusterCount, depth: dimension)
    }

    /// The nearest centre of each row of `values`.
    /// - Complexity: O(n × k × dimension), divided among the cores; O(chunkRows × k) memory
    ///   per thread.
    func nearest(_ values: [Float]) -> [ClusterAssignment] {
        let n = values.count / dimension
        let k = clusterCount
        var result = [ClusterAssignment](repeating: ClusterAssignment(cluster: 0, similarity: 0), count: n)
        let dimension = dimension, packed = packed
        result.withUnsafeMutableBufferPointer { buffer in
            let output = SharedOutput(buffer)
            forEachChunk(count: n, chunkSize: Self.chunkRows) { _, range in
                var similarities = [Float](repeating: 0, count: range.count * k)
                values.withUnsafeBufferPointer { rows in
                    similarities.withUnsafeMutableBufferPointer { s in
                        multiplyTransposed(
                            UnsafeBufferPointer(rebasing: rows[range.lowerBound * dimension ..< range.upperBound * dimension]),
                            rows: range.count, packed, into: s, parallel: false)
                        for r in 0 ..< range.count {
                            var best = 0
                            var bestScore = s[r * k]
                            for c in 1 ..< k where s[r * k + c] > bestScore {
                                best = c
                                bestScore = s[r * k + c]
                            }
                            output[range.lowerBound + r] = ClusterAssignment(cluster: Int32(best), similarity: bestScore)
                        }
                    }
                }
            }
        }
        return result
    }
}

/// The dot product of two float rows, in one fixed order.
/// - Complexity: O(count)
@inline(__always)
func denseDot(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
    var lanes = SIMD8<Float>()
    let count = a.count
    var t = 0
    if let pa = a.baseAddress, let pb = b.baseAddress {
        while t + 8 <= count {
            let x = UnsafeRawPointer(pa + t).loadUnaligned(as: SIMD8<Float>.self)
            let y = UnsafeRawPointer(pb + t).loadUnaligned(as: SIMD8<Float>.self)
            lanes = lanes.addingProduct(x, y)
            t += 8
        }
    }
    var sum = lanes.sum()
    while t < count {
        sum += a[t] * b[t]
        t += 1
    }
    return sum
}
