import Foundation
import Persistence
import Pipeline
import SentenceEncoder

/// The embedding stage of a semantic run cut into chunks any worker can take: the run's
/// keywords that have no stored vector yet for its model. A worker encodes a chunk and stores
/// its vectors; the run then reads them instead of computing them (and computes any still
/// missing itself when it gets there first).
///
/// Exactness: a keyword's vector does not depend on the keywords sharing its encoder call
/// (`BatchCompositionTests`), so chunks of any composition store the bits a single process
/// stores; and with one `INSERT` per vector, a chunk and the run racing on a keyword write
/// the same bytes.
public enum EmbeddingChunks {
    /// Keywords per chunk: about a second of work on one machine (release build).
    public static let defaultChunkSize = 512

    public struct Payload: Sendable, Hashable, Codable {
        /// The `keyword_vectors.model` key (the model folder's name, with the precision when it
        /// is not fp32: `SentenceEncoder.vectorKey`).
        public var model: String
        /// Where the model lies on the workers' machines.
        public var modelDirectory: String
        public var keywordIDs: [Int64]
        /// The run's encoder arithmetic; nil (items queued before precisions existed) is fp32.
        public var precision: Precision?
        /// How the run stores its vectors; nil (items queued before int8 storage) is float32.
        public var encoding: StoredVector.Encoding?
    }

    /// The chunks of a semantic run's keywords still missing a vector, as work items. The
    /// chunks follow the run's processing order backwards: the run encodes its batches from the
    /// first, the chunk workers from the last, and they meet with little work done twice.
    /// A lexical run (or a run whose vectors are all stored) gets none.
    ///
    /// - Complexity: O(keywords of the run).
    public static func plan(project: Project, runID: Int64, store: Store,
                            chunkSize: Int = defaultChunkSize) throws -> [NewWorkItem] {
        guard let run = try store.run(id: runID) else { throw PipelineError.failed("run \(runID) does not exist") }
        let parameters = try RunParameters.decode(run.parameters)
        guard parameters.vectors == .semantic, let directory = parameters.modelDirectory else { return [] }
        let precision = parameters.encoderPrecision ?? .fp32
        let model = SentenceEncoder.vectorKey(modelDirectory: URL(fileURLWithPath: directory, isDirectory: true), precision: precision)
        let order = BatchPlan.order(try store.plannedKeywords(projectID: project.id, runID: runID), parameters: parameters)
        let stored = try store.storedVectors(keywordIDs: order, model: model)
        let missing = order.reversed().filter { stored[$0] == nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try stride(from: 0, to: missing.count, by: max(1, chunkSize)).map { start in
            let ids = Array(missing[start..<min(missing.count, start + chunkSize)])
            let payload = Payload(model: model, modelDirectory: directory, keywordIDs: ids, precision: precision,
                                  encoding: parameters.vectorEncoding)
            return NewWorkItem(kind: .embedding, project: project.slug, runID: runID,
                               payload: String(decoding: try encoder.encode(payload), as: UTF8.self))
        }
    }

    static func payload(of item: WorkItem) throws -> Payload {
        do { return try JSONDecoder().decode(Payload.self, from: Data(item.payload.utf8)) } catch {
            throw WorkQueueError.badPayload(itemID: item.id, detail: "\(error)")
        }
    }
}

/// Encodes an embedding chunk and stores its vectors (those another worker or the run stored
/// meanwhile are skipped).
public struct EmbeddingChunkHandler: WorkHandler {
    public let store: Store
    let encoders = EncoderCache()

    public init(store: Store) {
        self.store = store
    }

    public func perform(_ item: WorkItem) async throws {
        let payload = try EmbeddingChunks.payload(of: item)
        let encoder = try encoders.encoder(directory: payload.modelDirectory, precision: payload.precision ?? .fp32)
        guard encoder.vectorKey == payload.model else {
            throw PipelineError.failed("the model folder \(payload.modelDirectory) is not model \(payload.model)")
        }
        let store = store
        try await offCooperativePool {
            let stored = try store.storedVectors(keywordIDs: payload.keywordIDs, model: payload.model)
            let keywords = try store.keywords(ids: payload.keywordIDs.filter { stored[$0] == nil })
            guard !keywords.isEmpty else { return }
            let vectors = encoder.encode(keywords.map(\.text))
            var fresh: [Int64: StoredVector] = [:]
            for (keyword, vector) in zip(keywords, vectors) { fresh[keyword.id] = .encoded(vector, as: payload.encoding ?? .float32) }
            try store.saveVectors(fresh, model: payload.model)
        }
    }
}

/// One loaded encoder per model folder and precision, for the life of the worker.
final class EncoderCache: @unchecked Sendable {
    private let lock = NSLock()
    private var encoders: [String: SentenceEncoder] = [:]

    func encoder(directory: String, precision: Precision) throws -> SentenceEncoder {
        lock.lock()
        defer { lock.unlock() }
        let key = "\(directory)@\(precision.rawValue)"
        if let encoder = encoders[key] { return encoder }
        let encoder: SentenceEncoder
        do {
            encoder = try SentenceEncoder(modelDirectory: URL(fileURLWithPath: directory, isDirectory: true), precision: precision)
        } catch {
            throw PipelineError.failed("cannot load the sentence-transformers model in \(directory) on this worker: \(error). "
                                       + "Every worker needs the model at that path (scripts/fetch-model.sh)")
        }
        encoders[key] = encoder
        return encoder
    }
}

/// Runs blocking, CPU-bound work on a Dispatch thread, so the worker's heartbeat keeps a
/// cooperative thread while it runs.
func offCooperativePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try body() })
        }
    }
}
