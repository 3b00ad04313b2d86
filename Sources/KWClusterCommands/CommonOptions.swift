import ArgumentParser
import Foundation
import Persistence
import Pipeline

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(help: "The database file (default: $KWCLUSTER_DB, else ./kwcluster.sqlite).")
    var db: String?

    @Flag(help: "Print no progress on stderr.")
    var quiet = false

    @Option(help: "Append a human-readable log of the work to this file.")
    var logFile: String?

    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["KWCLUSTER_DB"] ?? "kwcluster.sqlite"
    }

    func openStore() throws -> Store {
        try Store(path: databasePath)
    }

    /// Opens the store and finds the project, or fails with what to do.
    func openProject(_ slug: String) throws -> (Store, Project) {
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw PipelineError.failed("no database at \(databasePath). Create a project first with `kwcluster create --domain=... --keywords=FILE`, or pass --db")
        }
        let store = try openStore()
        guard let project = try store.project(slug: slug) else {
            let known = (try? store.projects().map(\.slug)) ?? []
            throw PipelineError.failed("no project '\(slug)' in \(databasePath)"
                + (known.isEmpty ? "" : ". Projects: \(known.joined(separator: ", "))"))
        }
        return (store, project)
    }

    /// Opens the project and takes its lock for the work of this process.
    func openLockedProject(_ slug: String) throws -> (store: Store, project: Project, lock: ProjectLock) {
        let (store, project) = try openProject(slug)
        return (store, project, try ProjectLock(databasePath: databasePath, project: project.slug))
    }

    /// Removes a database this command made and that holds nothing worth keeping (a create
    /// that gathered nothing), with its WAL files and the project's lock file.
    func removeDatabaseFiles(lockOf slug: String) {
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
