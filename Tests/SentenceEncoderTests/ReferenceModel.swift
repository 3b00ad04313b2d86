import Foundation
import SentenceEncoder
import Testing

/// A model folder and its sentence-transformers reference (Fixtures/NAME-reference.jsonl,
/// written by scripts/make_reference_embeddings.py), shared by the tests that need them.
final class ReferenceFixture: @unchecked Sendable {
    /// The package root, found from this file's path (Tests/SentenceEncoderTests/...).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// all-MiniLM-L6-v2: `KWCLUSTER_MODEL` when set, else `models/all-MiniLM-L6-v2` (CI fetches it).
    static let miniLM = ReferenceFixture(name: "all-MiniLM-L6-v2", directory: {
        if let variable = ProcessInfo.processInfo.environment["KWCLUSTER_MODEL"], !variable.isEmpty {
            return URL(fileURLWithPath: variable, isDirectory: true)
        }
        return packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2", isDirectory: true)
    }())

    /// all-mpnet-base-v2 in `models/all-mpnet-base-v2` (scripts/fetch-model.sh all-mpnet-base-v2).
    static let mpnet = ReferenceFixture(
        name: "all-mpnet-base-v2", directory: packageRoot.appendingPathComponent("models/all-mpnet-base-v2", isDirectory: true))

    let name: String
    let directory: URL

    init(name: String, directory: URL) {
        self.name = name
        self.directory = directory
    }

    /// Whether the model folder holds the model files.
    var isPresent: Bool { ModelLocator.holdsModel(directory) }

    /// Encoders by precision, loaded once each.
    private var encoders: [Precision: Result<SentenceEncoder, any Error>] = [:]
    private let lock = NSLock()
    private var loadedRows: Result<[ReferenceModel.Row], any Error>?

    /// The encoder at `precision`, or why it could not be loaded.
    func encoderResult(_ precision: Precision) -> Result<SentenceEncoder, any Error> {
        lock.withLock {
            if let loaded = encoders[precision] { return loaded }
            let directory = directory
            let loaded = Result<SentenceEncoder, any Error> {
                guard ModelLocator.holdsModel(directory) else {
                    throw ReferenceModel.SetupError(message:
                        "no model in \(directory.path): run scripts/fetch-model.sh (or set KWCLUSTER_MODEL)")
                }
                return try SentenceEncoder(modelDirectory: directory, precision: precision)
            }
            encoders[precision] = loaded
            return loaded
        }
    }

    /// The encoder at `precision`, or nil after recording an issue (so the test fails, never skips).
    func encoder(_ precision: Precision, sourceLocation: SourceLocation = #_sourceLocation) -> SentenceEncoder? {
        do { return try encoderResult(precision).get() } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The reference rows of Fixtures/NAME-reference.jsonl.
    func rows() -> Result<[ReferenceModel.Row], any Error> {
        lock.withLock {
            if let loadedRows { return loadedRows }
            let name = name
            let rows = Result<[ReferenceModel.Row], any Error> {
                guard let url = Bundle.module.url(forResource: "\(name)-reference", withExtension: "jsonl", subdirectory: "Fixtures") else {
                    throw ReferenceModel.SetupError(message: "the test bundle holds no Fixtures/\(name)-reference.jsonl")
                }
                let contents = try String(contentsOf: url, encoding: .utf8)
                return try contents.split(separator: "\n").map { line in
                    try JSONDecoder().decode(ReferenceModel.Row.self, from: Data(line.utf8))
                }
            }
            loadedRows = rows
            return rows
        }
    }

    /// The fp32 encoder and the rows, or nil after recording an issue (so the test fails, never skips).
    func load(sourceLocation: SourceLocation = #_sourceLocation) -> (SentenceEncoder, [ReferenceModel.Row])? {
        do {
            return (try encoderResult(.fp32).get(), try rows().get())
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

/// all-MiniLM-L6-v2 and its sentence-transformers reference, shared by the tests that need them.
enum ReferenceModel {
    static var packageRoot: URL { ReferenceFixture.packageRoot }

    /// `KWCLUSTER_MODEL` when set, else `models/all-MiniLM-L6-v2` under the package root.
    static var directory: URL { ReferenceFixture.miniLM.directory }

    /// The encoder at `precision`, or nil after recording an issue (so the test fails, never skips).
    static func encoder(_ precision: Precision, sourceLocation: SourceLocation = #_sourceLocation) -> SentenceEncoder? {
        ReferenceFixture.miniLM.encoder(precision, sourceLocation: sourceLocation)
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

    struct SetupError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The encoder and the rows, or nil after recording an issue (so the test fails, never skips).
    static func load(sourceLocation: SourceLocation = #_sourceLocation) -> (SentenceEncoder, [Row])? {
        ReferenceFixture.miniLM.load(sourceLocation: sourceLocation)
    }
}
