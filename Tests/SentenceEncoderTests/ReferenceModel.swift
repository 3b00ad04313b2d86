import Foundation
import SentenceEncoder
import Testing

/// The model and the sentence-transformers reference shared by the tests that need them.
enum ReferenceModel {
    /// The package root, found from this file's path (Tests/SentenceEncoderTests/...).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `KWCLUSTER_MODEL` when set, else `models/all-MiniLM-L6-v2` under the package root.
    static let directory: URL = {
        if let variable = ProcessInfo.processInfo.environment["KWCLUSTER_MODEL"], !variable.isEmpty {
            return URL(fileURLWithPath: variable, isDirectory: true)
        }
        return packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2", isDirectory: true)
    }()

    /// The loaded encoder, or why it could not be loaded.
    static let encoder: Result<SentenceEncoder, any Error> = Result {
        guard ModelLocator.holdsModel(directory) else {
            throw SetupError(message:
                "no model in \(directory.path): run scripts/fetch-model.sh (or set KWCLUSTER_MODEL)")
        }
        return try SentenceEncoder(modelDirectory: directory)
    }

    /// Encoders at the reduced precisions this CPU runs, loaded once each.
    nonisolated(unsafe) private static var reduced: [Precision: Result<SentenceEncoder, any Error>] = [:]
    private static let reducedLock = NSLock()

    /// The encoder at `precision` (``Precision/fp32`` is ``encoder``), or nil after recording an
    /// issue (so the test fails, never skips).
    static func encoder(_ precision: Precision, sourceLocation: SourceLocation = #_sourceLocation) -> SentenceEncoder? {
        let result: Result<SentenceEncoder, any Error>
        if precision == .fp32 {
            result = encoder
        } else {
            result = reducedLock.withLock {
                if let loaded = reduced[precision] { return loaded }
                let loaded = Result { try SentenceEncoder(modelDirectory: directory, precision: precision) }
                reduced[precision] = loaded
                return loaded
            }
        }
        do { return try result.get() } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The precisions this CPU can run (fp32 always).
    static let runnablePrecisions: [Precision] = [.fp32, .int8, .bf16].filter { (try? $0.resolved()) != nil }

    /// One line of the reference: a text, its token ids and its embedding by sentence-transformers.
    struct Row: Decodable, Sendable {
        let text: String
        let inputIDs: [Int32]
        let embedding: [Float]

        enum CodingKeys: String, CodingKey {
            case text
            case inputIDs = "input_ids"
            case embedding
        }
    }

    /// The reference rows, written by scripts/make_reference_embeddings.py into Fixtures/ beside
    /// this file: every 12th keyword of the bundled sample and hand-written edge cases.
    static let rows: Result<[Row], any Error> = Result {
        guard let url = Bundle.module.url(
            forResource: "all-MiniLM-L6-v2-reference", withExtension: "jsonl", subdirectory: "Fixtures"
        ) else {
            throw SetupError(message: "the test bundle holds no Fixtures/all-MiniLM-L6-v2-reference.jsonl")
        }
        let contents = try String(contentsOf: url, encoding: .utf8)
        return try contents.split(separator: "\n").map { line in
            try JSONDecoder().decode(Row.self, from: Data(line.utf8))
        }
    }

    struct SetupError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The encoder and the rows, or nil after recording an issue (so the test fails, never skips).
    static func load(sourceLocation: SourceLocation = #_sourceLocation) -> (SentenceEncoder, [Row])? {
        do {
            return (try encoder.get(), try rows.get())
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}
