import Foundation

/// The hyper-parameters of a BERT encoder, read from the model's `config.json`
/// (the Hugging Face `BertConfig` field names).
public struct BertConfiguration: Sendable, Equatable, Decodable {
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var typeVocabularySize: Int
    public var layerNormEpsilon: Float
    public var hiddenActivation: String

    enum CodingKeys: String, CodingKey {
        case vocabularySize = "vocab_size"
        case hiddenSize = "hidden_size"
        case layerCount = "num_hidden_layers"
        case headCount = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case maxPositions = "max_position_embeddings"
        case typeVocabularySize = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps"
        case hiddenActivation = "hidden_act"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vocabularySize = try container.decode(Int.self, forKey: .vocabularySize)
        hiddenSize = try container.decode(Int.self, forKey: .hiddenSize)
        layerCount = try container.decode(Int.self, forKey: .layerCount)
        headCount = try container.decode(Int.self, forKey: .headCount)
        intermediateSize = try container.decode(Int.self, forKey: .intermediateSize)
        maxPositions = try container.decode(Int.self, forKey: .maxPositions)
        typeVocabularySize = try container.decodeIfPresent(Int.self, forKey: .typeVocabularySize) ?? 2
        layerNormEpsilon = try container.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-12
        hiddenActivation = try container.decodeIfPresent(String.self, forKey: .hiddenActivation) ?? "gelu"
    }

    /// The width of one attention head.
    public var headSize: Int { hiddenSize / headCount }

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
            throw SentenceEncoderError.invalidFile(url, reason: "not a BERT config.json (\(error))")
        }
        guard configuration.hiddenSize > 0, configuration.headCount > 0,
              configuration.hiddenSize % configuration.headCount == 0,
              configuration.headSize % 8 == 0,
              configuration.layerCount > 0, configuration.intermediateSize > 0,
              configuration.maxPositions > 0, configuration.vocabularySize > 0
        else {
            throw SentenceEncoderError.invalidFile(
                url, reason: "unsupported sizes: hidden \(configuration.hiddenSize), heads \(configuration.headCount)")
        }
        guard ["gelu", "gelu_python"].contains(configuration.hiddenActivation) else {
            throw SentenceEncoderError.invalidFile(
                url, reason: "unsupported hidden_act \(configuration.hiddenActivation) (only exact gelu)")
        }
        return configuration
    }
}
