import Foundation
import Pipeline
import Projects
import Testing

/// The project lock of a SQLite database: one holder at a time, released when its scope ends
/// (by returning or by throwing).
@Suite struct ProjectLockTests {
    /// A temporary folder holding the (never created) database the locks sit beside.
    struct Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-lock-tests-\(UUID().uuidString)")

        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }

        var database: ProjectDatabase { ProjectDatabase(path: url.appendingPathComponent("db.sqlite").path) }

        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    @Test func aSecondHolderCannotTakeTheProjectLock() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.database.path
        do {
            let first = try ProjectLock(databasePath: path, project: "example-com")
            #expect(throws: PipelineError.self) { _ = try ProjectLock(databasePath: path, project: "example-com") }
            // Another project's lock is its own.
            _ = try ProjectLock(databasePath: path, project: "other-com")
            withExtendedLifetime(first) {}
        }
        // Once released, it can be taken again.
        _ = try ProjectLock(databasePath: path, project: "example-com")
    }

    @Test func withProjectLockHoldsTheLockForItsBodyOnly() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        let database = folder.database
        let value = try await database.withProjectLock("example-com") {
            #expect(throws: PipelineError.self) { _ = try database.lock("example-com") }
            // The lock stays held across a suspension of the body.
            await Task.yield()
            #expect(throws: PipelineError.self) { _ = try database.lock("example-com") }
            return 42
        }
        #expect(value == 42)
        _ = try database.lock("example-com")
    }

    @Test func withProjectLockReleasesTheLockWhenItsBodyThrows() async throws {
        struct Stop: Error {}
        let folder = try Folder()
        defer { folder.remove() }
        let database = folder.database
        await #expect(throws: Stop.self) {
            try await database.withProjectLock("example-com") { throw Stop() }
        }
        _ = try database.lock("example-com")
    }

    @Test func withProjectLockRefusesWhileAnotherHolderHasIt() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        let database = folder.database
        let held = try database.lock("example-com")
        do {
            _ = try await database.withProjectLock("example-com") { Issue.record("the body ran without the lock") }
            Issue.record("the lock was taken twice")
        } catch {
            #expect(error is PipelineError)
        }
        withExtendedLifetime(held) {}
    }
}
