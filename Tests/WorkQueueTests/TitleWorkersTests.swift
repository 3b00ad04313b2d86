import Foundation
import Lab
import Pipeline
import PostgresNIO
import PostgresPersistence
import Testing
import TestSupport
import WorkQueue

/// LLM titles shared out across worker processes: `titles` items queued beside an LLM run
/// send its requests ahead of the run's own title generator, each request once, within the
/// run's one request budget, and the titles are the ones a single process makes on SQLite.
@Suite(.serialized, .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipReason)))
struct TitleWorkersTests {
    /// Answers every request after `delay` seconds with "Guide to" each primary keyword's first
    /// word: titles that collide, so the order titles are accepted in shows in the result.
    static func server(delay: Double) throws -> LocalChatServer {
        try LocalChatServer(fault: { _ in .delay(delay) }) { _, body in
            (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map {
                "Guide to " + ($0.split(separator: " ").first.map(String.init) ?? $0)
            }))
        }
    }

    static func create(_ folder: URL, server: LocalChatServer, extra: [String] = []) throws -> [String] {
        let file = folder.appendingPathComponent("gamma.csv").path
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 600, topics: 30, seed: 12))
            .write(toFile: file, atomically: true, encoding: .utf8)
        return ["create", "--domain=gamma.example", "--keywords=\(file)", "--vectors=lexical", "--batch-size=50", "--clusters=30",
                "--titles=llm", "--llm-base-url=\(server.baseURL)", "--llm-model=test-model", "--llm-clusters-per-request=3",
                "--llm-concurrency=2", "--quiet"] + extra
    }

    /// Starts two workers that take only `titles` items and, once both hold one, a worker for
    /// the run; waits for all three to exit (`--exit-when-idle`).
    static func runWorkers(db: String, folder: URL) async throws {
        let queue = try await WorkQueue.open(try PostgresLocation(url: db))
        defer { Task { await queue.close() } }
        var workers: [Process] = []
        for name in ["t1", "t2"] {
            workers.append(try KWClusterCLI.start(["worker", "--db=\(db)", "--kinds=titles", "--exit-when-idle", "--worker-name=\(name)",
                                                   "--log-file=\(folder.appendingPathComponent("\(name).log").path)", "--quiet"],
                                                  discardOutput: true).process)
        }
        let deadline = Date().addingTimeInterval(120)
        while try await queue.items().filter({ $0.kind == .titles && $0.status == .leased }).count < 2, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        workers.append(try KWClusterCLI.start(["worker", "--db=\(db)", "--kinds=run", "--exit-when-idle", "--worker-name=r1",
                                               "--log-file=\(folder.appendingPathComponent("r1.log").path)", "--quiet"],
                                              discardOutput: true).process)
        for worker in workers {
            try await KillLoop.waitForExit(worker)
            #expect(worker.terminationStatus == 0)
        }
    }

    /// Who claimed each title request, and whether it was answered.
    static func requests(_ address: PostgresLocation) async throws -> [(claimedBy: String, answered: Bool)] {
        var result: [(String, Bool)] = []
        try await TestPostgres.admin(address) { connection in
            let rows = try await connection.query("SELECT claimed_by, proposals IS NOT NULL FROM title_requests ORDER BY job_ids",
                                                  logger: TestPostgres.logger)
            for try await row in rows.decode((String, Bool).self) { result.append(row) }
        }
        return result
    }

    @Test("a title request's claim lives as long as its holder's lease; answers and the run's budget are shared")
    func claimsFollowTheLease() async throws {
        try await TestPostgres.withDatabase { address in
            // Given two workers, each holding a titles item of run 1
            let queue = try await WorkQueue.open(address)
            try await queue.register(worker: "w1", host: "h", pid: 1)
            try await queue.register(worker: "w2", host: "h", pid: 2)
            try await queue.enqueue([NewWorkItem(kind: .titles, project: "a", runID: 1), NewWorkItem(kind: .titles, project: "a", runID: 1)])
            let first = try #require(try await queue.claim(worker: "w1", leaseSeconds: 600))
            let second = try #require(try await queue.claim(worker: "w2", leaseSeconds: 600))
            let one = QueueTitleRequests(queue: queue, project: "a", runID: 1, itemID: first.id, worker: "w1")
            let two = QueueTitleRequests(queue: queue, project: "a", runID: 1, itemID: second.id, worker: "w2")

            // When w1 claims a request, it holds it (asking again keeps it), and w2 is told to wait
            #expect(try await one.claim(jobIDs: [1, 2, 3]) == .mine)
            #expect(try await one.claim(jobIDs: [1, 2, 3]) == .mine)
            #expect(try await two.claim(jobIDs: [1, 2, 3]) == .heldElsewhere)
            #expect(try await two.claim(jobIDs: [4, 5, 6]) == .mine, "another request is free")

            // Then once w1's lease has expired, w2 takes the request over, and its answer is everyone's
            try await TestPostgres.execute(address, "UPDATE work_items SET lease_expires_at = now() - interval '1 second' WHERE id = \(first.id)")
            #expect(try await two.claim(jobIDs: [1, 2, 3]) == .mine)
            #expect(try await one.claim(jobIDs: [1, 2, 3]) == .heldElsewhere)
            try await two.answer(jobIDs: [1, 2, 3], proposals: ["Title \"one\"", nil, "Three"])
            #expect(try await one.claim(jobIDs: [1, 2, 3]) == .answered(["Title \"one\"", nil, "Three"]))
            #expect(try await two.claim(jobIDs: [1, 2, 3]) == .answered(["Title \"one\"", nil, "Three"]))

            // and the run's budget of 4 requests is one count for both; another run has its own
            #expect(try await one.budget.reserve(upTo: 3, limit: 4) == 3)
            #expect(try await two.budget.reserve(upTo: 3, limit: 4) == 1)
            #expect(try await one.budget.reserve(upTo: 1, limit: 4) == 0)
            let otherRun = QueueTitleRequests(queue: queue, project: "a", runID: 2, itemID: first.id, worker: "w1")
            #expect(try await otherRun.budget.reserve(upTo: 2, limit: 4) == 2)
            #expect(try await one.budget.reserve(upTo: 7, limit: nil) == 7, "no cap")
            await queue.close()
        }
    }

    @Test("title workers send an LLM run's requests ahead of it, each once; the titles equal a single process's on SQLite")
    func titleWorkersShareTheRequests() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-title-workers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try Self.server(delay: 0.1)
        defer { server.stop() }
        let create = try Self.create(folder, server: server)

        // Given the project made with LLM titles by a single process on SQLite, and its export
        let sqlite = folder.appendingPathComponent("single.sqlite").path
        let single = try await KWClusterCLI.runOffThread(create + ["--db=\(sqlite)"])
        try #require(single.status == 0, "\(single.stderr)")
        let expected = try await KWClusterCLI.runOffThread(["export", "--project=gamma-example", "--db=\(sqlite)"])
        let singleRequests = server.requestCount

        try await TestStores.withDatabase(.postgres) { db in
            // When the same create is queued with two titles items, two workers take those and a third the run
            let address = try PostgresLocation(url: db)
            let queued = try await KWClusterCLI.runOffThread(create + ["--db=\(db)", "--enqueue", "--title-items=2"])
            try #require(queued.status == 0, "\(queued.stderr)")
            #expect(queued.stdout.contains("and 2 titles item(s)"), "\(queued.stdout)")
            try await Self.runWorkers(db: db, folder: folder)

            // Then every item is done, each request was sent once (by whoever claimed it), the
            // titles workers sent some of them,
            let queue = try await WorkQueue.open(address)
            let items = try await queue.items()
            await queue.close()
            #expect(items.count == 3 && items.allSatisfy { $0.status == .done }, "\(items.map { ($0.kind, $0.status, $0.lastError ?? "") })")
            let requests = try await Self.requests(address)
            #expect(requests.allSatisfy { $0.answered })
            #expect(server.requestCount - singleRequests == requests.count, "a request sent twice, or one not recorded")
            #expect(server.requestCount - singleRequests == singleRequests, "the same requests as the single process")
            let byTitleWorkers = requests.filter { $0.claimedBy != "r1" }.count
            #expect(byTitleWorkers > 0 && byTitleWorkers < requests.count, "requests by the titles workers: \(byTitleWorkers) of \(requests.count)")

            // and the export equals the single process's, byte for byte
            let export = try await KWClusterCLI.runOffThread(["export", "--project=gamma-example", "--db=\(db)"])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stdout == expected.stdout)
        }
    }

    @Test("the run and its titles workers share one --llm-max-requests budget")
    func titleWorkersShareTheBudget() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-title-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try Self.server(delay: 0.1)
        defer { server.stop() }
        let create = try Self.create(folder, server: server, extra: ["--llm-max-requests=5"])

        try await TestStores.withDatabase(.postgres) { db in
            // Given an LLM run allowed 5 requests, queued with two titles items
            let address = try PostgresLocation(url: db)
            let queued = try await KWClusterCLI.runOffThread(create + ["--db=\(db)", "--enqueue", "--title-items=2"])
            try #require(queued.status == 0, "\(queued.stderr)")

            // When three workers share it out
            try await Self.runWorkers(db: db, folder: folder)

            // Then the three processes sent 5 requests in all, every item ends done, and the
            // status names the title jobs left for `resume`
            #expect(server.requestCount == 5)
            let requests = try await Self.requests(address)
            #expect(requests.filter(\.answered).count == 5)
            let queue = try await WorkQueue.open(address)
            let items = try await queue.items()
            await queue.close()
            #expect(items.allSatisfy { $0.status == .done }, "\(items.map { ($0.kind, $0.status, $0.lastError ?? "") })")
            let status = try await KWClusterCLI.runOffThread(["status", "--project=gamma-example", "--db=\(db)"])
            #expect(status.stdout.contains("title jobs waiting: ") && !status.stdout.contains("title jobs waiting: 0"),
                    "\(status.stdout)")
        }
    }
}
