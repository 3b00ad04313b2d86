/// A complete binary tree of non-negative weights whose inner nodes hold the sums of their
/// children: weighted sampling and single-weight updates in O(log n).
///
/// Each inner node is recomputed from its two children on update (never adjusted by a
/// difference), so the sums carry no accumulated rounding drift and depend only on the
/// current weights.
struct SumTree: Sendable {
    private var nodes: [Double]
    private let leafBase: Int
    let count: Int

    /// - Complexity: O(n)
    init(_ weights: [Double]) {
        count = weights.count
        var base = 1
        while base < max(count, 1) { base <<= 1 }
        leafBase = base
        nodes = [Double](repeating: 0, count: 2 * base)
        for (i, w) in weights.enumerated() { nodes[base + i] = w }
        var node = base - 1
        while node >= 1 {
            nodes[node] = nodes[2 * node] + nodes[2 * node + 1]
            node -= 1
        }
    }

    /// The sum of all weights.
    var total: Double { nodes[1] }

    /// The weight of `index`.
    subscript(index: Int) -> Double { nodes[leafBase + index] }

    /// Sets the weight of `index`.
    /// - Complexity: O(log n)
    mutating func update(_ index: Int, to weight: Double) {
        var node = leafBase + index
        nodes[node] = weight
        node >>= 1
        while node >= 1 {
            nodes[node] = nodes[2 * node] + nodes[2 * node + 1]
            node >>= 1
        }
    }

    /// The index whose cumulative weight interval holds `target` (in `0 ..< total`), never one
    /// of weight zero while the total is positive.
    /// - Complexity: O(log n)
    func sample(_ target: Double) -> Int {
        var node = 1
        var rest = target
        while node < leafBase {
            let left = nodes[2 * node]
            if rest < left || nodes[2 * node + 1] <= 0 {
                node = 2 * node
            } else {
                rest -= left
                node = 2 * node + 1
            }
        }
        return min(node - leafBase, count - 1)
    }
}
