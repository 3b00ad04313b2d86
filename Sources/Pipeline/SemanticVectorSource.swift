import Clustering
import Foundation
import Persistence
import SentenceEncoder

/// Dense sentence embeddings from the native encoder. Every vector is stored per keyword the
/// first time it is computed and read from there afterwards, so resume, checkpoint replay and
/// rescrape never compute one twice.
///
/// With the int8 encoding (`RunParameters.vectorEncoding`) a vector is stored as a byte per
/// dimension, and the run clusters exactly what is stored: a fresh vector is compacted before
/// use, a float32 one (stored by a worker, or by an older run) is compacted when read, so a
/// keyword's vector is the same whether it was just computed or read back.
public struct SemanticVectorSource: VectorSource {
    public let encoder: SentenceEncoder
    public let store: Store
    /// The `keyword_vectors.model` key: the model's folder name, with the precision unless fp32
    /// (``SentenceEncoder/vectorKey``).
    public let modelName: String
    public let encoding: StoredVector.Encoding

    public init(encoder: SentenceEncoder, store: Store, encoding: StoredVector.Encoding = .float32) {
        self.encoder = encoder
        self.store = store
        self.encoding = encoding
        modelName = encoder.vectorKey
    }

    public var kind: VectorKind { .dense(dimension: encoder.dimension) }

    /// - Complexity: O(keywords) reads, plus one encoder pass over those never seen before.
    public func vectors(for keywords: [KeywordRow]) throws -> VectorBatch {
        let dimension = encoder.dimension
        var values: [Float] = []
        values.reserveCapacity(keywords.count * dimension)
        for vector in try storedVectors(for: keywords) { values += vector.floats }
        return .dense(values: values, dimension: dimension)
    }

    /// The int8 vectors are kept as bytes (a quarter of their floats) and expanded a chunk at a
    /// time: a million keywords' pass holds 384 MB instead of 1.5 GB.
    public func passVectors(for keywords: [KeywordRow]) throws -> PassVectors {
        guard encoding == .int8 else { return .batch(try vectors(for: keywords)) }
        var rows = CompactVectorRows(dimension: encoder.dimension)
        rows.reserveCapacity(keywords.count)
        for start in stride(from: 0, to: keywords.count, by: 10_000) {
            for vector in try storedVectors(for: Array(keywords[start ..< min(start + 10_000, keywords.count)])) {
                guard case .int8(let bytes) = vector else { preconditionFailure("int8 runs use int8 vectors") }
                rows.append(bytes)
            }
        }
        return .rows(rows)
    }

    /// Computes and stores the vectors of `keywords` not stored yet.
    public func prepare(_ keywords: [KeywordRow]) throws {
        _ = try storedVectors(for: keywords)
    }

    /// Each keyword's vector as the run uses it, in the run's encoding: read from the store, or
    /// computed (one encoder call for all those missing) and stored.
    func storedVectors(for keywords: [KeywordRow]) throws -> [StoredVector] {
        let stored = try store.storedVectors(keywordIDs: keywords.map(\.id), model: modelName)
        let missing = keywords.filter { stored[$0.id] == nil }
        var fresh: [Int64: StoredVector] = [:]
        if !missing.isEmpty {
            for (keyword, vector) in zip(missing, encoder.encode(missing.map(\.text))) {
                fresh[keyword.id] = .encoded(vector, as: encoding)
            }
            try store.saveVectors(fresh, model: modelName)
        }
        let dimension = encoder.dimension
        return try keywords.map { keyword in
            guard var vector = fresh[keyword.id] ?? stored[keyword.id], vector.dimension == dimension else {
                throw PipelineError.failed("the stored vector of keyword \(keyword.id) does not have \(dimension) dimensions")
            }
            if encoding == .int8, case .float32(let floats) = vector { vector = .compact(floats) }
            return vector
        }
    }
}

/// Int8 unit vectors, a byte per dimension, expanded to floats (``StoredVector/decode(_:into:)``)
/// a range of rows at a time.
public struct CompactVectorRows: DenseRows {
    public let dimension: Int
    private var bytes: [Int8] = []

    public init(dimension: Int) {
        self.dimension = dimension
    }

    public var count: Int { bytes.count / dimension }

    mutating func reserveCapacity(_ rows: Int) { bytes.reserveCapacity(rows * dimension) }

    mutating func append(_ row: [Int8]) {
        precondition(row.count == dimension, "a row of \(row.count) bytes in rows of \(dimension)")
        bytes += row
    }

    /// - Complexity: O(range.count × dimension), on all cores for large ranges.
    public func floats(_ range: Range<Int>) -> [Float] {
        let d = dimension
        guard !range.isEmpty else { return [] }
        var result = [Float](repeating: 0, count: range.count * d)
        result.withUnsafeMutableBufferPointer { output in
            bytes.withUnsafeBufferPointer { source in
                let buffers = Buffers(source: source.baseAddress!, output: output.baseAddress!)
                let pieces = (range.count + 1023) / 1024
                DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                    for row in piece * 1024 ..< min((piece + 1) * 1024, range.count) {
                        let point = range.lowerBound + row
                        StoredVector.decode(UnsafeBufferPointer(start: buffers.source + point * d, count: d),
                                            into: UnsafeMutableBufferPointer(start: buffers.output + row * d, count: d))
                    }
                }
            }
        }
        return result
    }

    /// The bytes read and the floats written from several threads (each writes rows of its own).
    private struct Buffers: @unchecked Sendable {
        let source: UnsafePointer<Int8>
        let output: UnsafeMutablePointer<Float>
    }
}
