import Clustering
import Foundation
import Pipeline
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL at random instants of a semantic run, a rescrape and a run with LLM titles, each
/// resumed to an export byte-identical to an uninterrupted run's, with `check` passing.
/// `KWCLUSTER_KILL_INSTANTS` sets the instants per kind (default 3 here; scripts/kill-campaign.sh
/// runs 20 or more against the release binary, `KWCLUSTER_BINARY`).
@Suite(.serialized) struct KillCampaignTests {
    static let instants = Int(ProcessInfo.processInfo.environment["KWCLUSTER_KILL_INSTANTS"] ?? "") ?? 3
    static let slug = "example-com"
    /// Kills that must land mid-run: instants are spread over the reference run's length, and a
    /// loaded machine stretches or shrinks later runs, so a third of them (at least one).
    static var minimumLanded: Int { max(1, instants / 3) }
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let model = ProcessInfo.processInfo.environment["KWCLUSTER_MODEL"]
        ?? packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2").path

    let folder: URL
    let keywordFile: String
    let newKeywordFile: String
    /// A small set for semantic runs: a debug build encodes a few keywords per second.
    let semanticKeywordFile: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-campaign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        keywordFile = folder.appendingPathComponent("keywords.csv").path
        newKeywordFile = folder.appendingPathComponent("new-keywords.csv").path
        let all = SyntheticKeywordSet.generate(count: 1_600, topics: 40, seed: 11)
        try SyntheticKeywordSet.csv(Array(all[..<800])).write(toFile: keywordFile, atomically: true, encoding: .utf8)
        try SyntheticKeywordSet.csv(Array(all[400...])).write(toFile: newKeywordFile, atomically: true, encoding: .utf8)
        semanticKeywordFile = folder.appendingPathComponent("semantic-keywords.csv").path
        try SyntheticKeywordSet.csv(Array(all[..<150])).write(toFile: semanticKeywordFile, atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The number of runs of the project, or `nil` when it does not exist (yet).
    func runCount(_ db: String) throws -> Int? {
        guard FileManager.default.fileExists(atPath: db) else { return nil }
        let status = try KWClusterCLI.run(["status", "--project=\(Self.slug)", "--db=\(db)", "--json"])
        guard status.status == 0,
              let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any],
              let runs = json["runs"] as? [Any] else { return nil }
        return runs.count
    }

    /// Kills `command` at `instants` random instants (one per fresh database made by
    /// `prepare`), finishes each with resume (or the command again when it was killed before its
    /// run was recorded), and compares the export with the uninterrupted one.
    /// - Returns: the kills that interrupted a run.
    func campaign(_ kind: String, prepare: (String) throws -> Void, command: (String) -> [String], runsWhenStarted: Int,
                  environment: [String: String] = [:]) throws -> Int {
        let reference = path("\(kind)-reference.sqlite")
        try prepare(reference)
        let started = Date()
        let uninterrupted = try KWClusterCLI.run(command(reference), environment: environment)
        try #require(uninterrupted.status == 0, "\(kind): \(uninterrupted.stderr)")
        let runSeconds = max(Date().timeIntervalSince(started), 0.2)
        let expected = try KWClusterCLI.run(["export", "--project=\(Self.slug)", "--db=\(reference)"]).stdout
        #expect(expected.split(separator: "\n").count > 100, "\(kind): the export is too short to be a real run")

        var generator = SeededGenerator(seed: 2026 &+ UInt64(kind.utf8.count))
        var landed = 0
        for instant in 0..<Self.instants {
            let db = path("\(kind)-\(instant).sqlite")
            try prepare(db)
            let running = try KWClusterCLI.start(command(db), discardOutput: true, environment: environment)
            Thread.sleep(forTimeInterval: runSeconds * Double(generator.nextIndex(below: 1_000)) / 1_000)
            if running.process.isRunning {
                kill(running.process.processIdentifier, SIGKILL)
                landed += 1
            }
            running.process.waitUntilExit()
            let finish = try runCount(db) == runsWhenStarted
                ? ["resume", "--project=\(Self.slug)", "--db=\(db)", "--quiet"] : command(db)
            let finished = try KWClusterCLI.run(finish, environment: environment)
            #expect(finished.status == 0, "\(kind) instant \(instant): \(finish[0]): \(finished.stderr)")
            let export = try KWClusterCLI.run(["export", "--project=\(Self.slug)", "--db=\(db)"]).stdout
            let differing = zip(export.split(separator: "\n"), expected.split(separator: "\n")).first { $0 != $1 }
            #expect(export == expected, "\(kind) instant \(instant): the resumed export differs: \(differing.map { "\($0.0) | expected \($0.1)" } ?? "in length")")
            let check = try KWClusterCLI.run(["check", "--project=\(Self.slug)", "--db=\(db)"])
            #expect(check.status == 0, "\(kind) instant \(instant): \(check.stderr)")
            try? FileManager.default.removeItem(atPath: db)
        }
        print("kill campaign \(kind): \(landed) of \(Self.instants) kills interrupted a run")
        return landed
    }

    func create(_ db: String, _ extra: [String], keywords: String? = nil) -> [String] {
        ["create", "--domain=example.com", "--keywords=\(keywords ?? keywordFile)", "--db=\(db)", "--batch-size=50", "--quiet"] + extra
    }

    @Test("semantic runs killed at random instants resume to the uninterrupted export",
          .enabled(if: FileManager.default.fileExists(atPath: model + "/model.safetensors")))
    func semanticRuns() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let landed = try campaign("semantic", prepare: { _ in }, command: { create($0, ["--vectors=semantic", "--model=\(Self.model)", "--offline", "--clusters=8"],
                                                                                       keywords: semanticKeywordFile) },
                                  runsWhenStarted: 1)
        #expect(landed >= Self.minimumLanded, "only \(landed) kills interrupted a run")
    }

    @Test("rescrapes killed at random instants resume to the uninterrupted export")
    func rescrapes() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = path("rescrape-base.sqlite")
        let made = try KWClusterCLI.run(create(base, ["--vectors=lexical", "--clusters=40"]))
        try #require(made.status == 0, "\(made.stderr)")
        let landed = try campaign("rescrape", prepare: { db in
            try? FileManager.default.removeItem(atPath: db)
            try FileManager.default.copyItem(atPath: base, toPath: db)
        }, command: { ["rescrape", "--project=\(Self.slug)", "--keywords=\(newKeywordFile)", "--db=\($0)", "--batch-size=50", "--quiet"] },
           runsWhenStarted: 2)
        #expect(landed >= Self.minimumLanded, "only \(landed) kills interrupted a run")
    }

    @Test("runs with LLM titles (local server) killed at random instants resume to the uninterrupted export")
    func llmTitleRuns() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try LocalChatServer { _, body in
            (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map { "Guide to \($0)" }))
        }
        // One request at a time: with --llm-concurrency=2 two runs of the same input can end with
        // different titles for a cluster (a model title in one, a built-in one in the other),
        // killed or not; found by this campaign, reported in docs/reliability.md.
        let landed = try campaign("llm", prepare: { _ in }, command: {
            create($0, ["--vectors=lexical", "--clusters=40", "--titles=llm", "--llm-base-url=\(server.baseURL)", "--llm-model=test-model",
                        "--llm-concurrency=1"])
        }, runsWhenStarted: 1)
        #expect(landed >= Self.minimumLanded, "only \(landed) kills interrupted a run")
        #expect(server.requestCount > 0)
    }
}
