import FaultPoints
import Foundation
import Lab
import Pipeline
import TestSupport
import Testing

/// The product's central promise, tested at every commit boundary instead of at random instants:
/// a run killed (SIGKILL, as `kill -9`) at each point in turn, then resumed, exports exactly what
/// a run never interrupted exports. The points are `FaultPoint.Name`; each is walked from its
/// first count until the run no longer reaches it.
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

    func run(_ arguments: [String], crashAt point: String? = nil) async throws -> KWClusterCLI.Result {
        try await CrashWalk.run(arguments, crashAt: point)
    }

    /// Both exports, keyword and cluster level, and the integrity check's verdict.
    func exports(_ db: String) async throws -> String {
        try await CrashWalk.exports(project: Self.slug, db: db)
    }

    /// Kills `command` at `point` with counts 1, 2, ... until a run ends by itself; after each
    /// kill resumes (or runs `recover` when the kill left nothing to resume) and compares the
    /// exports with `expected`. `prepare` makes the database the command starts from.
    /// - Returns: how many times the point was reached.
    func walk(_ point: FaultPoint.Name, prepare: (String) async throws -> Void, command: (String) -> [String],
              recover: (String) -> [String], expected: String) async throws -> Int {
        var count = 1
        while true {
            let db = path("\(point.rawValue)-\(count).sqlite")
            try await prepare(db)
            let crashed = try await run(command(db), crashAt: "\(point.rawValue):\(count)")
            guard crashed.signalled else {
                #expect(crashed.status == 0, "\(point.rawValue):\(count): \(crashed.stderr)")
                #expect(try await exports(db) == expected, "\(point.rawValue):\(count) was not reached, yet the run differs")
                return count - 1
            }
            #expect(crashed.status == SIGKILL, "\(point.rawValue):\(count): \(crashed.stderr)")
            let status = try await run(["status", "--project=\(Self.slug)", "--db=\(db)"])
            let resumed = try await run(status.status == 0 ? ["resume", "--project=\(Self.slug)", "--db=\(db)", "--quiet"]
                                                              : recover(db))
            #expect(resumed.status == 0 && !resumed.signalled, "resume after \(point.rawValue):\(count): \(resumed.stderr)")
            #expect(try await exports(db) == expected, "killed at \(point.rawValue):\(count), then resumed")
            count += 1
        }
    }

    @Test func aCreateKilledAtAnyCommitBoundaryResumesToTheSameExports() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given the exports of a create never interrupted
        let reference = path("reference.sqlite")
        let created = try await run(create(reference))
        #expect(created.status == 0, "\(created.stderr)")
        let expected = try await exports(reference)
        // (whose keyword rows all carry a pillar: the walk compares pillars too)
        let keywordRows = expected.split(separator: "\n").prefix(301)
        #expect(keywordRows.first?.hasSuffix(",pillar_id,pillar_title") == true)
        #expect(keywordRows.dropFirst().allSatisfy { !$0.hasSuffix(",,") }, "every keyword has a pillar id and title")
        // When a create is killed at each commit boundary in turn, then resumed
        var reached: [FaultPoint.Name: Int] = [:]
        for point: FaultPoint.Name in [.projectCreated, .batchBeforeCommit, .batchCommitted, .titlesStored, .refinementCommitted] {
            reached[point] = try await walk(point, prepare: { _ in }, command: create, recover: create, expected: expected)
        }
        print("create: crash points walked \(reached.map { "\($0.key.rawValue): \($0.value)" }.sorted().joined(separator: ", "))")
        // Then every export matched (above), and the walk went through every batch of the run
        let batches = try #require(reached[.batchCommitted])
        #expect(batches >= 6, "\(reached)")
        #expect(reached[.batchBeforeCommit] == batches, "\(reached)")
        #expect(reached[.projectCreated] == 1 && reached[.refinementCommitted] == 1, "\(reached)")
        #expect(reached[.titlesStored, default: 0] >= 1, "\(reached)")
    }

    @Test func aRescrapeKilledAtAnyCommitBoundaryResumesToTheSameExports() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given a project, and the exports after a rescrape never interrupted
        let base = path("base.sqlite")
        #expect(try await run(create(base)).status == 0)
        let reference = path("reference.sqlite")
        try FileManager.default.copyItem(atPath: base, toPath: reference)
        let rescraped = try await run(rescrape(reference))
        #expect(rescraped.status == 0, "\(rescraped.stderr)")
        let expected = try await exports(reference)
        // When the rescrape is killed at each commit boundary in turn, then resumed
        var reached: [FaultPoint.Name: Int] = [:]
        let copy: (String) async throws -> Void = { db in try FileManager.default.copyItem(atPath: base, toPath: db) }
        for point: FaultPoint.Name in [.rescrapeImported, .rescrapeStarted, .batchBeforeCommit, .batchCommitted,
                                       .titlesStored, .refinementCommitted] {
            reached[point] = try await walk(point, prepare: copy, command: rescrape, recover: rescrape, expected: expected)
        }
        print("rescrape: crash points walked \(reached.map { "\($0.key.rawValue): \($0.value)" }.sorted().joined(separator: ", "))")
        // Then every export matched, and the walk went through the rescrape's batches
        #expect(reached[.rescrapeImported] == 1 && reached[.rescrapeStarted] == 1, "\(reached)")
        #expect(reached[.batchCommitted, default: 0] >= 2, "\(reached)")
        #expect(reached[.batchBeforeCommit] == reached[.batchCommitted], "\(reached)")
    }
}
