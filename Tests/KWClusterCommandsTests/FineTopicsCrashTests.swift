import FaultPoints
import Foundation
import Lab
import Pipeline
import TestSupport
import Testing

/// A semantic create with fine clusters (topics merged by Ward after every batch, merged and
/// polished at the end) killed (SIGKILL) at each batch boundary and at the refinement, then
/// resumed, exports exactly what a run never interrupted exports.
@Suite(.serialized) struct FineTopicsCrashTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let model = packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2").path
    static let slug = "example-com"
    let folder: URL
    let file: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-finecrash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        file = folder.appendingPathComponent("keywords.csv").path
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 200, topics: 8, seed: 5))
            .write(toFile: file, atomically: true, encoding: .utf8)
    }

    func create(_ db: String) -> [String] {
        ["create", "--domain=example.com", "--keywords=\(file)", "--db=\(db)", "--batch-size=50", "--clusters=8",
         "--vectors=semantic", "--model=\(Self.model)", "--precision=fp32", "--fine-factor=3", "--offline", "--quiet"]
    }

    func run(_ arguments: [String], crashAt point: String? = nil) async throws -> KWClusterCLI.Result {
        try await CrashWalk.run(arguments, crashAt: point)
    }

    func exports(_ db: String) async throws -> String {
        try await CrashWalk.exports(project: Self.slug, db: db)
    }

    @Test func aFineTopicsCreateKilledAtEachBatchResumesToTheSameExports() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        guard FileManager.default.fileExists(atPath: Self.model + "/config.json") else {
            Issue.record("no model in \(Self.model): run scripts/fetch-model.sh")
            return
        }
        // Given the exports of a create never interrupted
        let reference = folder.appendingPathComponent("reference.sqlite").path
        let created = try await run(create(reference))
        #expect(created.status == 0, "\(created.stderr)")
        let expected = try await exports(reference)
        // When a create is killed after each batch's commit, and at the refinement, then resumed
        var killed = 0
        for point in ["batch-committed:1", "batch-committed:2", "batch-committed:3", "batch-before-commit:2",
                      "refinement-committed:1"] {
            let db = folder.appendingPathComponent("\(point.replacingOccurrences(of: ":", with: "-")).sqlite").path
            let crashed = try await run(create(db), crashAt: point)
            #expect(crashed.signalled && crashed.status == SIGKILL, "\(point): \(crashed.stderr)")
            guard crashed.signalled else { continue }
            killed += 1
            let resumed = try await run(["resume", "--project=\(Self.slug)", "--db=\(db)", "--quiet"])
            #expect(resumed.status == 0 && !resumed.signalled, "resume after \(point): \(resumed.stderr)")
            // Then the exports are byte-identical to the uninterrupted run's
            #expect(try await exports(db) == expected, "killed at \(point), then resumed")
        }
        #expect(killed == 5)
    }
}
