import Clustering
import Persistence
import TextFeatures

/// Where a run's unit vectors come from: lexical TF-IDF or semantic embeddings. The engine
/// sees only this protocol. A source is deterministic: the same keyword always gets the same
/// vector, which is what lets a checkpoint replay the batches after a snapshot.
public protocol VectorSource: Sendable {
    var kind: VectorKind { get }
    /// The vectors of `keywords`, in order.
    func vectors(for keywords: [KeywordRow]) throws -> VectorBatch
    /// The vectors of a pass over many keywords (refinement over all of a run's), in order:
    /// ``vectors(for:)`` unless the source holds them more compactly.
    func passVectors(for keywords: [KeywordRow]) throws -> PassVectors
    /// Makes `vectors(for: keywords)` cheap later, if computing them is costly (the encoder's
    /// vectors are computed and stored now); the vectors themselves do not change.
    func prepare(_ keywords: [KeywordRow]) throws
}

extension VectorSource {
    public func prepare(_ keywords: [KeywordRow]) throws {}

    public func passVectors(for keywords: [KeywordRow]) throws -> PassVectors {
        .batch(try vectors(for: keywords))
    }
}

/// Vectors for a pass over many keywords: all at hand, or dense rows expanded a chunk at a time.
public enum PassVectors: Sendable {
    case batch(VectorBatch)
    case rows(any DenseRows)
}

/// Sparse TF-IDF vectors in the project's fixed, stored space.
public struct LexicalVectorSource: VectorSource {
    public let vectorizer: LexicalVectorizer

    public init(vectorizer: LexicalVectorizer) {
        self.vectorizer = vectorizer
    }

    public var kind: VectorKind { .sparse }

    /// - Complexity: O(total length of the keywords), divided among the cores.
    public func vectors(for keywords: [KeywordRow]) throws -> VectorBatch {
        let texts = keywords.map(\.text)
        let vectorizer = vectorizer
        // One feature extractor (its buffers) per chunk, not per keyword.
        return .sparse(mapChunks(count: texts.count, chunkSize: 256) { range in
            vectorizer.vectors(for: texts[range])
        }.flatMap { $0 })
    }
}
