import Clustering
import Foundation
import Lab
import Pipeline
import PostgresPersistence
import Testing
import TestSupport

/// The commands with `--db=postgres://...`: the same results as on a SQLite file.
@Suite(.serialized) struct PostgresCommandLineTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let sample = packageRoot.appendingPathComponent("Samples/example-com-keywords.csv").path

    /// create, status, export (keywords and clusters) and rescrape of the bundled sample, on `db`.
    func runSample(db: String) async throws -> [String] {
        let create = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(Self.sample)", "--db=\(db)",
                                           "--vectors=lexical", "--quiet"])
        #expect(create.status == 0, "\(create.stderr)")
        let status = try await KWClusterCLI.runOffThread(["status", "--project=example-com", "--db=\(db)", "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        let keywords = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)"])
        let clusters = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--level=cluster"])
        let plan = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--format=md"])
        let keywordJSON = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--format=json"])
        let clusterJSON = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--format=json",
                                                               "--level=cluster"])
        let report = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--format=html"])
        let workbook = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: workbook) }
        let xlsx = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--format=xlsx",
                                                        "--output=\(workbook)", "--quiet"])
        #expect(xlsx.status == 0, "\(xlsx.stderr)")
        let rescrape = try await KWClusterCLI.runOffThread(["rescrape", "--project=example-com", "--db=\(db)", "--quiet"])
        #expect(rescrape.status == 0, "\(rescrape.stderr)")
        let check = try await KWClusterCLI.runOffThread(["check", "--project=example-com", "--db=\(db)"])
        #expect(check.status == 0, "\(check.stderr)")
        let afterRescrape = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)"])
        return [keywords.stdout, clusters.stdout, plan.stdout, afterRescrape.stdout, keywordJSON.stdout, clusterJSON.stdout,
                Self.withoutTimes(report.stdout), try Self.unzipped(workbook, entries: ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])]
    }

    /// A report without what differs between two runs of the same project: the time it finished
    /// and its batches' timeline (how long each batch took).
    static func withoutTimes(_ html: String) -> String {
        html.replacingOccurrences(of: #"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"#, with: "<time>", options: .regularExpression)
            .replacingOccurrences(of: #"<h2>Batches of run[\s\S]*?(?=<h2)"#, with: "<timeline>", options: .regularExpression)
    }

    /// The entries of a ZIP archive, as Debian's unzip extracts them.
    static func unzipped(_ path: String, entries: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-p", path] + entries
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "unzip -p \(path)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test func theSampleGivesTheSameExportsOnPostgresAsOnSQLite() async throws {
        // Given the exports of the bundled sample made on a SQLite file
        let onSQLite = try await TestStores.withDatabase(.sqlite) { db in try await runSample(db: db) }
        #expect(onSQLite[0].split(separator: "\n").count > 3_000)
        // When the same commands run on a fresh PostgreSQL database
        let onPostgres = try await TestStores.withDatabase(.postgres) { db in try await runSample(db: db) }
        // Then every export is byte-identical
        #expect(onPostgres[0] == onSQLite[0], "keyword CSV")
        #expect(onPostgres[1] == onSQLite[1], "cluster CSV")
        #expect(onPostgres[2] == onSQLite[2], "Markdown plan")
        #expect(onPostgres[3] == onSQLite[3], "keyword CSV after rescrape")
        #expect(onPostgres[4] == onSQLite[4], "keyword JSON")
        #expect(onPostgres[5] == onSQLite[5], "cluster JSON")
        #expect(onPostgres[6] == onSQLite[6], "HTML report (its batch times aside)")
        #expect(onPostgres[7] == onSQLite[7], "XLSX workbook's Keywords and Clusters sheets")
        #expect(onSQLite[7].contains("<sheetData>") && onSQLite[6].contains("<svg class=\"treemap\""), "the workbook and report were read")
    }

    /// The crash walk on PostgreSQL: each kind of commit boundary (counts as in ``CrashPointTests``,
    /// fewer: the store's transactions are the same code on both stores), each on a fresh database.
    @Test func runsOnPostgresKilledAtEachKindOfBoundaryResumeToTheSQLiteExport() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-pgkill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keywordFile = folder.appendingPathComponent("keywords.csv").path
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 300, topics: 12, seed: 3))
            .write(toFile: keywordFile, atomically: true, encoding: .utf8)
        func create(_ db: String) -> [String] {
            ["create", "--domain=example.com", "--keywords=\(keywordFile)", "--db=\(db)", "--batch-size=50", "--clusters=12",
             "--vectors=lexical", "--quiet"]
        }
        // Given the exports of an uninterrupted run on SQLite
        let reference = folder.appendingPathComponent("reference.sqlite").path
        #expect(try await CrashWalk.run(create(reference)).status == 0)
        let expected = try await CrashWalk.exports(project: "example-com", db: reference)
        let batches = try await CrashWalk.lastRunBatches(project: "example-com", db: reference)
        #expect(batches >= 6)
        // When runs on PostgreSQL are killed at each kind of boundary, each on a database of its own, then resumed
        // Then each exports what the SQLite run exports, byte for byte, and the integrity check passes
        for point in [CrashWalk.point(.projectCreated, 1), CrashWalk.point(.batchBeforeCommit, 2), CrashWalk.point(.batchCommitted, batches),
                      CrashWalk.point(.titlesStored, 1), CrashWalk.point(.refinementCommitted, 1)] {
            try await TestStores.withDatabase(.postgres) { db in
                try await CrashWalk.walk([point], project: "example-com", database: { _ in db }, command: create, expected: expected)
            }
        }
    }

    @Test func aSecondProcessOnTheSameProjectStopsAtOnce() async throws {
        try await TestStores.withDatabase(.postgres) { db in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-pglock-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let keywordFile = folder.appendingPathComponent("keywords.csv").path
            try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 300, topics: 12, seed: 5))
                .write(toFile: keywordFile, atomically: true, encoding: .utf8)
            // Given a project whose run was stopped after one batch
            let create = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(keywordFile)", "--db=\(db)",
                                               "--batch-size=50", "--vectors=lexical", "--max-batches=1", "--quiet"])
            #expect(create.status == 0, "\(create.stderr)")
            // When a process holds the project's lock (this one, as a running kwcluster holds it) and another resumes it
            let second = try await { () async throws -> KWClusterCLI.Result in
                let held = try PostgresProjectLock(location: try PostgresLocation(url: db), slug: "example-com")
                defer { withExtendedLifetime(held) {} }
                return try await KWClusterCLI.runOffThread(["resume", "--project=example-com", "--db=\(db)", "--quiet"])
            }()
            // Then the second stops at once with the lock's message
            #expect(second.status == 1)
            #expect(second.stderr.contains("being processed by another kwcluster process"), "\(second.stderr)")
            // And once the holder let go, a resume finishes the work
            let resumed = try await KWClusterCLI.runOffThread(["resume", "--project=example-com", "--db=\(db)", "--quiet"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let check = try await KWClusterCLI.runOffThread(["check", "--project=example-com", "--db=\(db)"])
            #expect(check.status == 0, "\(check.stderr)")
        }
    }

    @Test func statusJSONListsTheWorkQueueOnPostgresOnly() async throws {
        func workQueue(_ db: String) async throws -> [[String: Any]]? {
            let status = try await KWClusterCLI.runOffThread(["status", "--project=example-com", "--db=\(db)", "--json"])
            #expect(status.status == 0, "\(status.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            return json["work_queue"] as? [[String: Any]]
        }
        let create = ["create", "--domain=example.com", "--keywords=\(Self.sample)", "--vectors=lexical", "--quiet"]
        // Given the sample queued for workers on PostgreSQL
        try await TestStores.withDatabase(.postgres) { db in
            let queued = try await KWClusterCLI.runOffThread(create + ["--db=\(db)", "--enqueue"])
            #expect(queued.status == 0, "\(queued.stderr)")
            // Then status --json lists its one run item, queued, not yet attempted
            let items = try #require(try await workQueue(db))
            #expect(items.count == 1)
            #expect(items.first?["kind"] as? String == "run")
            #expect(items.first?["status"] as? String == "queued")
            #expect(items.first?["run_id"] as? Int == 1)
            #expect(items.first?["attempts"] as? Int == 0 && items.first?["max_attempts"] as? Int == 3)
            #expect(items.first?["lease_owner"] == nil)
            // And the text says the same
            let text = try await KWClusterCLI.runOffThread(["status", "--project=example-com", "--db=\(db)"])
            #expect(text.stdout.contains("work queue: 1 item(s)") && text.stdout.contains("run: 1 queued"), "\(text.stdout)")
        }
        // And on SQLite there is no work_queue key
        try await TestStores.withDatabase(.sqlite) { db in
            let made = try await KWClusterCLI.runOffThread(create + ["--db=\(db)", "--max-batches=1"])
            #expect(made.status == 0, "\(made.stderr)")
            let queue = try await workQueue(db)
            #expect(queue == nil)
        }
    }

    @Test func anUnreachableServerIsAClearError() async throws {
        // Given a URL where no server listens, when a command opens it
        let status = try await KWClusterCLI.runOffThread(["status", "--project=example-com", "--db=postgres://kw:secret@127.0.0.1:1/none"])
        // Then it fails with where and what to do, never showing the password
        #expect(status.status == 1)
        #expect(status.stderr.contains("cannot connect to PostgreSQL at postgres://kw@127.0.0.1:1/none"), "\(status.stderr)")
        #expect(!status.stderr.contains("secret"))
    }
}
