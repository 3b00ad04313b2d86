import Foundation
import Lab
import Persistence
import Pipeline
import PostgresNIO
import PostgresPersistence
import Testing
import TestSupport
import WorkQueue

/// The queue against a real PostgreSQL server, each test on a database of its own.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipReason)))
struct WorkQueueTests {
    @Test("migrations are applied once, by whichever of several racing openers comes first")
    func migrationsAreIdempotent() async throws {
        try await TestPostgres.withDatabase { address in
            // Given four queues opening the same new database at once
            let names = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let queue = try await WorkQueue.open(address)
                        defer { Task { await queue.close() } }
                        return try await queue.appliedMigrations()
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Then each sees the migrations, in order, and opening again changes nothing
            let migrations = ["work-queue-v1", "work-queue-v2-title-requests"]
            #expect(names.allSatisfy { $0 == migrations })
            let again = try await WorkQueue.open(address)
            #expect(try await again.appliedMigrations() == migrations)
            await again.close()
        }
    }

    @Test("a claim leases the oldest queued item to the worker; a second claim gets the next")
    func claimLeasesInOrder() async throws {
        try await TestPostgres.withDatabase { address in
            // Given a queue with a run and two embedding chunks, on a clock the test moves
            let clock = TestLeaseClock()
            let queue = try await WorkQueue.open(address, clock: clock.lease)
            try await queue.register(worker: "w1", host: "h", pid: 1)
            let queued = try await queue.enqueue([
                NewWorkItem(kind: .run, project: "a", runID: 1),
                NewWorkItem(kind: .embedding, project: "a", runID: 1, payload: #"{"chunk":1}"#),
                NewWorkItem(kind: .embedding, project: "a", runID: 1, payload: #"{"chunk":2}"#),
            ])
            #expect(queued.map(\.status) == [.queued, .queued, .queued])

            // When claiming twice
            let first = try #require(try await queue.claim(worker: "w1", leaseSeconds: 600))
            clock.advance(seconds: 2)
            let second = try #require(try await queue.claim(worker: "w1", leaseSeconds: 600))

            // Then the items come in order, each leased to w1 for ten minutes from its claim, its attempt counted
            #expect(first.id == queued[0].id && second.id == queued[1].id)
            #expect(first.status == .leased && first.leaseOwner == "w1" && first.attempts == 1)
            let expires = try #require(first.leaseExpiresAt), secondExpires = try #require(second.leaseExpiresAt)
            #expect(abs(expires.timeIntervalSince(clock.now) - 598) < 0.001, "\(expires) for a claim at \(clock.now) - 2 s")
            #expect(abs(secondExpires.timeIntervalSince(expires) - 2) < 0.001)
            // Only embedding chunks asked for: the last chunk
            let third = try await queue.claim(worker: "w1", kinds: [.titles], leaseSeconds: 600)
            #expect(third == nil)
            await queue.close()
        }
    }

    @Test("concurrent claimers each get a different item (SKIP LOCKED), none twice, none waits")
    func concurrentClaimersNeverShare() async throws {
        try await TestPostgres.withDatabase { address in
            // Given 60 queued chunks and 6 claimers on connections of their own
            let setup = try await WorkQueue.open(address)
            for worker in 0..<6 { try await setup.register(worker: "w\(worker)", host: "h", pid: worker) }
            let all = try await setup.enqueue((0..<60).map {
                NewWorkItem(kind: .embedding, project: "p", runID: 1, payload: #"{"n":\#($0)}"#)
            })

            // When each claims until nothing is left
            let claims = try await withThrowingTaskGroup(of: [(String, Int64)].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        let queue = try await WorkQueue.open(address)
                        var mine: [(String, Int64)] = []
                        while let item = try await queue.claim(worker: "w\(worker)", leaseSeconds: 600) {
                            mine.append(("w\(worker)", item.id))
                        }
                        await queue.close()
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }

            // Then every item was claimed exactly once, and the table agrees on its owner
            #expect(claims.count == 60)
            #expect(Set(claims.map(\.1)) == Set(all.map(\.id)))
            let items = try await setup.items(project: "p")
            let owners = Dictionary(uniqueKeysWithValues: claims.map { ($0.1, $0.0) })
            #expect(items.allSatisfy { $0.status == .leased && $0.attempts == 1 && $0.leaseOwner == owners[$0.id] })
            #expect(Set(claims.map(\.0)).count > 1, "the claims were shared out")
            await setup.close()
        }
    }

    @Test("an expired lease makes the item claimable by another worker; the old owner can no longer beat or complete it")
    func expiredLeaseIsTakenOver() async throws {
        try await TestPostgres.withDatabase { address in
            // Given an item leased to w1 for one second, on a clock the test moves
            let clock = TestLeaseClock()
            let queue = try await WorkQueue.open(address, clock: clock.lease)
            try await queue.register(worker: "w1", host: "h", pid: 1)
            try await queue.register(worker: "w2", host: "h", pid: 2)
            try await queue.enqueue([NewWorkItem(kind: .embedding, project: "a", runID: 1)])
            let item = try #require(try await queue.claim(worker: "w1", leaseSeconds: 1))
            let firstExpiry = try #require(try await queue.items(project: "a")[0].leaseExpiresAt)

            // When w1 beats with a ten-minute lease 0.2 s later, and the clock passes the first lease's end
            clock.advance(seconds: 0.2)
            let beat = clock.now
            try await queue.heartbeat(itemID: item.id, worker: "w1", leaseSeconds: 600)
            let extended = try #require(try await queue.items(project: "a")[0].leaseExpiresAt)
            clock.advance(seconds: 1)

            // Then the lease runs ten minutes from the beat, and w2 does not get the item past its first expiry
            #expect(abs(extended.timeIntervalSince(firstExpiry) - 599.2) < 0.001)
            #expect(try await queue.claim(worker: "w2", leaseSeconds: 600) == nil)
            let after = try #require(try await queue.workers().first { $0.id == "w1" })
            #expect(abs(after.heartbeatAt.timeIntervalSince(beat)) < 0.001 && after.host == "h" && after.pid == 1)
            #expect(try await queue.items(project: "a")[0].attempts == 1)

            // When w1 stops beating and the clock passes the extended lease's end too
            clock.advance(seconds: 600)
            // Then w2 takes the item over, and w1 can neither beat nor complete it
            let takenOver = try #require(try await queue.claim(worker: "w2", leaseSeconds: 600))
            #expect(takenOver.id == item.id && takenOver.leaseOwner == "w2" && takenOver.attempts == 2)
            let beatError = await #expect(throws: WorkQueueError.self) {
                try await queue.heartbeat(itemID: item.id, worker: "w1", leaseSeconds: 600)
            }
            let completeError = await #expect(throws: WorkQueueError.self) {
                try await queue.complete(itemID: item.id, worker: "w1")
            }
            for error in [beatError, completeError] {
                guard case .leaseLost(let lost)? = error else {
                    Issue.record("w1 was not told it lost the lease: \(String(describing: error))")
                    continue
                }
                #expect(lost == item.id)
            }
            try await queue.complete(itemID: item.id, worker: "w2")
            #expect(try await queue.items(project: "a")[0].status == .done)
            await queue.close()
        }
    }

    @Test("a failure queues the item again while attempts are left, then marks it failed with the error")
    func failuresCountAttempts() async throws {
        try await TestPostgres.withDatabase { address in
            // Given an item with two attempts
            let queue = try await WorkQueue.open(address)
            try await queue.register(worker: "w1", host: "h", pid: 1)
            try await queue.enqueue([NewWorkItem(kind: .titles, project: "a", runID: 3, maxAttempts: 2)])

            // When it fails twice
            let first = try #require(try await queue.claim(worker: "w1", leaseSeconds: 600))
            #expect(try await queue.fail(itemID: first.id, worker: "w1", error: "server said 500") == .queued)
            let second = try #require(try await queue.claim(worker: "w1", leaseSeconds: 600))
            #expect(second.attempts == 2)
            #expect(try await queue.fail(itemID: second.id, worker: "w1", error: "server said 503") == .failed)

            // Then it is failed with the last error, nothing is left to claim or open
            let items = try await queue.items(project: "a")
            #expect(items[0].status == .failed && items[0].lastError == "server said 503")
            #expect(try await queue.claim(worker: "w1", leaseSeconds: 600) == nil)
            #expect(try await queue.openItemCount() == 0)
            await queue.close()
        }
    }

    @Test("a lease that expires on its last attempt marks the item failed instead of handing it out again")
    func expiredLastAttemptFails() async throws {
        try await TestPostgres.withDatabase { address in
            // Given an item with one attempt, leased for 0.5 s, whose worker dies
            let clock = TestLeaseClock()
            let queue = try await WorkQueue.open(address, clock: clock.lease)
            try await queue.register(worker: "w1", host: "h", pid: 1)
            try await queue.enqueue([NewWorkItem(kind: .embedding, project: "a", runID: 1, maxAttempts: 1)])
            _ = try #require(try await queue.claim(worker: "w1", leaseSeconds: 0.5))
            // (while the lease runs, the item is neither claimable nor failed)
            clock.advance(seconds: 0.4)
            #expect(try await queue.claim(worker: "w1", leaseSeconds: 600) == nil)
            #expect(try await queue.items(project: "a")[0].status == .leased)

            // When another claim comes once the clock passed the lease's end
            clock.advance(seconds: 0.2)
            #expect(try await queue.claim(worker: "w1", leaseSeconds: 600) == nil)

            // Then the item is failed, saying why
            let item = try await queue.items(project: "a")[0]
            #expect(item.status == .failed)
            #expect(item.lastError?.contains("lease expired after attempt 1 of 1") == true)
            await queue.close()
        }
    }

    @Test("a project's runs are claimed one at a time, in order; other projects' runs go meanwhile")
    func runsOfAProjectGoInOrder() async throws {
        try await TestPostgres.withDatabase { address in
            // Given two runs of project a and one of project b
            let queue = try await WorkQueue.open(address)
            try await queue.register(worker: "w1", host: "h", pid: 1)
            try await queue.enqueue([
                NewWorkItem(kind: .run, project: "a", runID: 1), NewWorkItem(kind: .run, project: "a", runID: 2),
                NewWorkItem(kind: .run, project: "b", runID: 3),
            ])
            // When claiming while a's first run is leased
            let first = try #require(try await queue.claim(worker: "w1", leaseSeconds: 600))
            let second = try #require(try await queue.claim(worker: "w1", leaseSeconds: 600))
            // Then b's run comes next, and a's second only once its first is done
            #expect(first.runID == 1 && second.runID == 3)
            #expect(try await queue.claim(worker: "w1", leaseSeconds: 600) == nil)
            try await queue.complete(itemID: first.id, worker: "w1")
            #expect(try await queue.claim(worker: "w1", leaseSeconds: 600)?.runID == 2)
            await queue.close()
        }
    }

    @Test("status on a PostgreSQL store that no worker or --enqueue used reads it without making the queue's tables")
    func statusLeavesAStoreWithoutAQueueAsItIs() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-status-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 200, topics: 5, seed: 3)).write(to: file, atomically: true, encoding: .utf8)
        try await TestPostgres.withDatabase { address in
            // Given a project made on PostgreSQL by one process
            let made = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(file.path)", "--vectors=lexical",
                                                            "--clusters=5", "--db=\(address.url)", "--quiet"])
            #expect(made.status == 0, "\(made.stderr)")
            // When status reads it, as text and as JSON
            let text = try await KWClusterCLI.runOffThread(["status", "--project=example-com", "--db=\(address.url)"])
            let json = try await KWClusterCLI.runOffThread(["status", "--project=example-com", "--db=\(address.url)", "--json"])
            #expect(text.status == 0 && json.status == 0, "\(text.stderr)\(json.stderr)")
            // Then neither shows a queue, and the database still has no queue tables
            #expect(!text.stdout.contains("work queue") && !json.stdout.contains("work_queue"))
            var tables: [String] = []
            try await TestPostgres.admin(address) { connection in
                let rows = try await connection.query("""
                    SELECT table_name::text FROM information_schema.tables
                    WHERE table_name IN ('work_items', 'workers', 'work_queue_migrations', 'title_requests')
                    """, logger: TestPostgres.logger)
                for try await name in rows.decode(String.self) { tables.append(name) }
            }
            #expect(tables.isEmpty, "\(tables)")
        }
    }

    @Test("an address that is not PostgreSQL, or a server that is not there, is a clear error")
    func badAddresses() async throws {
        #expect(throws: StoreError.self) { try PostgresLocation(url: "kwcluster.sqlite") }
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://db.example/kw") }
        let parsed = try PostgresLocation(url: "postgres://u:p%40ss@db.example:6543/kw")
        #expect(parsed.host == "db.example" && parsed.port == 6543 && parsed.password == "p@ss" && parsed.database == "kw")
        #expect(parsed.redacted == "postgres://u@db.example:6543/kw")
        let nobody = try PostgresLocation(url: "postgres://u:p@127.0.0.1:1/kw")
        do {
            _ = try await WorkQueue.open(nobody)
            Issue.record("connected to port 1")
        } catch {
            #expect(error.description.contains("cannot connect to PostgreSQL at postgres://u@127.0.0.1:1/kw"))
        }
    }
}
