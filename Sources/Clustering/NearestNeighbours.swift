import VectorMath

/// Each point's nearest other points by Euclidean distance, for the candidate pairs of
/// ``WardTree``.
enum NearestNeighbours {
    static let chunkRows = 128

    /// For each of `nodes`, the ids of its `count` nearest among `nodes` (ties: lower id),
    /// nearest first.
    /// - Parameters:
    ///   - means: every node's position, `dimension` values each, indexed by node id.
    /// - Complexity: O(m² · dimension) time for m nodes (SGEMM of row chunks against all
    ///   nodes, chunks on all cores); O(chunkRows · m) memory per thread.
    static func lists(of nodes: [Int32], means: [Double], dimension: Int, count: Int) -> [[Int32]] {
        let m = nodes.count
        guard count > 0, m > 1 else { return Array(repeating: [], count: m) }
        var points = [Float](repeating: 0, count: m * dimension)
        var norms = [Float](repeating: 0, count: m)
        for (row, node) in nodes.enumerated() {
            var squared: Float = 0
            for p in 0 ..< dimension {
                let value = Float(means[Int(node) * dimension + p])
                points[row * dimension + p] = value
                squared += value * value
            }
            norms[row] = squared
        }
        let packed = PackedMatrix(points, rows: m, depth: dimension)
        let rowsOfPoints = points, squaredNorms = norms
        let chunks = mapChunks(count: m, chunkSize: chunkRows) { range -> [[Int32]] in
            var products = [Float](repeating: 0, count: range.count * m)
            rowsOfPoints.withUnsafeBufferPointer { rows in
                products.withUnsafeMutableBufferPointer { output in
                    multiplyTransposed(UnsafeBufferPointer(rebasing: rows[range.lowerBound * dimension ..< range.upperBound * dimension]),
                                       rows: range.count, packed, into: output, parallel: false)
                }
            }
            return range.map { row in
                var nearest = BoundedNearest(capacity: count)
                let offset = (row - range.lowerBound) * m
                for other in 0 ..< m where other != row {
                    nearest.offer(distance: squaredNorms[row] + squaredNorms[other] - 2 * products[offset + other], index: Int32(other))
                }
                return nearest.sorted().map { nodes[Int($0)] }
            }
        }
        return chunks.flatMap { $0 }
    }
}

/// The `capacity` smallest of a stream of (distance, index) offers, ties to the lower index.
struct BoundedNearest {
    let capacity: Int
    /// Kept sorted ascending by (distance, index).
    private var kept: [(distance: Float, index: Int32)] = []

    init(capacity: Int) {
        self.capacity = capacity
        kept.reserveCapacity(capacity + 1)
    }

    /// - Complexity: O(1) for an offer beyond the kept ones, O(capacity) to insert.
    mutating func offer(distance: Float, index: Int32) {
        if kept.count == capacity, let worst = kept.last, (worst.distance, worst.index) <= (distance, index) { return }
        var position = kept.count
        while position > 0, (distance, index) < (kept[position - 1].distance, kept[position - 1].index) { position -= 1 }
        kept.insert((distance, index), at: position)
        if kept.count > capacity { kept.removeLast() }
    }

    func sorted() -> [Int32] { kept.map(\.index) }
}
