import DedicatedThread
import Foundation
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

    static func startWorker(_ name: String, db: String, log: URL) throws -> Process {
        try KWClusterCLI.start(["worker", "--db=\(db)", "--lease-seconds=5", "--exit-when-idle", "--worker-name=\(name)",
                                "--log-file=\(log.path)", "--quiet"], discardOutput: true).process
    }

    /// (completed batches, all batches) of a run, read straight from PostgreSQL.
    static func batches(runID: Int64, address: PostgresLocation) async throws -> (Int, Int) {
        var result = (0, 0)
        try await TestPostgres.admin(address) { connection in
            let rows = try await connection.query("""
                SELECT COUNT(*) FILTER (WHERE status = 'completed'), COUNT(*) FROM batch_runs WHERE run_id = \(runID)
                """, logger: TestPostgres.logger)
            for try await (done, all) in rows.decode((Int64, Int64).self) { result = (Int(done), Int(all)) }
        }
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
            // SIGKILL once that run is part-way
            var workers: [String: Process] = [:]
            for index in 1...3 {
                workers["w\(index)"] = try Self.startWorker("w\(index)", db: db, log: folder.appendingPathComponent("w\(index).log"))
            }
            let lexicalRun = try #require(queuedItems.first { $0.kind == .run && $0.project == "alpha-example" })
            // The watch runs on a thread of its own: in the full suite the shared task threads are
            // busy for seconds with CPU-bound tests, and a watch waiting for one saw the run end.
            let pids = workers.mapValues(\.processIdentifier)
            let runID = try #require(lexicalRun.runID)
            let watch = Task(executorPreference: Self.watchThread) { () async throws -> (owner: String, done: Int, all: Int)? in
                let deadline = Date().addingTimeInterval(300)
                while Date() < deadline {
                    let item = try await queue.items(project: "alpha-example").first { $0.id == lexicalRun.id }
                    if item?.status == .done { return nil }
                    if let owner = item?.leaseOwner, item?.status == .leased, let pid = pids[owner] {
                        // Freeze the worker, then look: a frozen worker cannot end the run while the
                        // test decides, however late the test is scheduled.
                        kill(pid, SIGSTOP)
                        let (done, all) = try await Self.batches(runID: runID, address: address)
                        if done >= 1, done < all {
                            kill(pid, SIGKILL)
                            return (owner, done, all)
                        }
                        kill(pid, SIGCONT)
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                return nil
            }
            let landed = try await watch.value
            if let landed, let process = workers[landed.owner] {
                try await KillLoop.waitForExit(process)
                print("worker \(landed.owner) killed after \(landed.done) of \(landed.all) batches")
            }
            let killed = landed?.owner
            let victim = try #require(killed, "the lexical run finished before a kill could land")

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
