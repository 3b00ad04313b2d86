import Foundation
import Persistence
import Pipeline
import PostgresPersistence

/// The database the use cases work on (`--db`): a SQLite file or a PostgreSQL server, with
/// the project locks that go with it.
public struct ProjectDatabase: Sendable {
    /// A SQLite file's path, or a `postgres://` URL.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Whether `path` names a PostgreSQL server rather than a SQLite file.
    public var usesPostgres: Bool { StoreOpener.isPostgres(path) }

    /// The database as messages name it (a PostgreSQL URL without its password).
    public var label: String {
        guard usesPostgres, let location = try? PostgresLocation(url: path) else { return path }
        return location.redacted
    }

    /// Whether there is a database to read: a SQLite file exists; a PostgreSQL server is always
    /// there (opening it says so when it cannot be reached).
    public var exists: Bool {
        usesPostgres || FileManager.default.fileExists(atPath: path)
    }

    public func openStore() throws -> Store {
        try StoreOpener.open(path)
    }

    /// Opens the store and finds the project, or fails with what to do.
    public func openProject(_ slug: String) throws -> (Store, Project) {
        guard exists else {
            throw PipelineError.failed("no database at \(path). Create a project first with `kwcluster create --domain=... --keywords=FILE`, or pass --db")
        }
        let store = try openStore()
        guard let project = try store.project(slug: slug) else {
            let known = (try? store.projects().map(\.slug)) ?? []
            throw PipelineError.failed("no project '\(slug)' in \(label)"
                + (known.isEmpty ? "" : ". Projects: \(known.joined(separator: ", "))"))
        }
        return (store, project)
    }

    /// Takes the project's lock for the work of this process, or throws at once when another
    /// process holds it: a lock file beside a SQLite database, an advisory lock on PostgreSQL.
    /// Held until the returned object goes; ``withProjectLock(_:_:)`` holds it for a scope.
    public func lock(_ slug: String) throws -> AnyObject {
        if usesPostgres {
            return try PostgresProjectLock(location: PostgresLocation(url: path), slug: slug)
        }
        return try ProjectLock(databasePath: path, project: slug)
    }

    /// Runs `body` holding the project's lock, released when `body` returns or throws.
    public func withProjectLock<T>(_ slug: String, _ body: () async throws -> T) async throws -> T {
        let lock = try lock(slug)
        defer { withExtendedLifetime(lock) {} }
        return try await body()
    }

    /// Removes a database this process made and that holds nothing worth keeping (a create
    /// that gathered nothing), with its WAL files and the project's lock file.
    public func removeFiles(lockOf slug: String) {
        guard !usesPostgres else { return }
        for suffix in ["", "-wal", "-shm", ".\(slug).lock"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
