import ArgumentParser
import Dashboard
import Foundation
import Persistence
import Pipeline

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a read-only dashboard of the database on 127.0.0.1: projects, runs with live progress, treemap, clusters, downloads.",
        discussion: "It reads while another process runs batches (short read transactions) and never writes. Ctrl-C stops it."
    )

    @Option(help: "Open this project's page (its URL is printed).")
    var project: String?

    @Option(help: "The TCP port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 8080

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0-65535") }
    }

    func run() async throws {
        try await runReportingErrors {
            // A SQLite file is opened read-only (never migrated, never holding up a writer); a
            // PostgreSQL database is read in REPEATABLE READ transactions, which never block writers either.
            let store: Store = common.usesPostgres ? try common.openStore() : try SQLiteStore.openForReading(path: common.databasePath)
            let path = project.map { "projects/" + $0 } ?? ""
            if let slug = project {
                guard try store.project(slug: slug) != nil else {
                    let known = try store.projects().map(\.slug)
                    throw PipelineError.failed("no project '\(slug)' in \(common.databaseLabel)"
                        + (known.isEmpty ? "" : ". Projects: \(known.joined(separator: ", "))"))
                }
            }
            guard DashboardServer.portIsFree(port) else {
                throw PipelineError.failed("port \(port) is in use on \(DashboardServer.host): pass another --port (or --port=0 for a free one)")
            }
            do {
                try await DashboardServer.run(Dashboard(store: store), port: port) { url in
                    FileHandle.standardOutput.write(Data("kwcluster dashboard: \(url)\(path)  (read-only; Ctrl-C stops it)\n".utf8))
                }
            } catch {
                throw PipelineError.failed("the dashboard could not listen on \(DashboardServer.host):\(port): \(error)")
            }
        }
    }
}
