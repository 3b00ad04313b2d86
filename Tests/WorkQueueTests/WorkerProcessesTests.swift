import FaultPoints
import Foundation
import Lab
import Pipeline
import PostgresNIO
import PostgresPersistence
import Testing
import TestSupport
import WorkQueue

/// Issue 18's promise, end to end with the built binary: worker processes on one PostgreSQL
/// server share two projects (one semantic, with its embedding chunks); a worker killed (SIGKILL)
/// in the middle of a run leaves it to another once its lease has expired, a worker killed right
/// after completing an item loses nothing, and every export equals the one a single process gives
/// on SQLite. The kills are fault points (`KWCLUSTER_FAULT_POINT`), not instants.
@Suite(.serialized, .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipReason)))
struct WorkerProcessesTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs a worker until it exits (`--exit-when-idle`), killed at `point` when given.
    static func runWorker(_ name: String, db: String, folder: URL, crashAt point: String? = nil) async throws -> KWClusterCLI.Result {
        try await KWClusterCLI.runOffThread(["worker", "--db=\(db)", "--lease-seconds=60", "--exit-when-idle", "--worker-name=\(name)",
                                             "--log-file=\(folder.appendingPathComponent("\(name).log").path)", "--quiet"],
                                            environment: point.map { [FaultPoint.variable: $0] } ?? [:])
    }

    /// The worker logs, for failure messages.
    static func logs(_ folder: URL, _ names: [String]) -> String {
        names.map { "\($0): " + ((try? String(contentsOf: folder.appendingPathComponent("\($0).log"), encoding: .utf8)) ?? "no log") }
            .joined(separator: "\n")
    }

    @Test("a worker killed mid-run and one killed after an item: both projects' exports equal a single process's on SQLite")
    func killedWorkersAreTakenOver() async throws {
        let model = Self.packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2").path
        guard FileManager.default.fileExists(atPath: model + "/model.safetensors") else {
            Issue.record("no model in \(model): run scripts/fetch-model.sh")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-workers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lexicalFile = folder.appendingPathComponent("alpha.csv").path
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 600, topics: 40, seed: 5))
            .write(toFile: lexicalFile, atomically: true, encoding: .utf8)
        let semanticFile = folder.appendingPathComponent("beta.csv").path
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 200, topics: 8, seed: 8))
            .write(toFile: semanticFile, atomically: true, encoding: .utf8)
        let creates = [
            ["create", "--domain=alpha.example", "--keywords=\(lexicalFile)", "--vectors=lexical", "--batch-size=50",
             "--clusters=40", "--quiet"],
            ["create", "--domain=beta.example", "--keywords=\(semanticFile)", "--vectors=semantic", "--model=\(model)",
             "--batch-size=50", "--clusters=8", "--quiet"],
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
            #expect(queuedItems.count { $0.kind == .embedding } == 1, "200 keywords make one chunk of 512")

            // When w1 runs alone and is killed right after the lexical run's (the oldest item's)
            // second batch commits, and its lease is then over (as the clock passing it would make it)
            let lexicalRun = try #require(queuedItems.first { $0.kind == .run && $0.project == "alpha-example" })
            #expect(lexicalRun.id == queuedItems.map(\.id).min(), "the lexical run is the oldest item")
            let w1 = try await Self.runWorker("w1", db: db, folder: folder, crashAt: "batch-committed:2")
            #expect(w1.signalled && w1.status == SIGKILL, "w1 was not killed mid-run: \(Self.logs(folder, ["w1"]))")
            let held = try #require(try await queue.items().first { $0.id == lexicalRun.id })
            #expect(held.status == .leased && held.leaseOwner == "w1", "the dead w1 still holds the run")
            try await TestPostgres.execute(address, """
                UPDATE work_items SET lease_expires_at = now() - interval '1 second' WHERE lease_owner = 'w1' AND status = 'leased'
                """)
            // and w2 takes the run over and is killed right after it completes it
            let w2 = try await Self.runWorker("w2", db: db, folder: folder, crashAt: "work-item-completed:1")
            #expect(w2.signalled && w2.status == SIGKILL, "w2 did not complete an item: \(Self.logs(folder, ["w1", "w2"]))")
            // and w3 does the rest
            let w3 = try await Self.runWorker("w3", db: db, folder: folder)
            #expect(w3.status == 0 && !w3.signalled, "\(w3.stderr)")

            // Then every item is done: the lexical run by w2 on its second attempt
            let items = try await queue.items()
            let logs = Self.logs(folder, ["w1", "w2", "w3"])
            #expect(items.allSatisfy { $0.status == .done }, "\(items.map { ($0.id, $0.status, $0.lastError ?? "") })\n\(logs)")
            let takenOver = try #require(items.first { $0.id == lexicalRun.id })
            #expect(takenOver.attempts == 2 && takenOver.leaseOwner == "w2", "\(logs)")
            #expect(items.filter { $0.id != lexicalRun.id }.allSatisfy { $0.leaseOwner == "w3" }, "\(logs)")
            let status = try await KWClusterCLI.runOffThread(["status", "--project=alpha-example", "--db=\(db)"])
            #expect(status.stdout.contains("run: 1 done"), "\(status.stdout)")
            await queue.close()

            // and every export equals the single process's, byte for byte
            for project in projects {
                let export = try await KWClusterCLI.runOffThread(["export", "--project=\(project)", "--db=\(db)"])
                #expect(export.status == 0, "\(export.stderr)")
                #expect(export.stdout == expected[project], "\(project) after workers w1 and w2 were killed")
            }
        }
    }
}
