import Foundation
import Testing
import TestSupport

/// A `create` that fails before it has made anything leaves nothing behind, and bad usage is
/// reported first and alone.
@Suite struct FailedCreateTests {
    /// An empty folder for one test.
    static func emptyFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-failed-create-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func contents(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("create with a missing file in an empty folder leaves no database and no lock file")
    func missingFileLeavesTheFolderEmpty() async throws {
        // Given an empty folder
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        // When create names a keyword file that does not exist
        let result = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(folder.path)/missing.csv",
                                          "--db=\(folder.path)/kwcluster.sqlite", "--vectors=lexical"])

        // Then it fails naming the file, and the folder is still empty
        #expect(result.status == 1)
        #expect(result.stderr.contains("missing.csv"))
        #expect(try Self.contents(of: folder) == [])
    }

    @Test("create with an unreadable keyword file leaves only that file in the folder")
    func badFileLeavesOnlyItself() async throws {
        // Given a folder holding one file that is no keyword export (binary bytes)
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("keywords.csv")
        try Data([0x00, 0xFF, 0xFE, 0x00, 0x13, 0x37, 0x00, 0x00, 0x9C, 0x00]).write(to: file)

        // When create reads it
        let result = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(file.path)",
                                          "--db=\(folder.path)/kwcluster.sqlite", "--vectors=lexical"])

        // Then it fails naming the file and makes neither a database nor a lock file
        #expect(result.status == 1)
        #expect(result.stderr.contains("keywords.csv"))
        #expect(try Self.contents(of: folder) == ["keywords.csv"])
    }

    @Test("create of an existing project fails before reading the files, and leaves the database as it was")
    func existingProjectIsRefusedFirst() async throws {
        // Given a project made from a small list
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("list.txt")
        try (0..<120).map { "keyword number \($0) for topic \($0 % 6)" }.joined(separator: "\n")
            .write(to: list, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("kwcluster.sqlite").path
        let first = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(list.path)", "--db=\(db)",
                                         "--vectors=lexical", "--batch-size=50", "--quiet"])
        try #require(first.status == 0, "\(first.stderr)")
        let before = try Self.contents(of: folder)

        // When create runs again for the same domain, with a file that does not exist
        let again = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(folder.path)/missing.csv",
                                         "--db=\(db)", "--vectors=lexical"])

        // Then the existing project is what it reports, and no file appeared
        #expect(again.status == 1)
        #expect(again.stderr.contains("project 'example-com' already exists"))
        #expect(!again.stderr.contains("missing.csv"))
        #expect(try Self.contents(of: folder) == before)
    }

    @Test("bad usage is reported first and alone, before any warning about the model")
    func usageBeforeModelWarning() async throws {
        // Given a machine where no model can be found (KWCLUSTER_MODEL names an empty folder)
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["KWCLUSTER_MODEL": folder.appendingPathComponent("no-model").path]

        // When create is given a domain with no letters or digits
        let result = try await KWClusterCLI.runOffThread(["create", "--domain=---", "--keywords=\(folder.path)/k.csv",
                                          "--db=\(folder.path)/kwcluster.sqlite"], environment: environment)

        // Then the usage error is the only line, the exit code is 64, and nothing was made
        #expect(result.status == 64)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("--domain '---' has no letters or digits"))
        #expect(!result.stderr.contains("model"))
        #expect(try Self.contents(of: folder) == [])

        // And the same machine with a good domain does warn about the model (the warning exists)
        let list = folder.appendingPathComponent("list.txt")
        try "red shoes\nblue shoes\n".write(to: list, atomically: true, encoding: .utf8)
        let warned = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(list.path)",
                                          "--db=\(folder.path)/kwcluster.sqlite"], environment: environment)
        #expect(warned.stderr.contains("no sentence-transformers model found"), "\(warned.stderr)")
    }
}
