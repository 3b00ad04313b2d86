import Foundation

/// Multi-head scaled dot-product self-attention over one sequence.
///
/// Sequences are never padded: a batch is a ragged concatenation of sequences, and attention
/// runs on each sequence's own tokens. That equals BERT with padding and an attention mask,
/// where masked keys get a probability of exactly zero.
enum SelfAttention {
    /// Writes `softmax(Q Kᵀ / √d + B) V` for every head of the tokens `start ..< start + length`,
    /// where `B` is MPNet's relative position bias (none for BERT).
    ///
    /// - Parameters:
    ///   - queryKeyValue: rows of `3 · hidden` floats: queries, then keys, then values, each
    ///     `heads × headSize` wide.
    ///   - context: rows of `hidden` floats; receives the heads' outputs side by side.
    ///   - scores: scratch space for at least `length` floats.
    ///   - positionBias: per head, a row of `2 · biasCenter + 1` values: the bias for a key
    ///     `offset` tokens after the query at `biasCenter + offset`
    ///     (``RelativePositionBias/offsets(longest:)``); nil for none. `length ≤ biasCenter + 1`.
    /// - Complexity: O(heads × length² × headSize).
    static func apply(
        queryKeyValue: UnsafePointer<Float>, context: UnsafeMutablePointer<Float>,
        start: Int, length: Int, hidden: Int, heads: Int, scores: UnsafeMutablePointer<Float>,
        positionBias: UnsafePointer<Float>? = nil, biasCenter: Int = 0
    ) {
        precondition(positionBias == nil || length <= biasCenter + 1, "the position bias covers the sequence")
        let headSize = hidden / heads
        let rowStride = 3 * hidden
        let scale = 1 / Float(headSize).squareRoot()
        let base = queryKeyValue + start * rowStride
        for head in 0..<heads {
            let headOffset = head * headSize
            for i in 0..<length {
                let query = base + i * rowStride + headOffset
                var largest = -Float.infinity
                for j in 0..<length {
                    let key = base + j * rowStride + hidden + headOffset
                    var sum = SIMD8<Float>()
                    for c in stride(from: 0, to: headSize, by: 8) {
                        sum = sum.addingProduct(TransformerKernels.load(query + c), TransformerKernels.load(key + c))
                    }
                    var score = sum.sum() * scale
                    if let positionBias { score += positionBias[head * (2 * biasCenter + 1) + biasCenter + j - i] }
                    scores[j] = score
                    largest = max(largest, score)
                }
                var total: Float = 0
                for j in 0..<length {
                    let weight = Foundation.exp(scores[j] - largest)
                    scores[j] = weight
                    total += weight
                }
                let inverseTotal = 1 / total
                let output = context + (start + i) * hidden + headOffset
                for c in stride(from: 0, to: headSize, by: 8) {
                    var sum = SIMD8<Float>()
                    for j in 0..<length {
                        let value = base + j * rowStride + 2 * hidden + headOffset
                        sum = sum.addingProduct(SIMD8(repeating: scores[j] * inverseTotal), TransformerKernels.load(value + c))
                    }
                    TransformerKernels.store(sum, output + c)
                }
            }
        }
    }
}
