import DedicatedThread
import Foundation
import Lab
import Logging
import Pipeline
import PostgresNIO
import PostgresPersistence
import Testing
import TestSupport
import WorkQueue
#if canImport(Glibc)
import Glibc
#endif

/// Issue 18's promise, end to end with the built binary: three worker processes on one
/// PostgreSQL server share two projects (one semantic, with its embedding chunks), one worker
/// is killed with SIGKILL in the middle of a run, the others take its work over, and every
/// export equals the one a single process gives on SQLite.
@Suite(.serialized, .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipReason)))
struct WorkerProcessesTests {
    /// Where the test watches the run and freezes or kills its worker.
    static let watchThread = DedicatedThreadExecutor(name: "worker-test-watch")

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func startWorker(_ name: String, db: String, leaseSeconds: Int, log: URL) throws -> Process {
        try KWClusterCLI.start(["worker", "--db=\(db)", "--lease-seconds=\(leaseSeconds)", "--exit-when-idle", "--worker-name=\(name)",
                                "--log-file=\(log.path)", "--quiet"], discardOutput: true).process
    }

    /// Runs `body` with a connection of its own to `address` (the watch's).
    static func watch<T>(_ address: PostgresLocation, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(configuration: address.configuration, id: 98, logger: TestPostgres.logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The worker holding a leased work item, or nil.
    static func leaseOwner(itemID: Int64, _ connection: PostgresConnection) async throws -> String? {
        let rows = try await connection.query("""
            SELECT lease_owner FROM work_items WHERE id = \(itemID) AND status = 'leased'
            """, logger: TestPostgres.logger)
        var owner: String?
        for try await value in rows.decode(String?.self) { owner = value }
        return owner
    }

    /// (completed batches, all batches) of a run, read straight from PostgreSQL.
    static func batches(runID: Int64, _ connection: PostgresConnection) async throws -> (Int, Int) {
        let rows = try await connection.query("""
            SELECT COUNT(*) FILTER (WHERE status = 'completed'), COUNT(*) FROM batch_runs WHERE run_id = \(runID)
            """, logger: TestPostgres.logger)
        var result = (0, 0)
        for try await (done, all) in rows.decode((Int64, Int64).self) { result = (Int(done), Int(all)) }
        return result
    }

    @Test("three workers, one killed mid-run: both projects' exports equal a single process's on SQLite")
    func killedWorkerIsTakenOver() async throws {
        let model = Self.packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2").path
        guard FileManager.default.fileExists(atPath: model + "/model.safetensors") else {
            Issue.record("no model in \(model): run scripts/fetch-model.sh")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-workers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lexicalFile = folder.appendingPathComponent("alpha.csv").path
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 2_400, topics: 40, seed: 5))
            .write(toFile: lexicalFile, atomically: true, encoding: .utf8)
        let semanticFile = folder.appendingPathComponent("beta.csv").path
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 400, topics: 15, seed: 8))
            .write(toFile: semanticFile, atomically: true, encoding: .utf8)
        let creates = [
            ["create", "--domain=alpha.example", "--keywords=\(lexicalFile)", "--vectors=lexical", "--batch-size=50",
             "--clusters=40", "--quiet"],
            ["create", "--domain=beta.example", "--keywords=\(semanticFile)", "--vectors=semantic", "--model=\(model)",
             "--batch-size=50", "--clusters=15", "--quiet"],
        ]
        let projects = ["alpha-example", "beta-example"]

        // Given both projects made by a single process on SQLite, and their exports
        let sqlite = folder.appendingPathComponent("single.sqlite").path
        var expected: [String: String] = [:]
        for create in creates {
            let made = try await KWClusterCLI.runOffThread(create + ["--db=\(sqlite)"])
            #expect(made.status == 0, "\(made.stderr)")
        }
        for project in projects {
            let export = try await KWClusterCLI.runOffThread(["export", "--project=\(project)", "--db=\(sqlite)"])
            #expect(export.status == 0, "\(export.stderr)")
            expected[project] = export.stdout
        }

