import ArgumentParser
import Foundation
import Persistence
import Pipeline
import PostgresPersistence

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(help: "The database: a SQLite file, or a PostgreSQL server as postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: $KWCLUSTER_DB, else ./kwcluster.sqlite).")
    var db: String?

    @Flag(help: "Print no progress on stderr.")
    var quiet = false

    @Option(help: "Append a human-readable log of the work to this file.")
    var logFile: String?

    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["KWCLUSTER_DB"] ?? "kwcluster.sqlite"
    }

    /// Whether `--db` names a PostgreSQL server rather than a SQLite file.
    var usesPostgres: Bool { StoreOpener.isPostgres(databasePath) }

    /// The database as messages name it (a PostgreSQL URL without its password).
    var databaseLabel: String {
        guard usesPostgres, let location = try? PostgresLocation(url: databasePath) else { return databasePath }
        return location.redacted
    }

    /// Whether there is a database to read: a SQLite file exists; a PostgreSQL server is always there
    /// (opening it says so when it cannot be reached).
    var databaseExists: Bool {
        usesPostgres || FileManager.default.fileExists(atPath: databasePath)
    }

    func openStore() throws -> Store {
        try StoreOpener.open(databasePath)
    }

    /// Takes the project's lock for the work of this process: a lock file beside a SQLite
    /// database, an advisory lock on PostgreSQL. Held until the returned object goes.
    func lockProject(_ slug: String) throws -> AnyObject {
        if usesPostgres {
            return try PostgresProjectLock(location: PostgresLocation(url: databasePath), slug: slug)
        }
        return try ProjectLock(databasePath: databasePath, project: slug)
    }

    /// Opens the store and finds the project, or fails with what to do.
    func openProject(_ slug: String) throws -> (Store, Project) {
        guard databaseExists else {
            throw PipelineError.failed("no database at \(databasePath). Create a project first with `kwcluster create --domain=... --keywords=FILE`, or pass --db")
        }
        let store = try openStore()
        guard let project = try store.project(slug: slug) else {
            let known = (try? store.projects().map(\.slug)) ?? []
            throw PipelineError.failed("no project '\(slug)' in \(databaseLabel)"
                + (known.isEmpty ? "" : ". Projects: \(known.joined(separator: ", "))"))
        }
        return (store, project)
    }

    /// Opens the project and takes its lock for the work of this process.
    func openLockedProject(_ slug: String) throws -> (store: Store, project: Project, lock: AnyObject) {
        let (store, project) = try openProject(slug)
        return (store, project, try lockProject(project.slug))
    }

    /// Removes a database this command made and that holds nothing worth keeping (a create
    /// that gathered nothing), with its WAL files and the project's lock file.
    func removeDatabaseFiles(lockOf slug: String) {
        guard !usesPostgres else { return }
        for suffix in ["", "-wal", "-shm", ".\(slug).lock"] {
            try? FileManager.default.removeItem(atPath: databasePath + suffix)
        }
    }

    func progressRenderer() -> ProgressRenderer {
        ProgressRenderer(quiet: quiet, logFile: logFile)
    }
}

/// Runs a command body, turning errors into a message on stderr and an exit code:
/// 1 for failed work, 64 for bad usage.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as PipelineError {
        printError(error.description)
        throw ExitCode(error.exitCode)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        printError(String(describing: error))
        throw ExitCode.failure
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("kwcluster: error: " + message + "\n").utf8))
}

func printNotice(_ message: String) {
    FileHandle.standardError.write(Data(("kwcluster: " + message + "\n").utf8))
}
