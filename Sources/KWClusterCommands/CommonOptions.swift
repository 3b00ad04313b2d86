import ArgumentParser
import Foundation
import Persistence
import Pipeline
import Projects

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

    /// The database the use cases work on.
    var database: ProjectDatabase { ProjectDatabase(path: databasePath) }

    /// Whether `--db` names a PostgreSQL server rather than a SQLite file.
    var usesPostgres: Bool { database.usesPostgres }

    /// The database as messages name it (a PostgreSQL URL without its password).
    var databaseLabel: String { database.label }

    /// Whether there is a database to read (see ``ProjectDatabase/exists``).
    var databaseExists: Bool { database.exists }

    func openStore() throws -> Store {
        try database.openStore()
    }

    /// Opens the store and finds the project, or fails with what to do.
    func openProject(_ slug: String) throws -> (Store, Project) {
        try database.openProject(slug)
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
