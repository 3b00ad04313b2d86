import Foundation

/// The hyper-parameters of a BERT-family encoder, read from the model's `config.json` (the
/// Hugging Face `BertConfig` / `MPNetConfig` field names).
public struct BertConfiguration: Sendable, Equatable, Decodable {
    /// The transformer variants this encoder runs (`model_type` in `config.json`).
    public enum Architecture: String, Sendable, Equatable, Decodable {
        /// BERT: absolute position embeddings from 0, token-type embeddings.
        case bert
        /// MPNet: absolute position embeddings from `paddingID + 1`, no token types, and a
        /// relative position bias added to every layer's attention scores.
        case mpnet
    }

    public var architecture: Architecture
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var typeVocabularySize: Int
    public var layerNormEpsilon: Float
    public var hiddenActivation: String
    /// MPNet: how many buckets the relative position bias has (`relative_attention_num_buckets`).
    public var relativeAttentionBuckets: Int
    /// The padding token's id (`pad_token_id`); MPNet's positions start after it.
    public var paddingID: Int

    enum CodingKeys: String, CodingKey {
        case architecture = "model_type"
        case vocabularySize = "vocab_size"
        case hiddenSize = "hidden_size"
        case layerCount = "num_hidden_layers"
        case headCount = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case maxPositions = "max_position_embeddings"
        case typeVocabularySize = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps"
        case hiddenActivation = "hidden_act"
        case relativeAttentionBuckets = "relative_attention_num_buckets"
        case paddingID = "pad_token_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        architecture = try container.decodeIfPresent(Architecture.self, forKey: .architecture) ?? .bert
        vocabularySize = try container.decode(Int.self, forKey: .vocabularySize)
        hiddenSize = try container.decode(Int.self, forKey: .hiddenSize)
        layerCount = try container.decode(Int.self, forKey: .layerCount)
        headCount = try container.decode(Int.self, forKey: .headCount)
        intermediateSize = try container.decode(Int.self, forKey: .intermediateSize)
        maxPositions = try container.decode(Int.self, forKey: .maxPositions)
        typeVocabularySize = try container.decodeIfPresent(Int.self, forKey: .typeVocabularySize) ?? 2
        layerNormEpsilon = try container.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-12
        hiddenActivation = try container.decodeIfPresent(String.self, forKey: .hiddenActivation) ?? "gelu"
        relativeAttentionBuckets = try container.decodeIfPresent(Int.self, forKey: .relativeAttentionBuckets) ?? 32
        paddingID = try container.decodeIfPresent(Int.self, forKey: .paddingID) ?? (architecture == .mpnet ? 1 : 0)
    }

    /// The width of one attention head.
    public var headSize: Int { hiddenSize / headCount }

    /// The longest token sequence the position embeddings cover: all of them for BERT; for
    /// MPNet, whose first position id is `paddingID + 1`, that many fewer.
    public var longestSequence: Int {
        architecture == .mpnet ? maxPositions - paddingID - 1 : maxPositions
    }

    /// Reads and checks `config.json`.
    ///
    /// - Throws: ``SentenceEncoderError`` naming the file when it is missing, is not valid JSON,
    ///   or describes a model this encoder cannot run.
    public static func load(from url: URL) throws -> BertConfiguration {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SentenceEncoderError.missingFile(url)
        }
        let configuration: BertConfiguration
        do {
            configuration = try JSONDecoder().decode(BertConfiguration.self, from: Data(contentsOf: url))
        } catch {
            throw SentenceEncoderError.invalidFile(
                url, reason: "not the config.json of a BERT or MPNet model (model_type bert or mpnet) (\(error))")
        }
        guard configuration.hiddenSize > 0, configuration.headCount > 0,
              configuration.hiddenSize % configuration.headCount == 0,
              configuration.headSize % 8 == 0,
              configuration.layerCount > 0, configuration.intermediateSize > 0,
              configuration.maxPositions > 0, configuration.vocabularySize > 0,
              configuration.relativeAttentionBuckets >= 4, configuration.relativeAttentionBuckets % 4 == 0,
              configuration.paddingID >= 0, configuration.longestSequence >= 2
        else {
            throw SentenceEncoderError.invalidFile(
                url, reason: "unsupported sizes: hidden \(configuration.hiddenSize), heads \(configuration.headCount), "
                    + "relative_attention_num_buckets \(configuration.relativeAttentionBuckets), "
                    + "max_position_embeddings \(configuration.maxPositions), pad_token_id \(configuration.paddingID)")
        }
        guard ["gelu", "gelu_python"].contains(configuration.hiddenActivation) else {
            throw SentenceEncoderError.invalidFile(
                url, reason: "unsupported hidden_act \(configuration.hiddenActivation) (only exact gelu)")
        }
        return configuration
    }
}