        try await TestPostgres.withDatabase { address in
            // and the same creates queued on PostgreSQL
            let db = address.url
            for create in creates {
                let queued = try await KWClusterCLI.runOffThread(create + ["--db=\(db)", "--enqueue"])
                #expect(queued.status == 0, "\(queued.stderr)")
                #expect(queued.stdout.contains("queued run"), "\(queued.stdout)")
            }
            let queue = try await WorkQueue.open(address)
            let queuedItems = try await queue.items()
            #expect(queuedItems.count { $0.kind == .run } == 2)
            #expect(queuedItems.count { $0.kind == .embedding } == 1, "400 keywords make one chunk of 512")

            // When three workers start, and the one running the lexical project is killed with
            // SIGKILL once that run is part-way. The victim is known before the run starts: w1
            // starts alone, frozen (SIGSTOP), and runs in slices of 100 ms (SIGCONT, wait, SIGSTOP)
            // until it holds the oldest item (the lexical run, queued first); then the watch starts
            // w2 and w3 and goes on slicing w1, reading the batches done while it is frozen; after
            // the first completed batch it kills it. A frozen worker cannot end the
            // run while the watch reads, however slow the reads are in a loaded full-suite run
            // (13 reads in a 29-second run were seen when the watch read while w1 ran on). w1's
            // lease is 60 s, so the others cannot take the run over while it is frozen.
            let lexicalRun = try #require(queuedItems.first { $0.kind == .run && $0.project == "alpha-example" })
            #expect(lexicalRun.id == queuedItems.map(\.id).min(), "the lexical run is the oldest item")
            let runID = try #require(lexicalRun.runID)
            let victim = "w1"
            var workers: [String: Process] = [:]
            workers[victim] = try Self.startWorker(victim, db: db, leaseSeconds: 60, log: folder.appendingPathComponent("w1.log"))
            let victimPID = workers[victim]!.processIdentifier
            // Frozen from the start, w1 runs only in the watch's slices until it holds the run, so
            // it cannot claim and finish the run before a slow watch has seen it hold it (a loaded
            // full-suite run saw w1 end all 45 batches while the watch waited for its first read).
            kill(victimPID, SIGSTOP)
            let startOthers: @Sendable () throws -> [String: Process] = {
                try Dictionary(uniqueKeysWithValues: (2...3).map { index in
                    ("w\(index)", try Self.startWorker("w\(index)", db: db, leaseSeconds: 5,
                                                      log: folder.appendingPathComponent("w\(index).log")))
                })
            }
            let watch = Task(executorPreference: Self.watchThread) { () async throws -> (others: [String: Process], landed: (done: Int, all: Int)?, seen: String) in
                try await Self.watch(address) { connection in
                    let start = Date()
                    let deadline = start.addingTimeInterval(300)
                    while try await Self.leaseOwner(itemID: lexicalRun.id, connection) != victim {
                        guard Date() < deadline else {
                            kill(victimPID, SIGCONT)
                            return ([:], nil, "w1 did not hold the run within 300 s")
                        }
                        kill(victimPID, SIGCONT)
                        usleep(100_000)
                        kill(victimPID, SIGSTOP)
                    }
                    var seen = String(format: "w1 held the run after %.1f s", Date().timeIntervalSince(start))
                    let others = try startOthers()
                    var slices = 0
                    while Date() < deadline {
                        let (done, all) = try await Self.batches(runID: runID, connection)
                        if done >= 1 {
                            if done < all { kill(victimPID, SIGKILL) } else { kill(victimPID, SIGCONT) }
                            seen += String(format: "; %d slices; %d of %d batches done at %.1f s", slices, done, all,
                                           Date().timeIntervalSince(start))
                            return (others, done < all ? (done, all) : nil, seen)
                        }
                        kill(victimPID, SIGCONT)
                        usleep(100_000)
                        kill(victimPID, SIGSTOP)
                        slices += 1
                    }
                    kill(victimPID, SIGCONT)
                    return (others, nil, seen + "; \(slices) slices, no batch done within 300 s")
                }
            }
            let (others, landed, seen) = try await watch.value
            workers.merge(others) { first, _ in first }
            if landed == nil {
                for process in workers.values { kill(process.processIdentifier, SIGKILL) }
                await queue.close()
            }
            try await KillLoop.waitForExit(workers[victim]!)
            let log = (try? String(contentsOf: folder.appendingPathComponent("w1.log"), encoding: .utf8)) ?? "no log"
            let killedAt = try #require(landed, "the lexical run was not killed part-way: \(seen)\nw1: \(log)")
            print("worker \(victim) killed after \(killedAt.done) of \(killedAt.all) batches")

            // Then the other two take its work over and exit when everything is done
            for (name, process) in workers where name != victim {
                let until = Date().addingTimeInterval(300)
                while process.isRunning, Date() < until { try await Task.sleep(for: .milliseconds(100)) }
                if process.isRunning {
                    process.terminate()
                    Issue.record("worker \(name) did not finish within 300 s")
                }
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "worker \(name)")
            }
            let items = try await queue.items()
            let logs = (1...3).map { index in
                "w\(index): " + ((try? String(contentsOf: folder.appendingPathComponent("w\(index).log"), encoding: .utf8)) ?? "no log")
            }.joined(separator: "\n")
            #expect(items.allSatisfy { $0.status == .done }, "\(items.map { ($0.id, $0.status, $0.lastError ?? "") })\n\(logs)")
            let takenOver = try #require(items.first { $0.id == lexicalRun.id })
            #expect(takenOver.attempts == 2 && takenOver.leaseOwner != victim)
            let status = try await KWClusterCLI.runOffThread(["status", "--project=alpha-example", "--db=\(db)"])
            #expect(status.stdout.contains("run: 1 done"), "\(status.stdout)")
            await queue.close()

            // and every export equals the single process's, byte for byte
            for project in projects {
                let export = try await KWClusterCLI.runOffThread(["export", "--project=\(project)", "--db=\(db)"])
                #expect(export.status == 0, "\(export.stderr)")
                #expect(export.stdout == expected[project], "\(project) after worker \(victim) was killed")
            }
        }
    }
}
