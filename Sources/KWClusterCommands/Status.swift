import ArgumentParser
import Foundation
import Pipeline
import PostgresPersistence
import WorkQueue

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a project, its runs and keyword counts.")

    @Option(help: "The project's slug, e.g. example-com.")
    var project: String

    @Flag(help: "Show every batch: size, status, keywords, clusters, titles, time, error.")
    var showBatches = false

    @Flag(help: "Machine-readable output (documented in README).")
    var json = false

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await runReportingErrors {
            if common.databaseExists {
                let store = try common.openStore()
                if try store.project(slug: self.project) == nil {
                    if let search = try store.pendingSearchImport(slug: self.project), !json {
                        // A create whose Search Console import a kill interrupted: no project yet, only its pages.
                        print("project \(self.project) is not created yet: its Search Console import of \(search.property) "
                              + "(\(search.startDate) to \(search.endDate)) was interrupted after \(search.pagesStored) page(s), "
                              + "\(search.nextStartRow) rows; `kwcluster resume --project=\(self.project)` continues it")
                        return
                    }
                    let crawls = try StatusReport.crawls(slug: self.project, store: store)
                    if !crawls.isEmpty {
                        // A create whose crawl a kill interrupted: no project yet, only its crawl.
                        print(json ? StatusReport.InterruptedCreate(project: self.project, crawls: crawls).json()
                                   : StatusReport.interruptedCreateText(slug: self.project, crawls: crawls))
                        return
                    }
                }
            }
            let (store, project) = try common.openProject(self.project)
            var report = try StatusReport.make(project: project, store: store, showBatches: showBatches)
            // On a shared PostgreSQL store, the project's work items too: who holds what, until when.
            var queue: QueueStatus.Snapshot?
            if PostgresLocation.isPostgresURL(common.databasePath) {
                queue = try await QueueStatus.load(project: project.slug, address: try PostgresLocation(url: common.databasePath))
            }
            if json {
                report.workQueue = queue.flatMap(QueueStatus.entries)
                print(report.json())
            } else {
                print(report.text())
                if let lines = queue.flatMap({ QueueStatus.text($0) }) { print(lines) }
            }
        }
    }
}
