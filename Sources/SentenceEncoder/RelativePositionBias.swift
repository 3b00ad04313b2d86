import Foundation

/// MPNet's relative position bias: a learnt value per attention head and per bucket of the
/// distance between a query token and a key token, added to the attention scores of every
/// layer (the same table for all layers).
///
/// Buckets, as the MPNet paper and T5 define them: half the buckets are for keys before the
/// query, half for keys after it; within a half, distances below a quarter of the buckets get
/// a bucket each, longer ones share logarithmically wider buckets up to `maxDistance`, beyond
/// which all fall in the last.
struct RelativePositionBias: Sendable {
    /// `buckets × heads`, row-major, as stored (`encoder.relative_attention_bias.weight`).
    let table: [Float]
    let buckets: Int
    let heads: Int
    /// Distances from this on share the last bucket of their direction.
    static let maxDistance = 128

    init(table: [Float], buckets: Int, heads: Int) {
        precondition(table.count == buckets * heads, "relative attention bias shape")
        self.table = table
        self.buckets = buckets
        self.heads = heads
    }

    /// The bucket of a key `offset` tokens after the query (negative: before it).
    ///
    /// The logarithm is taken in single precision, as the reference computes it, so distances
    /// at the edge of a bucket (16, 32, 64) land where they land there.
    ///
    /// - Complexity: O(1).
    static func bucket(offset: Int, buckets: Int) -> Int {
        let half = buckets / 2
        let exact = half / 2
        // The reference measures n = query - key: keys after the query (n < 0) take the upper half.
        let distance = abs(offset)
        let base = offset > 0 ? half : 0
        guard distance >= exact else { return base + distance }
        let scaled = Float(log(Float(distance) / Float(exact))) / Float(log(Double(maxDistance) / Double(exact)))
            * Float(half - exact)
        return base + min(exact + Int(scaled), half - 1)
    }

    /// The bias of every head for every offset between two tokens of sequences of at most
    /// `longest` tokens: `heads` rows of `2 · longest - 1` values, the value for a key
    /// `offset` tokens after the query at `offset + longest - 1`. One table serves every
    /// sequence of a batch and every layer.
    ///
    /// - Complexity: O(heads × longest).
    func offsets(longest: Int) -> [Float] {
        let width = 2 * longest - 1
        var values = [Float](repeating: 0, count: heads * max(width, 0))
        for index in 0..<max(width, 0) {
            let bucket = Self.bucket(offset: index - (longest - 1), buckets: buckets)
            for head in 0..<heads { values[head * width + index] = table[bucket * heads + head] }
        }
        return values
    }
}
