import VectorMath

/// One transformer layer's parameters, with the Linear weights packed for the SGEMM kernel.
struct BertLayerWeights: Sendable {
    /// Query, key and value projections stacked into one `3H × H` matrix, so one product
    /// computes all three.
    let queryKeyValue: PackedMatrix
    let queryKeyValueBias: [Float]
    let attentionOutput: PackedMatrix
    let attentionOutputBias: [Float]
    let attentionNormWeight: [Float]
    let attentionNormBias: [Float]
    let intermediate: PackedMatrix
    let intermediateBias: [Float]
    let output: PackedMatrix
    let outputBias: [Float]
    let outputNormWeight: [Float]
    let outputNormBias: [Float]
}

/// All parameters of a BERT encoder (the pooler is not used by sentence-transformers).
struct BertWeights: Sendable {
    /// `vocabularySize × H`, row-major.
    let wordEmbeddings: [Float]
    /// `maxPositions × H`.
    let positionEmbeddings: [Float]
    /// The embedding of token type 0 (single-sentence inputs), `H` floats.
    let tokenTypeEmbedding: [Float]
    let embeddingNormWeight: [Float]
    let embeddingNormBias: [Float]
    let layers: [BertLayerWeights]

    /// Reads every tensor the forward pass needs, checking shapes against the configuration.
    /// Accepts both the bare names of sentence-transformers checkpoints (`embeddings...`,
    /// `encoder.layer.N...`) and the `bert.`-prefixed names of `BertForX` checkpoints.
    ///
    /// - Throws: ``SentenceEncoderError/invalidFile(_:reason:)`` naming the file and tensor.
    /// - Complexity: O(parameter count).
    init(reader: SafetensorsReader, configuration: BertConfiguration) throws {
        let prefix = reader.tensors["embeddings.word_embeddings.weight"] == nil ? "bert." : ""
        let h = configuration.hiddenSize
        let inner = configuration.intermediateSize
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            try reader.floats(prefix + name, shape: shape)
        }
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [configuration.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [configuration.maxPositions, h])
        tokenTypeEmbedding = Array(
            try tensor("embeddings.token_type_embeddings.weight", [configuration.typeVocabularySize, h]).prefix(h))
        embeddingNormWeight = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [h])

        var layers: [BertLayerWeights] = []
        for index in 0..<configuration.layerCount {
            let layer = "encoder.layer.\(index)."
            func linear(_ name: String, out: Int, in depth: Int) throws -> (PackedMatrix, [Float]) {
                let weight = try tensor(layer + name + ".weight", [out, depth])
                let bias = try tensor(layer + name + ".bias", [out])
                return (PackedMatrix(weight, rows: out, depth: depth), bias)
            }
            var stacked: [Float] = []
            var stackedBias: [Float] = []
            for part in ["query", "key", "value"] {
                stacked += try tensor(layer + "attention.self.\(part).weight", [h, h])
                stackedBias += try tensor(layer + "attention.self.\(part).bias", [h])
            }
            let attentionOutput = try linear("attention.output.dense", out: h, in: h)
            let intermediate = try linear("intermediate.dense", out: inner, in: h)
            let output = try linear("output.dense", out: h, in: inner)
            layers.append(BertLayerWeights(
                queryKeyValue: PackedMatrix(stacked, rows: 3 * h, depth: h),
                queryKeyValueBias: stackedBias,
                attentionOutput: attentionOutput.0,
                attentionOutputBias: attentionOutput.1,
                attentionNormWeight: try tensor(layer + "attention.output.LayerNorm.weight", [h]),
                attentionNormBias: try tensor(layer + "attention.output.LayerNorm.bias", [h]),
                intermediate: intermediate.0,
                intermediateBias: intermediate.1,
                output: output.0,
                outputBias: output.1,
                outputNormWeight: try tensor(layer + "output.LayerNorm.weight", [h]),
                outputNormBias: try tensor(layer + "output.LayerNorm.bias", [h])))
        }
        self.layers = layers
    }
}
