import VectorMath

/// The BERT encoder forward pass with mean pooling, over a ragged batch of token sequences.
///
/// All tokens of all sequences of a batch are stacked as the rows of one matrix, so every
/// Linear layer is a single large SGEMM (``multiplyTransposed(_:rows:_:bias:into:parallel:)``)
/// and no row is padding; only attention looks at sequence boundaries.
struct BertModel: Sendable {
    let configuration: BertConfiguration
    let weights: BertWeights

    /// The mean over its tokens of each sequence's last hidden states (not normalised).
    ///
    /// - Parameters:
    ///   - sequences: token ids, each sequence at most `maxPositions` long and non-empty.
    ///   - parallel: whether the products may use several threads (false when the caller
    ///     already runs one batch per core).
    /// - Returns: one `hiddenSize` vector per sequence, in order.
    /// - Complexity: O(T × layers × H × (H + I)) for T tokens in all, plus
    ///   O(Σ length² × H) for attention.
    func pooledHiddenStates(_ sequences: [[Int32]], parallel: Bool) -> [[Float]] {
        let h = configuration.hiddenSize
        let inner = configuration.intermediateSize
        let tokenCount = sequences.reduce(0) { $0 + $1.count }
        guard tokenCount > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        let longest = sequences.map(\.count).max() ?? 0

        // Scratch matrices, one row per token.
        let hidden = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokenCount * h)
        let queryKeyValue = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokenCount * 3 * h)
        let context = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokenCount * h)
        let projected = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokenCount * h)
        let intermediate = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokenCount * inner)
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(longest, 1))
        defer {
            for buffer in [hidden, queryKeyValue, context, projected, intermediate] { buffer.deallocate() }
            scores.deallocate()
        }
        guard let qkvBase = queryKeyValue.baseAddress, let contextBase = context.baseAddress,
              let intermediateBase = intermediate.baseAddress
        else { return [] }

        embed(sequences, into: hidden)
        for layer in weights.layers {
            // Attention block: x = LayerNorm(x + Wo · attention(Wqkv · x)).
            linear(hidden, layer.queryKeyValue, layer.queryKeyValueBias, rows: tokenCount,
                   into: queryKeyValue, parallel: parallel)
            var start = 0
            for sequence in sequences {
                SelfAttention.apply(
                    queryKeyValue: qkvBase, context: contextBase, start: start, length: sequence.count,
                    hidden: h, heads: configuration.headCount, scores: scores)
                start += sequence.count
            }
            linear(context, layer.attentionOutput, layer.attentionOutputBias, rows: tokenCount,
                   into: projected, parallel: parallel)
            normalize(hidden, adding: projected, weight: layer.attentionNormWeight, bias: layer.attentionNormBias)

            // Feed-forward block: x = LayerNorm(x + W2 · gelu(W1 · x)).
            linear(hidden, layer.intermediate, layer.intermediateBias, rows: tokenCount,
                   into: intermediate, parallel: parallel)
            TransformerKernels.gelu(intermediateBase, count: tokenCount * inner)
            linear(intermediate, layer.output, layer.outputBias, rows: tokenCount,
                   into: projected, parallel: parallel)
            normalize(hidden, adding: projected, weight: layer.outputNormWeight, bias: layer.outputNormBias)
        }
        return meanPool(hidden, sequences: sequences)
    }

    /// Word + position + token-type-0 embeddings, then LayerNorm, for every token.
    ///
    /// - Complexity: O(T × H).
    private func embed(_ sequences: [[Int32]], into hidden: UnsafeMutableBufferPointer<Float>) {
        let h = configuration.hiddenSize
        let vocabularySize = configuration.vocabularySize
        var row = 0
        for sequence in sequences {
            for (position, id) in sequence.enumerated() {
                let word = (0..<vocabularySize).contains(Int(id)) ? Int(id) : 0
                for c in 0..<h {
                    hidden[row * h + c] = weights.wordEmbeddings[word * h + c]
                        + weights.positionEmbeddings[position * h + c] + weights.tokenTypeEmbedding[c]
                }
                row += 1
            }
        }
        normalize(hidden, adding: nil, weight: weights.embeddingNormWeight, bias: weights.embeddingNormBias)
    }

    /// `output = input · Wᵀ + bias` for `rows` rows.
    private func linear(
        _ input: UnsafeMutableBufferPointer<Float>, _ weight: PackedMatrix, _ bias: [Float], rows: Int,
        into output: UnsafeMutableBufferPointer<Float>, parallel: Bool
    ) {
        bias.withUnsafeBufferPointer { bias in
            multiplyTransposed(UnsafeBufferPointer(input), rows: rows, weight, bias: bias, into: output, parallel: parallel)
        }
    }

    /// `values = LayerNorm(values + residual)` row by row.
    private func normalize(
        _ values: UnsafeMutableBufferPointer<Float>, adding residual: UnsafeMutableBufferPointer<Float>?,
        weight: [Float], bias: [Float]
    ) {
        let h = configuration.hiddenSize
        guard let base = values.baseAddress else { return }
        weight.withUnsafeBufferPointer { weight in
            bias.withUnsafeBufferPointer { bias in
                guard let weightBase = weight.baseAddress, let biasBase = bias.baseAddress else { return }
                TransformerKernels.layerNorm(
                    base, adding: residual.flatMap { $0.baseAddress }.map { UnsafePointer($0) }, rows: values.count / h, width: h,
                    weight: weightBase, bias: biasBase, epsilon: configuration.layerNormEpsilon)
            }
        }
    }

    /// The average of each sequence's rows.
    ///
    /// - Complexity: O(T × H).
    private func meanPool(_ hidden: UnsafeMutableBufferPointer<Float>, sequences: [[Int32]]) -> [[Float]] {
        let h = configuration.hiddenSize
        var start = 0
        return sequences.map { sequence in
            var mean = [Float](repeating: 0, count: h)
            for row in start..<start + sequence.count {
                for c in 0..<h { mean[c] += hidden[row * h + c] }
            }
            let scale = 1 / Float(max(sequence.count, 1))
            for c in 0..<h { mean[c] *= scale }
            start += sequence.count
            return mean
        }
    }
}
