import FaultPoints
import Foundation
import Lab
import Pipeline
import TestSupport
import Testing

/// The product's central promise, tested at every commit boundary instead of at random instants:
/// a run killed (SIGKILL, as `kill -9`) at a boundary, then resumed, exports exactly what a run
/// never interrupted exports. The points are `FaultPoint.Name`.
///
/// Every kind of boundary a run has is walked, but not every count of it: the counts of one kind
/// run the same code on the same kind of state. A batch's transaction is the same for every batch;
/// what differs is what is stored around it: before batch 1 no cluster exists, batch 2 is the first
/// to continue from stored clusters (as every later batch does), and after the last come the titles
/// and the refinement. So batch boundaries are walked at 1, 2 and the last batch (committed) and at
/// 1 and the last (before commit: the rolled-back first batch leaves nothing of the run's work, the
/// rolled-back last one everything else). Title rounds happen while batches run, as many as the
/// timing makes: the first round is walked (titles stored, more pending); later rounds store the
/// same transaction over more titles. (Until issue 27 this suite walked every count of every
/// point: 19 kills of the create and 8 of the rescrape, each point also run once past its last count.)
@Suite(.serialized) struct CrashPointTests {
    let folder: URL
    let firstFile: String
    let secondFile: String
    static let slug = "example-com"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-crashpoints-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let keywords = SyntheticKeywordSet.generate(count: 400, topics: 12, seed: 11)
        firstFile = folder.appendingPathComponent("first.csv").path
        secondFile = folder.appendingPathComponent("second.csv").path
        try SyntheticKeywordSet.csv(Array(keywords.prefix(300))).write(toFile: firstFile, atomically: true, encoding: .utf8)
        try SyntheticKeywordSet.csv(keywords).write(toFile: secondFile, atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func create(_ db: String) -> [String] {
        ["create", "--domain=example.com", "--keywords=\(firstFile)", "--db=\(db)", "--batch-size=50", "--clusters=12",
         "--vectors=lexical", "--quiet"]
    }

    func rescrape(_ db: String) -> [String] {
        ["rescrape", "--project=\(Self.slug)", "--keywords=\(secondFile)", "--db=\(db)", "--quiet"]
    }

    /// The batch boundaries worth a kill in a run of `batches` batches (see the suite's comment).
    static func batchPoints(_ batches: Int) -> [String] {
        let points = [CrashWalk.point(.batchBeforeCommit, 1), CrashWalk.point(.batchCommitted, 1), CrashWalk.point(.batchCommitted, 2),
                      CrashWalk.point(.batchBeforeCommit, batches), CrashWalk.point(.batchCommitted, batches)]
        var seen = Set<String>()
        return points.filter { seen.insert($0).inserted }
    }

    @Test func aCreateAndItsRescrapeKilledAtEachKindOfCommitBoundaryResumeToTheSameExports() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given the exports of a create never interrupted
        let reference = path("reference.sqlite")
        let created = try await CrashWalk.run(create(reference))
        #expect(created.status == 0, "\(created.stderr)")
        let expected = try await CrashWalk.exports(project: Self.slug, db: reference)
        // (whose keyword rows all carry a pillar: the walk compares pillars too)
        let keywordRows = expected.split(separator: "\n").prefix(301)
        #expect(keywordRows.first?.hasSuffix(",pillar_id,pillar_title") == true)
        #expect(keywordRows.dropFirst().allSatisfy { !$0.hasSuffix(",,") }, "every keyword has a pillar id and title")
        let batches = try await CrashWalk.lastRunBatches(project: Self.slug, db: reference)
        #expect(batches >= 6, "300 keywords in batches of 50 (the first may be smaller)")
        // When a create is killed at each kind of commit boundary in turn, then resumed
        // Then every export matches (in the walk)
        try await CrashWalk.walk([CrashWalk.point(.projectCreated, 1)] + Self.batchPoints(batches)
                                 + [CrashWalk.point(.titlesStored, 1), CrashWalk.point(.refinementCommitted, 1)],
                                 project: Self.slug, database: { path("create-\($0).sqlite") }, command: create, expected: expected)

        // Given the exports after a rescrape of that project never interrupted
        let base = path("base.sqlite")
        try FileManager.default.copyItem(atPath: reference, toPath: base)
        let rescraped = try await CrashWalk.run(rescrape(reference))
        #expect(rescraped.status == 0, "\(rescraped.stderr)")
        let expectedAfterRescrape = try await CrashWalk.exports(project: Self.slug, db: reference)
        let rescrapeBatches = try await CrashWalk.lastRunBatches(project: Self.slug, db: reference)
        #expect(rescrapeBatches >= 2, "the rescrape's batches")
        // When the rescrape, from a copy of the created project, is killed at each kind of boundary
        // it has (a rescrape refines nothing: no refinement), then resumed
        // Then every export matches
        try await CrashWalk.walk([CrashWalk.point(.rescrapeImported, 1), CrashWalk.point(.rescrapeStarted, 1)]
                                 + Self.batchPoints(rescrapeBatches) + [CrashWalk.point(.titlesStored, 1)],
                                 project: Self.slug, database: { path("rescrape-\($0).sqlite") },
                                 prepare: { try FileManager.default.copyItem(atPath: base, toPath: $0) },
                                 command: rescrape, expected: expectedAfterRescrape)
    }

    @Test func aCreateWithLLMTitlesKilledAtItsTitleRoundAndBatchesResumesToTheSameExports() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given a local model server whose titles collide often ("Guide to" the primary keyword's
        // first two words: which cluster gets the model's title and which a built-in one is decided
        // in job order), answering two requests at a time, and a create with its titles never interrupted
        let server = try LocalChatServer { _, body in
            (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map {
                "Guide to " + $0.split(separator: " ").prefix(2).joined(separator: " ")
            }))
        }
        defer { server.stop() }
        let command: (String) -> [String] = {
            create($0) + ["--titles=llm", "--llm-base-url=\(server.baseURL)", "--llm-model=test-model", "--llm-concurrency=2",
                          "--llm-clusters-per-request=3"]
        }
        let reference = path("llm-reference.sqlite")
        let created = try await CrashWalk.run(command(reference))
        #expect(created.status == 0, "\(created.stderr)")
        let expected = try await CrashWalk.exports(project: Self.slug, db: reference)
        #expect(expected.contains("Guide to "), "the model's titles are in the export")
        let asked = server.requestCount
        #expect(asked > 0)
        let batches = try await CrashWalk.lastRunBatches(project: Self.slug, db: reference)
        // When it is killed once its first titles are stored, after its first and last batches
        // and after the refinement, then resumed
        // Then every export matches, model titles and built-in ones alike
        try await CrashWalk.walk([CrashWalk.point(.titlesStored, 1), CrashWalk.point(.batchCommitted, 1),
                                  CrashWalk.point(.batchCommitted, batches), CrashWalk.point(.refinementCommitted, 1)],
                                 project: Self.slug, database: { path("llm-\($0).sqlite") }, command: command, expected: expected)
        #expect(server.requestCount > asked)
    }
}
