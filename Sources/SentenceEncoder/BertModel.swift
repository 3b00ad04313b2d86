/// The BERT (or MPNet) encoder forward pass with mean pooling, over a ragged batch of token
/// sequences. MPNet differs only in its embeddings (positions from `paddingID + 1`, no token
/// types) and in the relative position bias added to every layer's attention scores.
///
/// All tokens of all sequences of a batch are stacked as the rows of one matrix, so every
/// Linear layer is a single large matrix product (``LinearLayer``, in the encoder's precision)
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
    ///   - timer: when profiling, where each operation's time is added.
    ///   - calibration: when calibrating, receives every Linear layer's inputs.
    /// - Returns: one `hiddenSize` vector per sequence, in order.
    /// - Complexity: O(T × layers × H × (H + I)) for T tokens in all, plus
    ///   O(Σ length² × H) for attention.
    func pooledHiddenStates(
        _ sequences: [[Int32]], parallel: Bool, timer: OperationTimer? = nil, calibration: ChannelMaxima? = nil
    ) -> [[Float]] {
        let h = configuration.hiddenSize
        let inner = configuration.intermediateSize
        let tokenCount = sequences.reduce(0) { $0 + $1.count }
        guard tokenCount > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        let longest = sequences.map(\.count).max() ?? 0

        // Scratch matrices, one row per token, and the reduced-precision copy of a product's input.
        let hidden = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokenCount * h)
        let queryKeyValue = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokenCount * 3 * h)
        let context = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokenCount * h)
        let projected = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokenCount * h)
        let intermediate = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokenCount * inner)
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(longest, 1))
        let scratchBytes = weights.layers.map { layer in
            [layer.queryKeyValue, layer.attentionOutput, layer.intermediate, layer.output]
                .map { $0.scratchBytes(rows: tokenCount) }.max() ?? 0
        }.max() ?? 0
        let scratch = scratchBytes > 0 ? UnsafeMutableRawPointer.allocate(byteCount: scratchBytes, alignment: 64) : nil
        defer {
            for buffer in [hidden, queryKeyValue, context, projected, intermediate] { buffer.deallocate() }
            scores.deallocate()
            scratch?.deallocate()
        }
        guard let hiddenBase = hidden.baseAddress, let qkvBase = queryKeyValue.baseAddress,
              let contextBase = context.baseAddress, let projectedBase = projected.baseAddress,
              let intermediateBase = intermediate.baseAddress
        else { return [] }

        timer.measure(.embed) { embed(sequences, into: hidden) }
        // MPNet's relative position bias depends only on the offset between two tokens: one
        // table for the batch's longest sequence serves every sequence and every layer.
        let positionBias = weights.relativePositionBias?.offsets(longest: longest) ?? []
        for (index, layer) in weights.layers.enumerated() {
            // Attention block: x = LayerNorm(x + Wo · attention(Wqkv · x)).
            calibration?.record(4 * index, hiddenBase, rows: tokenCount)
            layer.queryKeyValue.apply(hiddenBase, rows: tokenCount, into: qkvBase, gelu: false, scratch: scratch,
                                      parallel: parallel, timer: timer, operation: .queryKeyValue)
            timer.measure(.attention) {
                positionBias.withUnsafeBufferPointer { bias in
                    var start = 0
                    for sequence in sequences {
                        SelfAttention.apply(
                            queryKeyValue: qkvBase, context: contextBase, start: start, length: sequence.count,
                            hidden: h, heads: configuration.headCount, scores: scores,
                            positionBias: bias.isEmpty ? nil : bias.baseAddress, biasCenter: longest - 1)
                        start += sequence.count
                    }
                }
            }
            calibration?.record(4 * index + 1, contextBase, rows: tokenCount)
            layer.attentionOutput.apply(contextBase, rows: tokenCount, into: projectedBase, gelu: false, scratch: scratch,
                                        parallel: parallel, timer: timer, operation: .attentionOutput)
            timer.measure(.layerNorm) {
                normalize(hidden, adding: projected, weight: layer.attentionNormWeight, bias: layer.attentionNormBias)
            }

            // Feed-forward block: x = LayerNorm(x + W2 · gelu(W1 · x)).
            calibration?.record(4 * index + 2, hiddenBase, rows: tokenCount)
            layer.intermediate.apply(hiddenBase, rows: tokenCount, into: intermediateBase, gelu: true, scratch: scratch,
                                     parallel: parallel, timer: timer, operation: .feedForwardIn)
            calibration?.record(4 * index + 3, intermediateBase, rows: tokenCount)
            layer.output.apply(intermediateBase, rows: tokenCount, into: projectedBase, gelu: false, scratch: scratch,
                               parallel: parallel, timer: timer, operation: .feedForwardOut)
            timer.measure(.layerNorm) {
                normalize(hidden, adding: projected, weight: layer.outputNormWeight, bias: layer.outputNormBias)
            }
        }
        return timer.measure(.pool) { meanPool(hidden, sequences: sequences) }
    }

    /// Word + position (+ token-type-0 for BERT) embeddings, then LayerNorm, for every token.
    ///
    /// - Complexity: O(T × H).
    private func embed(_ sequences: [[Int32]], into hidden: UnsafeMutableBufferPointer<Float>) {
        let h = configuration.hiddenSize
        let vocabularySize = configuration.vocabularySize
        var row = 0
        for sequence in sequences {
            let positions = Self.positionIDs(sequence, configuration: configuration)
            for (index, id) in sequence.enumerated() {
                let word = (0..<vocabularySize).contains(Int(id)) ? Int(id) : 0
                let position = positions[index]
                for c in 0..<h {
                    hidden[row * h + c] = weights.wordEmbeddings[word * h + c] + weights.positionEmbeddings[position * h + c]
                }
                if let tokenType = weights.tokenTypeEmbedding {
                    for c in 0..<h { hidden[row * h + c] += tokenType[c] }
                }
                row += 1
            }
        }
        normalize(hidden, adding: nil, weight: weights.embeddingNormWeight, bias: weights.embeddingNormBias)
    }

    /// The row of the position embeddings each token of `sequence` takes. BERT: 0, 1, 2, ...
    /// MPNet (as fairseq and Hugging Face number them from the ids): the padding id's row for a
    /// padding token, else `paddingID + 1` plus the number of non-padding tokens before it, so
    /// an unpadded sequence runs `paddingID + 1`, `paddingID + 2`, ...
    ///
    /// - Complexity: O(length).
    static func positionIDs(_ sequence: [Int32], configuration: BertConfiguration) -> [Int] {
        guard configuration.architecture == .mpnet else { return Array(sequence.indices) }
        let padding = configuration.paddingID
        var counted = 0
        return sequence.map { id in
            guard Int(id) != padding else { return padding }
            counted += 1
            return padding + counted
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
