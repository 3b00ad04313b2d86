import Foundation
import GRDB
import Lab
import Pipeline
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Faults injected into real CLI runs: a full disk, a read-only database, the database deleted
/// or its WAL removed, a corrupted checkpoint, two runs at once, readers hammering a run.
/// Each must end without a crash, with a clear message, and with stored data intact.
@Suite(.serialized) struct FaultInjectionTests {
    let folder: URL
    let keywordFile: String
    static let domain = "example.com", slug = "example-com"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        keywordFile = folder.appendingPathComponent("keywords.csv").path
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 1_000, topics: 30, seed: 5))
            .write(toFile: keywordFile, atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func createArguments(_ db: String, extra: [String] = []) -> [String] {
        ["create", "--domain=\(Self.domain)", "--keywords=\(keywordFile)", "--db=\(db)", "--batch-size=50",
         "--clusters=30", "--vectors=lexical", "--quiet"] + extra
    }

    func export(_ db: String) async throws -> String {
        try await KWClusterCLI.runOffThread(["export", "--project=\(Self.slug)", "--db=\(db)"]).stdout
    }

    func checkPasses(_ db: String, _ context: String = "") async throws {
        let check = try await KWClusterCLI.runOffThread(["check", "--project=\(Self.slug)", "--db=\(db)"])
        #expect(check.status == 0, "\(context) \(check.stderr)")
    }

    /// The export of an uninterrupted create.
    func reference() async throws -> String {
        let db = path("reference-\(UUID().uuidString).sqlite")
        let created = try await KWClusterCLI.runOffThread(createArguments(db))
        #expect(created.status == 0, "\(created.stderr)")
        return try await export(db)
    }

    /// Runs `resume` until the run is done (or create again when nothing was kept).
    func finish(_ db: String) async throws {
        let status = try await KWClusterCLI.runOffThread(["status", "--project=\(Self.slug)", "--db=\(db)"])
        let result = status.status == 0
            ? try await KWClusterCLI.runOffThread(["resume", "--project=\(Self.slug)", "--db=\(db)", "--quiet"])
            : try await KWClusterCLI.runOffThread(createArguments(db))
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// A process ended by itself (an exit code), not by a signal such as a crash.
    static func exitedCleanly(_ process: Process) -> Bool { process.terminationReason == .exit }

    @Test("the disk full during batch commits: a clear error, check passes, resume gives the uninterrupted export")
    func diskFull() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try await reference()
        // The file-size limit (ulimit -f, with SIGXFSZ ignored) makes writes past it fail as on a
        // full disk, through SQLite's own I/O error paths; each limit lands at another write.
        var failures = 0
        for (attempt, kilobytes) in [200, 400, 700, 1_000].enumerated() {
            let db = path("full-\(attempt).sqlite")
            let arguments = createArguments(db).map { "'\($0)'" }.joined(separator: " ")
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", "ulimit -f \(kilobytes * 2); trap '' XFSZ; exec '\(KWClusterCLI.binary.path)' \(arguments)"]
            let err = Pipe()
            shell.standardError = err
            shell.standardOutput = FileHandle.nullDevice
            try shell.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            shell.waitUntilExit()
            #expect(Self.exitedCleanly(shell), "limit \(kilobytes) KB: killed by signal \(shell.terminationStatus)")
            if shell.terminationStatus != 0 {
                failures += 1
                #expect(shell.terminationStatus == 1, "limit \(kilobytes) KB: \(message)")
                #expect(message.contains("disk") || message.contains("I/O"), "limit \(kilobytes) KB: \(message)")
                #expect(message.contains("resume") || message.contains("Fix") || message.contains("free"), "no hint: \(message)")
            }
            // Then, with room again, what was stored is consistent and the run finishes as if never stopped
            if FileManager.default.fileExists(atPath: db), try await KWClusterCLI.runOffThread(["status", "--project=\(Self.slug)", "--db=\(db)"]).status == 0 {
                try await checkPasses(db, "limit \(kilobytes) KB after the failure:")
            }
            try await finish(db)
            #expect(try await export(db) == expected, "limit \(kilobytes) KB")
            try await checkPasses(db)
        }
        #expect(failures >= 3, "only \(failures) limits made the run fail")
    }

    @Test("a read-only database: status and export read it, resume and rescrape fail clearly and change nothing")
    func readOnlyDatabase() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = path("kwcluster.sqlite")
        let made = try await KWClusterCLI.runOffThread(createArguments(db, extra: ["--max-batches=3"]))
        try #require(made.status == 0, "\(made.stderr)")
        let before = try DatabaseFingerprint(path: db)
        // Made read-only for the user running the commands (file 0444, folder 0555); root ignores
        // modes, so as root the commands run as nobody.
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        func runAsUser(_ arguments: [String]) async throws -> KWClusterCLI.Result {
            guard geteuid() == 0 else { return try await KWClusterCLI.runOffThread(arguments) }
            return try await KWClusterCLI.runOffThread(["--reuid=65534", "--regid=65534", "--clear-groups", KWClusterCLI.binary.path] + arguments,
                                                       executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        }
        for arguments in [["resume", "--project=\(Self.slug)", "--db=\(db)", "--quiet"],
                          ["rescrape", "--project=\(Self.slug)", "--keywords=\(keywordFile)", "--db=\(db)", "--quiet"],
                          ["rollback", "--project=\(Self.slug)", "--to-batch=1", "--db=\(db)"]] {
            let result = try await runAsUser(arguments)
            #expect(result.status == 1, "\(arguments[0]): \(result.stderr)")
            #expect(result.stderr.contains("kwcluster.sqlite") && result.stderr.contains("read"), "\(arguments[0]): \(result.stderr)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        #expect(try DatabaseFingerprint(path: db) == before)
    }

    @Test("a corrupted checkpoint: check names it, resume refuses it clearly, rollback before it recovers")
    func corruptedCheckpoint() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try await reference()
        for (column, garbage) in [("cluster_state", "{\"format\":\"kwcluster-checkpoint/1\",\"step\":"),
                                  ("centroids", "{\"base64\":\"AAAA////\",\"clusterCount\":30,\"format\":\"kwcluster-kmeans-model/1\"}"),
                                  ("processed_keywords", "[1,2,")] {
            // Given a run stopped after 4 batches, whose checkpoint of batch 4 (a snapshot for centroids: batch 1) is damaged on disk
            let db = path("corrupt-\(column).sqlite")
            let made = try await KWClusterCLI.runOffThread(createArguments(db, extra: ["--max-batches=4"]))
            try #require(made.status == 0, "\(made.stderr)")
            let batch = column == "centroids" ? 1 : 4
            let queue = try DatabaseQueue(path: db)
            try await queue.write { db in try db.execute(sql: "UPDATE batch_checkpoints SET \(column) = ? WHERE batch_number = ?", arguments: [garbage, batch]) }
            try queue.close()
            // Then check fails naming the batch
            let check = try await KWClusterCLI.runOffThread(["check", "--project=\(Self.slug)", "--db=\(db)"])
            #expect(check.status == 1, "\(column): \(check.stdout)")
            #expect(check.stderr.contains("batch \(batch)"), "\(column): \(check.stderr)")
            // And resume refuses with a message, not a crash, and changes nothing
            let before = try DatabaseFingerprint(path: db)
            let resumed = try await KWClusterCLI.runOffThread(["resume", "--project=\(Self.slug)", "--db=\(db)", "--quiet"])
            #expect(resumed.status == 1, "\(column): \(resumed.stderr)")
            #expect(resumed.stderr.contains("checkpoint") && resumed.stderr.contains("rollback"), "\(column): \(resumed.stderr)")
            #expect(try DatabaseFingerprint(path: db) == before, "\(column)")
            // And for a damaged batch, rolling back before it and resuming gives the uninterrupted export
            if batch > 1 {
                let rolled = try await KWClusterCLI.runOffThread(["rollback", "--project=\(Self.slug)", "--to-batch=\(batch - 1)", "--db=\(db)"])
                #expect(rolled.status == 0, "\(column): \(rolled.stderr)")
                try await finish(db)
                #expect(try await export(db) == expected, "\(column)")
                try await checkPasses(db, column)
            }
        }
    }

    @Test("the WAL removed after a kill: the database falls back to its last checkpointed state and resume finishes it")
    func walRemovedAfterKill() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try await reference()
        // Killed once the project is stored, after a batch committed, and inside a batch's transaction.
        for (attempt, point) in ["project-created:1", "batch-committed:2", "batch-before-commit:3"].enumerated() {
            let db = path("wal-\(attempt).sqlite")
            let killed = try await CrashWalk.run(createArguments(db), crashAt: point)
            #expect(killed.signalled, "\(point) was not reached: \(killed.stderr)")
            try? FileManager.default.removeItem(atPath: db + "-wal")
            try? FileManager.default.removeItem(atPath: db + "-shm")
            if FileManager.default.fileExists(atPath: db), try await KWClusterCLI.runOffThread(["status", "--project=\(Self.slug)", "--db=\(db)"]).status == 0 {
                try await checkPasses(db, "attempt \(attempt) without its WAL:")
            }
            try await finish(db)
            #expect(try await export(db) == expected, "attempt \(attempt)")
            try await checkPasses(db)
        }
    }

    @Test("two creates of one project at once: one makes it, the other stops with a clear message")
    func twoCreatesAtOnce() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try await reference()
        let db = path("race.sqlite")
        let first = try KWClusterCLI.start(createArguments(db))
        let second = try KWClusterCLI.start(createArguments(db))
        let errors = [first, second].map { String(decoding: $0.err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        for running in [first, second] {
            _ = running.out.fileHandleForReading.readDataToEndOfFile()
            running.process.waitUntilExit()
        }
        let statuses = [first, second].map(\.process.terminationStatus)
        #expect(statuses.sorted() == [0, 1], "\(statuses): \(errors)")
        if let loser = statuses.firstIndex(of: 1) {
            #expect(errors[loser].contains("already exists") || errors[loser].contains("another kwcluster process"), "\(errors[loser])")
        }
        #expect(try await export(db) == expected)
        try await checkPasses(db)
    }

    @Test("status and export hammering the database during a run all succeed, and the run ends as if alone")
    func readersDuringARun() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try await reference()
        let db = path("busy.sqlite")
        let running = try KWClusterCLI.start(createArguments(db), discardOutput: true)
        // At least two rounds of readers, however fast the run ends: on a fast machine the later
        // ones may come after it, which is still a reader the run must not have been hurt by.
        var reads = 0, failures: [String] = []
        while running.process.isRunning || reads < 4 {
            for arguments in [["status", "--project=\(Self.slug)", "--db=\(db)"], ["export", "--project=\(Self.slug)", "--db=\(db)"]] {
                let result = try await KWClusterCLI.runOffThread(arguments)
                reads += 1
                // Before the project exists a reader is told so; any other failure is a fault
                if result.status != 0 && !result.stderr.contains("no project") && !result.stderr.contains("no database") {
                    failures.append("\(arguments[0]): \(result.status) \(result.stderr)")
                }
            }
        }
        running.process.waitUntilExit()
        #expect(running.process.terminationStatus == 0)
        #expect(failures.isEmpty, "\(failures)")
        #expect(try await export(db) == expected)
        try await checkPasses(db)
    }

    @Test("the database deleted while a run goes: the run ends without a crash and nothing reappears half-made")
    func databaseDeletedDuringARun() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = path("deleted.sqlite")
        let running = try KWClusterCLI.start(createArguments(db))
        // Wait for the project to exist, then delete the database and its WAL files
        var waited = 0
        while !FileManager.default.fileExists(atPath: db + "-wal") && waited < 200 {
            try await Task.sleep(for: .milliseconds(20))
            waited += 1
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let err = String(decoding: running.err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = running.out.fileHandleForReading.readDataToEndOfFile()
        running.process.waitUntilExit()
        #expect(Self.exitedCleanly(running.process), "\(err)")
        #expect([0, 1].contains(running.process.terminationStatus), "\(err)")
        if running.process.terminationStatus == 1 { #expect(err.contains("kwcluster: error:"), "\(err)") }
        // A database at the path now is either absent or a consistent one
        if FileManager.default.fileExists(atPath: db), try await KWClusterCLI.runOffThread(["status", "--project=\(Self.slug)", "--db=\(db)"]).status == 0 {
            try await checkPasses(db)
        }
    }
}
