import Clustering
import Foundation
import Lab
import Pipeline
import TestSupport
import Testing

/// SIGKILL at random instants of a semantic run, a rescrape, a run with LLM titles and a crawl, each
/// resumed to an export byte-identical to an uninterrupted run's, with `check` passing: the
/// campaign scripts/kill-campaign.sh runs before a release (it sets `KWCLUSTER_KILL_INSTANTS`, 20
/// or more, against the release binary, `KWCLUSTER_BINARY`). The suite kills every kind of run at
/// its commit boundaries instead (`KWCLUSTER_FAULT_POINT`: CrashPointTests, FineTopicsCrashTests,
/// CrawlCommandTests, PostgresCommandLineTests, WorkerProcessesTests), and never counts kills.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["KWCLUSTER_KILL_INSTANTS"] != nil))
struct KillCampaignTests {
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
    func runCount(_ db: String) async throws -> Int? {
        guard FileManager.default.fileExists(atPath: db) else { return nil }
        let status = try await KWClusterCLI.runOffThread(["status", "--project=\(Self.slug)", "--db=\(db)", "--json"])
        guard status.status == 0,
              let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any],
              let runs = json["runs"] as? [Any] else { return nil }
        return runs.count
    }

    func resume(_ db: String) -> [String] { ["resume", "--project=\(Self.slug)", "--db=\(db)", "--quiet"] }

    /// Kills `command` at `instants` random instants (one per fresh database made by
    /// `prepare`), finishes each with `finish` (resume, or the command again when it was killed
    /// before its run was recorded), and compares the export with the uninterrupted one.
    /// - Returns: the kills that interrupted a run.
    func campaign(_ kind: String, slug: String = Self.slug, prepare: (String) throws -> Void, command: (String) -> [String],
                  finish: (String) async throws -> [String], environment: [String: String] = [:]) async throws -> Int {
        let reference = path("\(kind)-reference.sqlite")
        try prepare(reference)
        let started = Date()
        let uninterrupted = try await KWClusterCLI.runOffThread(command(reference), environment: environment)
        try #require(uninterrupted.status == 0, "\(kind): \(uninterrupted.stderr)")
        // Kill instants are spread over a run's length (learned again from runs that end first).
        var aim = KillAim(runSeconds: Date().timeIntervalSince(started))
        let expected = try await KWClusterCLI.runOffThread(["export", "--project=\(slug)", "--db=\(reference)"]).stdout
        #expect(expected.split(separator: "\n").count > 100, "\(kind): the export is too short to be a real run")

        var generator = SeededGenerator(seed: 2026 &+ UInt64(kind.utf8.count))
        var landed = 0
        for instant in 0..<Self.instants {
            let db = path("\(kind)-\(instant).sqlite")
            try prepare(db)
            let running = try KWClusterCLI.start(command(db), discardOutput: true, environment: environment)
            let outcome = await KillLoop.kill(running.process, after: aim.delay(at: Double(generator.nextIndex(below: 1_000)) / 1_000))
            aim.learn(from: outcome)
            if outcome.killed { landed += 1 }
            let finishing = try await finish(db)
            let finished = try await KWClusterCLI.runOffThread(finishing, environment: environment)
            #expect(finished.status == 0, "\(kind) instant \(instant): \(finishing[0]): \(finished.stderr)")
            let export = try await KWClusterCLI.runOffThread(["export", "--project=\(slug)", "--db=\(db)"]).stdout
            let differing = zip(export.split(separator: "\n"), expected.split(separator: "\n")).first { $0 != $1 }
            #expect(export == expected, "\(kind) instant \(instant): the resumed export differs: \(differing.map { "\($0.0) | expected \($0.1)" } ?? "in length")")
            let check = try await KWClusterCLI.runOffThread(["check", "--project=\(slug)", "--db=\(db)"])
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
    func semanticRuns() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let command: (String) -> [String] = { create($0, ["--vectors=semantic", "--model=\(Self.model)", "--offline", "--clusters=8"], keywords: semanticKeywordFile) }
        let landed = try await campaign("semantic", prepare: { _ in }, command: command,
                                        finish: { try await runCount($0) == 1 ? resume($0) : command($0) })
        #expect(landed >= Self.minimumLanded, "only \(landed) kills interrupted a run")
    }

    @Test("rescrapes killed at random instants resume to the uninterrupted export")
    func rescrapes() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = path("rescrape-base.sqlite")
        let made = try await KWClusterCLI.runOffThread(create(base, ["--vectors=lexical", "--clusters=40"]))
        try #require(made.status == 0, "\(made.stderr)")
        let command: (String) -> [String] = { ["rescrape", "--project=\(Self.slug)", "--keywords=\(newKeywordFile)", "--db=\($0)", "--batch-size=50", "--quiet"] }
        let landed = try await campaign("rescrape", prepare: { db in
            try? FileManager.default.removeItem(atPath: db)
            try FileManager.default.copyItem(atPath: base, toPath: db)
        }, command: command, finish: { try await runCount($0) == 2 ? resume($0) : command($0) })
        #expect(landed >= Self.minimumLanded, "only \(landed) kills interrupted a run")
    }

    @Test("runs with LLM titles (local server, two requests at a time, answered out of order) killed at random instants resume to the uninterrupted export")
    func llmTitleRuns() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Titles collide often ("Guide to" the primary keyword's first two words): which cluster
        // gets the model's title and which a built-in one is decided in job order. Every third
        // request is answered late, so requests sent together come back out of order.
        let server = try LocalChatServer(fault: { $0 % 3 == 1 ? .delay(0.05) : nil }) { _, body in
            (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map {
                "Guide to " + $0.split(separator: " ").prefix(2).joined(separator: " ")
            }))
        }
        defer { server.stop() }
        let command: (String) -> [String] = {
            create($0, ["--vectors=lexical", "--clusters=40", "--titles=llm", "--llm-base-url=\(server.baseURL)", "--llm-model=test-model",
                        "--llm-concurrency=2"])
        }
        let landed = try await campaign("llm", prepare: { _ in }, command: command,
                                        finish: { try await runCount($0) == 1 ? resume($0) : command($0) })
        #expect(landed >= Self.minimumLanded, "only \(landed) kills interrupted a run")
        #expect(server.requestCount > 0)
    }

    @Test("crawls of a site (fixture-site on 127.0.0.1) killed at random instants resume to the uninterrupted export")
    func crawls() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // The site in a process of its own, as a real one would be.
        let site = Process()
        site.executableURL = KWClusterCLI.builtExecutable("fixture-site")
        site.arguments = ["--pages=200", "--port=0"]
        let output = Pipe()
        site.standardOutput = output
        try site.run()
        defer {
            site.terminate()
            site.waitUntilExit()
        }
        let line = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                while let byte = try? output.fileHandleForReading.read(upToCount: 1)?.first, byte != 10 { bytes.append(byte) }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
        let root = try #require(URL(string: line), "fixture-site printed \(line)")
        let slug = "127-0-0-1"
        let command: (String) -> [String] = { ["create", "--domain=\(root.absoluteString)", "--db=\($0)", "--batch-size=50", "--vectors=lexical", "--crawl-rate=500",
                         "--crawl-timeout=60", "--quiet"] }
        let landed = try await campaign("crawl", slug: slug, prepare: { _ in }, command: command, finish: { db in
            // status succeeds once the project or its crawl exists.
            let exists = FileManager.default.fileExists(atPath: db)
                ? try await KWClusterCLI.runOffThread(["status", "--project=\(slug)", "--db=\(db)"]).status == 0 : false
            return exists ? ["resume", "--project=\(slug)", "--db=\(db)", "--quiet"] : command(db)
        })
        #expect(landed >= Self.minimumLanded, "only \(landed) kills interrupted a run")
    }
}
