/// One transformer layer's parameters, with the Linear weights prepared for the encoder's precision.
struct BertLayerWeights: Sendable {
    /// Query, key and value projections stacked into one `3H × H` matrix, so one product
    /// computes all three.
    let queryKeyValue: LinearLayer
    let attentionOutput: LinearLayer
    let attentionNormWeight: [Float]
    let attentionNormBias: [Float]
    let intermediate: LinearLayer
    let output: LinearLayer
    let outputNormWeight: [Float]
    let outputNormBias: [Float]
}

/// All parameters of a BERT or MPNet encoder (the pooler is not used by sentence-transformers).
struct BertWeights: Sendable {
    /// `vocabularySize × H`, row-major.
    let wordEmbeddings: [Float]
    /// `maxPositions × H`.
    let positionEmbeddings: [Float]
    /// BERT: the embedding of token type 0 (single-sentence inputs), `H` floats. MPNet has none.
    let tokenTypeEmbedding: [Float]?
    /// MPNet: the relative position bias shared by all layers; nil for BERT.
    let relativePositionBias: RelativePositionBias?
    let embeddingNormWeight: [Float]
    let embeddingNormBias: [Float]
    let layers: [BertLayerWeights]

    /// Reads every tensor the forward pass needs, checking shapes against the configuration, and
    /// prepares the Linear weights for `precision` (int8 or bf16 only on a CPU that has them).
    /// For int8, `inputMaxima` (``ChannelMaxima/values``) sets each layer's smoothing.
    /// Accepts both the bare names of sentence-transformers checkpoints (`embeddings...`,
    /// `encoder.layer.N...`) and the `bert.`- or `mpnet.`-prefixed names of `XForY` checkpoints.
    /// MPNet names its attention tensors `attention.attn.q` ... `attention.attn.o` and
    /// `attention.LayerNorm` where BERT has `attention.self.query` ... `attention.output.dense`
    /// and `attention.output.LayerNorm`; the rest is named alike.
    ///
    /// - Throws: ``SentenceEncoderError/invalidFile(_:reason:)`` naming the file and tensor.
    /// - Complexity: O(parameter count).
    init(reader: SafetensorsReader, configuration: BertConfiguration, precision: Precision, inputMaxima: [[Float]]? = nil) throws {
        let isMPNet = configuration.architecture == .mpnet
        let prefix = reader.tensors["embeddings.word_embeddings.weight"] == nil ? (isMPNet ? "mpnet." : "bert.") : ""
        let h = configuration.hiddenSize
        let inner = configuration.intermediateSize
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            try reader.floats(prefix + name, shape: shape)
        }
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [configuration.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [configuration.maxPositions, h])
        if isMPNet {
            tokenTypeEmbedding = nil
            let buckets = configuration.relativeAttentionBuckets
            relativePositionBias = RelativePositionBias(
                table: try tensor("encoder.relative_attention_bias.weight", [buckets, configuration.headCount]),
                buckets: buckets, heads: configuration.headCount)
        } else {
            tokenTypeEmbedding = Array(
                try tensor("embeddings.token_type_embeddings.weight", [configuration.typeVocabularySize, h]).prefix(h))
            relativePositionBias = nil
        }
        let names = isMPNet
            ? (query: "attention.attn.q", key: "attention.attn.k", value: "attention.attn.v",
               attentionOutput: "attention.attn.o", attentionNorm: "attention.LayerNorm")
            : (query: "attention.self.query", key: "attention.self.key", value: "attention.self.value",
               attentionOutput: "attention.output.dense", attentionNorm: "attention.output.LayerNorm")
        embeddingNormWeight = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [h])

        var layers: [BertLayerWeights] = []
        for index in 0..<configuration.layerCount {
            let layer = "encoder.layer.\(index)."
            func linear(_ name: String, _ position: Int, out: Int, in depth: Int) throws -> LinearLayer {
                let layerPrecision = Self.precision(of: position, requested: precision, architecture: configuration.architecture)
                return LinearLayer(
                    weight: try tensor(layer + name + ".weight", [out, depth]), bias: try tensor(layer + name + ".bias", [out]),
                    outputs: out, inputs: depth, precision: layerPrecision, inputMaxima: inputMaxima?[4 * index + position])
            }
            var stacked: [Float] = []
            var stackedBias: [Float] = []
            for part in [names.query, names.key, names.value] {
                stacked += try tensor(layer + part + ".weight", [h, h])
                stackedBias += try tensor(layer + part + ".bias", [h])
            }
            let attentionOutput = try linear(names.attentionOutput, 1, out: h, in: h)
            let intermediate = try linear("intermediate.dense", 2, out: inner, in: h)
            let output = try linear("output.dense", 3, out: h, in: inner)
            layers.append(BertLayerWeights(
                queryKeyValue: LinearLayer(weight: stacked, bias: stackedBias, outputs: 3 * h, inputs: h, precision: precision,
                                           inputMaxima: inputMaxima?[4 * index]),
                attentionOutput: attentionOutput,
                attentionNormWeight: try tensor(layer + names.attentionNorm + ".weight", [h]),
                attentionNormBias: try tensor(layer + names.attentionNorm + ".bias", [h]),
                intermediate: intermediate,
                output: output,
                outputNormWeight: try tensor(layer + "output.LayerNorm.weight", [h]),
                outputNormBias: try tensor(layer + "output.LayerNorm.bias", [h])))
        }
        self.layers = layers
    }

    /// The arithmetic of Linear layer `position` of a layer (0 query-key-value, 1 attention
    /// output, 2 feed-forward in, 3 feed-forward out) when the encoder runs at `requested`.
    ///
    /// - int8 (BERT only): the feed-forward output product in bf16: its inputs, GELU outputs,
    ///   are too heavy-tailed for int8 rows (all-int8 measured a worst cosine of 0.9972 to
    ///   sentence-transformers on the MiniLM reference texts; this, 0.99901).
    /// - bf16 on MPNet: the attention output product in fp32. All-bf16 measured a worst cosine
    ///   of 0.99824 on the mpnet reference texts (200 repeats of one word); this, 0.99969 (the
    ///   feed-forward output in fp32 instead gave 0.99992 at four times the fp32 work).
    static func precision(of position: Int, requested: Precision, architecture: BertConfiguration.Architecture) -> Precision {
        switch (requested, architecture, position) {
        case (.int8, _, 3): .bf16
        case (.bf16, .mpnet, 1): .fp32
        default: requested
        }
    }
}
