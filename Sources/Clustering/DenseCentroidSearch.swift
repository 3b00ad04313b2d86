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
    /// Nearest-mean searches: `−r²/2` per centre, added to each score (see ``LloydAssignment``).
    let offsets: [Float]?

    /// - Parameter meanLengths: nil to find the highest cosine; else each centre's mean length
    ///   r, to find the nearest mean `r × centre` by Euclidean distance (the highest
    ///   `r (x · c) − r²/2`, see ``LloydAssignment/nearestMean``). The scores reported are then
    ///   those, not cosines.
    /// - Complexity: O(k × dimension) to pack the centres.
    init(centres: [Float], clusterCount: Int, dimension: Int, meanLengths: [Float]? = nil) {
        precondition(clusterCount > 0, "no clusters")
        self.clusterCount = clusterCount
        self.dimension = dimension
        if let meanLengths {
            precondition(meanLengths.count == clusterCount, "one mean length per centre is needed")
            var means = centres
            for c in 0 ..< clusterCount {
                for t in c * dimension ..< (c + 1) * dimension { means[t] *= meanLengths[c] }
            }
            packed = PackedMatrix(means, rows: clusterCount, depth: dimension)
            offsets = meanLengths.map { -$0 * $0 / 2 }
        } else {
            packed = PackedMatrix(centres, rows: clusterCount, depth: dimension)
            offsets = nil
        }
    }

    /// The nearest centre of each row of `values`.
    /// - Complexity: O(n × k × dimension), divided among the cores; O(chunkRows × k) memory
    ///   per thread.
    func nearest(_ values: [Float]) -> [ClusterAssignment] {
        let n = values.count / dimension
        let k = clusterCount
        var result = [ClusterAssignment](repeating: ClusterAssignment(cluster: 0, similarity: 0), count: n)
        let dimension = dimension, packed = packed, offsets = offsets
        result.withUnsafeMutableBufferPointer { buffer in
            let output = SharedOutput(buffer)
            forEachChunk(count: n, chunkSize: Self.chunkRows) { _, range in
                var similarities = [Float](repeating: 0, count: range.count * k)
                values.withUnsafeBufferPointer { rows in
                    similarities.withUnsafeMutableBufferPointer { s in
                        multiplyTransposed(
                            UnsafeBufferPointer(rebasing: rows[range.lowerBound * dimension ..< range.upperBound * dimension]),
                            rows: range.count, packed, into: s, parallel: false)
                        if let offsets {
                            for r in 0 ..< range.count {
                                for c in 0 ..< k { s[r * k + c] += offsets[c] }
                            }
                        }
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
