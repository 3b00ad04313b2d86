import Foundation
import Testing
import TestSupport

@Suite struct CommandLineTests {
    @Test func badUsageExits64() async throws {
        // A batch size out of range is bad usage
        let result = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=x.csv", "--batch-size=10",
                                          "--db=/tmp/kwcluster-never-created.sqlite"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--batch-size must be between 50 and 100000"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/kwcluster-never-created.sqlite"))
    }

    @Test func aMissingFileIsAClearErrorAndCreatesNoProject() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("db.sqlite").path
        // When the keyword file does not exist
        let result = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(folder.path)/missing.csv", "--db=\(db)"])
        // Then the command fails with the file's name, and no project exists
        #expect(result.status == 1)
        #expect(result.stderr.contains("missing.csv"))
        let status = try await KWClusterCLI.runOffThread(["status", "--project=example-com", "--db=\(db)"])
        #expect(status.status == 1)
        #expect(status.stderr.contains("no database at"))
    }

    @Test func statusOfAnUnknownDatabaseSaysHowToStart() async throws {
        let result = try await KWClusterCLI.runOffThread(["status", "--project=example-com", "--db=/tmp/kwcluster-nothing-here.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("kwcluster create"))
    }

    @Test func helpListsTheUserPlanCommandsAndFlags() async throws {
        let root = try await KWClusterCLI.runOffThread(["--help"])
        for command in ["create", "resume", "status", "export", "rollback", "check"] {
            #expect(root.stdout.contains(command))
        }
        let create = try await KWClusterCLI.runOffThread(["create", "--help"])
        for flag in ["--domain", "--keywords", "--batch-size", "--clusters", "--cluster-size", "--seed", "--mode", "--db", "--quiet"] {
            #expect(create.stdout.contains(flag))
        }
        let status = try await KWClusterCLI.runOffThread(["status", "--help"])
        #expect(status.stdout.contains("--show-batches"))
        #expect(status.stdout.contains("--json"))
    }
}
