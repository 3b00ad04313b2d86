import Foundation
import Testing
import TestSupport

/// `kwcluster worker` and `--enqueue` refuse a store other workers cannot reach.
struct WorkerCommandTests {
    @Test("worker without a PostgreSQL --db exits 64 saying what it needs")
    func workerNeedsPostgres() async throws {
        // Given a SQLite path (explicit, then from KWCLUSTER_DB)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-worker-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("kw.sqlite").path
        for (arguments, environment) in [(["worker", "--db=\(db)"], [:]), (["worker"], ["KWCLUSTER_DB": db])] {
            // When starting a worker on it
            let result = try await KWClusterCLI.runOffThread(arguments, environment: environment)
            // Then it exits 64 naming the PostgreSQL form, and makes no file
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains("kwcluster worker needs a PostgreSQL store: --db=postgres://"))
            #expect(result.stderr.contains("'\(db)' is a SQLite file"))
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    @Test("create --enqueue on SQLite exits 64 before reading or writing anything")
    func enqueueNeedsPostgres() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-enqueue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("kw.sqlite").path
        let result = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=/nonexistent.csv", "--enqueue", "--db=\(db)"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--enqueue needs a PostgreSQL store"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test("a bad lease or an unreachable server is a clear error")
    func badWorkerOptions() async throws {
        let lease = try await KWClusterCLI.runOffThread(["worker", "--db=postgres://u:p@127.0.0.1:1/kw", "--lease-seconds=0"])
        #expect(lease.status == 64 && lease.stderr.contains("--lease-seconds must be between 1 and 86400"))
        let unreachable = try await KWClusterCLI.runOffThread(["worker", "--db=postgres://u:p@127.0.0.1:1/kw", "--exit-when-idle"])
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.contains("cannot connect to PostgreSQL at postgres://u@127.0.0.1:1/kw"), "\(unreachable.stderr)")
        #expect(!unreachable.stderr.contains(":p@"), "the password is never printed")
    }
}
