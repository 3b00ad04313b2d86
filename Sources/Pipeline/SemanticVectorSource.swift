import Clustering
import Foundation
import Persistence
import SentenceEncoder

/// Dense sentence embeddings from the native encoder. Every vector is stored per keyword in
/// SQLite the first time it is computed and read from there afterwards, so resume, checkpoint
/// replay and rescrape never compute one twice.
public struct SemanticVectorSource: VectorSource {
    public let encoder: SentenceEncoder
    public let store: Store
    /// The `keyword_vectors.model` key: the model's folder name, with the precision unless fp32
    /// (``SentenceEncoder/vectorKey``).
    public let modelName: String

    public init(encoder: SentenceEncoder, store: Store) {
        self.encoder = encoder
        self.store = store
        modelName = encoder.vectorKey
    }

    public var kind: VectorKind { .dense(dimension: encoder.dimension) }

    /// - Complexity: O(keywords) reads, plus one encoder pass over those never seen before.
    public func vectors(for keywords: [KeywordRow]) throws -> VectorBatch {
        var known = try store.vectors(keywordIDs: keywords.map(\.id), model: modelName)
        let missing = keywords.filter { known[$0.id] == nil }
        if !missing.isEmpty {
            let computed = encoder.encode(missing.map(\.text))
            var fresh: [Int64: [Float]] = [:]
            for (keyword, vector) in zip(missing, computed) { fresh[keyword.id] = vector }
            try store.saveVectors(fresh, model: modelName)
            known.merge(fresh) { a, _ in a }
        }
        let dimension = encoder.dimension
        var values: [Float] = []
        values.reserveCapacity(keywords.count * dimension)
        for keyword in keywords {
            guard let vector = known[keyword.id], vector.count == dimension else {
                throw PipelineError.failed("the stored vector of keyword \(keyword.id) does not have \(dimension) dimensions")
            }
            values.append(contentsOf: vector)
        }
        return .dense(values: values, dimension: dimension)
    }
}
