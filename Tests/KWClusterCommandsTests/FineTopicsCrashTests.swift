import FaultPoints
import Foundation
import Lab
import Pipeline
import TestSupport
import Testing

/// The semantic run kind's crash walk: a semantic create with fine clusters (topics merged by Ward
/// after every batch, merged and polished at the end) killed (SIGKILL) at each kind of commit
/// boundary, then resumed, exports exactly what a run never interrupted exports. Which counts
/// stand for the rest is said in ``CrashPointTests``, which walks the same boundaries of a lexical
/// run; every kill here costs two semantic processes (the killed one and the resume, each loading
/// the model), so this walk keeps the states only a semantic run has: batch 2 rolled back (batch
/// 1's vectors and fine clusters stored, batch 2's encoded again on resume), every batch committed
/// with the final merge and polish still to come, and the refinement committed. (Title rounds are
/// the same code as a lexical run's; the random-instant kills of semantic runs are
/// scripts/kill-campaign.sh's.)
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
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 150, topics: 8, seed: 5))
            .write(toFile: file, atomically: true, encoding: .utf8)
    }

    func create(_ db: String) -> [String] {
        ["create", "--domain=example.com", "--keywords=\(file)", "--db=\(db)", "--batch-size=50", "--clusters=8",
         "--vectors=semantic", "--model=\(Self.model)", "--precision=fp32", "--fine-factor=3", "--offline", "--quiet"]
    }

    @Test func aFineTopicsCreateKilledAtEachKindOfBoundaryResumesToTheSameExports() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        guard FileManager.default.fileExists(atPath: Self.model + "/config.json") else {
            Issue.record("no model in \(Self.model): run scripts/fetch-model.sh")
            return
        }
        // Given the exports of a create never interrupted, in three batches or more
        let reference = folder.appendingPathComponent("reference.sqlite").path
        let created = try await CrashWalk.run(create(reference))
        #expect(created.status == 0, "\(created.stderr)")
        let expected = try await CrashWalk.exports(project: Self.slug, db: reference)
        let batches = try await CrashWalk.lastRunBatches(project: Self.slug, db: reference)
        #expect(batches >= 3)
        // When a create is killed inside batch 2's transaction, after its last batch's commit and
        // after the refinement, then resumed
        // Then the exports are byte-identical to the uninterrupted run's (in the walk)
        try await CrashWalk.walk([CrashWalk.point(.batchBeforeCommit, 2), CrashWalk.point(.batchCommitted, batches),
                                  CrashWalk.point(.refinementCommitted, 1)],
                                 project: Self.slug, database: { folder.appendingPathComponent("\($0).sqlite").path },
                                 command: create, expected: expected)
    }
}
