import ArgumentParser
import Crawler
import Foundation
import Persistence
import Pipeline
import SearchConsole

struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue a project's unfinished run from its last completed batch.",
        discussion: "A failed batch is retried. A run that finished says so; pending titles are finished."
    )

    @Option(help: "The project's slug, e.g. example-com.")
    var project: String

    @Option(help: "Process at most this many batches now.")
    var maxBatches: Int?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await runReportingErrors {
            let renderer = common.progressRenderer()
            // A create a kill interrupted before its project existed (one store opened for both checks).
            if common.databaseExists {
                let store = try common.openStore()
                if try store.project(slug: project) == nil {
                    if let lock = try await finishInterruptedCreateSearch(store: store, renderer: renderer) {
                        withExtendedLifetime(lock) {}
                        return
                    }
                    if let lock = try await finishInterruptedCreateCrawl(store: store, renderer: renderer) {
                        withExtendedLifetime(lock) {}
                        return
                    }
                }
            }
            let (store, project, lock) = try common.openLockedProject(self.project)
            if let search = try store.pendingSearchImport(slug: project.slug), search.kind == .rescrape {
                // A rescrape's Search Console import a kill interrupted (with the crawl that follows it, if any).
                if let started = try await SearchConsoleSource.rescrape(search, project: project, store: store, progress: renderer.sink) {
                    renderer.finish()
                    print("Search Console import finished; rescrape run \(started.runID) of \(project.slug): "
                          + "\(started.changes.newKeywords) new keywords, \(started.changes.absentKeywords) absent; \(started.batchCount) batches")
                }
            }
            if let crawl = try CrawledProject.interrupted(slug: project.slug, store: store) {
                // A rescrape's crawl (or the link of a create's) a kill interrupted.
                if crawl.kind == .rescrape, let started = try await CrawledProject.rescrape(crawl, project: project, store: store,
                                                                                          progress: renderer.sink) {
                    renderer.finish()
                    print("crawl finished; rescrape run \(started.runID) of \(project.slug): \(started.changes.newKeywords) new keywords, "
                          + "\(started.changes.absentKeywords) absent; \(started.batchCount) batches")
                } else if crawl.kind == .create {
                    try store.linkCrawl(crawlID: crawl.id, projectID: project.id, pages: StoredCrawl.gather(crawl, store: store).pages)
                }
            }
            if let search = try store.pendingSearchImport(slug: project.slug) {
                // The page links of a create's Search Console import, after the crawl's (which replace all links).
                if search.kind == .create {
                    try store.linkSearchImport(importID: search.id, projectID: project.id,
                                               pages: StoredSearchImport.gather(search, store: store).pages)
                }
            }
            guard let run = try ProjectRunner.unfinishedRun(project: project, store: store) else {
                let pending = try store.pendingTitleJobCount(projectID: project.id)
                if let last = try store.runs(projectID: project.id).last, pending > 0 {
                    try await ProjectRunner.run(project: project, runID: last.id, store: store, progress: renderer.sink)
                    renderer.finish()
                    print("the run was complete; finished \(pending) pending title(s)")
                } else {
                    print("nothing to resume: every run of \(project.slug) is complete")
                }
                try printRunSummary(project: project, store: store)
                return
            }
            let done = try store.batchRuns(runID: run.id).count { $0.status == .completed }
            print("resuming run \(run.id) of \(project.slug) after batch \(done) of \(run.totalBatches)")
            try await runToEnd(project: project, runID: run.id, store: store, batchLimit: maxBatches, renderer: renderer)
            withExtendedLifetime(lock) {}
        }
    }

    /// A create whose Search Console import a kill interrupted has no project yet: the import
    /// goes on from its last stored page (then the crawl, if the create had one), the project is
    /// created and its run gone through.
    /// - Returns: the project's lock, held until the run is through; nil when there is no such import.
    func finishInterruptedCreateSearch(store: Store, renderer: ProgressRenderer) async throws -> AnyObject? {
        guard let search = try store.pendingSearchImport(slug: project), search.kind == .create else { return nil }
        let lock = try common.lockProject(project)
        print("resuming the Search Console import of \(search.property): \(search.pagesStored) pages stored, next row \(search.nextStartRow)")
        let created = try await SearchConsoleSource.create(search, files: nil, store: store, progress: renderer.sink)
        renderer.finish()
        print("created project \(created.project.slug): \(created.keywordCount) keywords; run \(created.runID) has \(created.batchCount) batches")
        try await runToEnd(project: created.project, runID: created.runID, store: store, batchLimit: maxBatches,
                           headStart: created.headStart, renderer: renderer)
        return lock
    }

    /// A create whose crawl a kill interrupted has no project yet: the crawl is finished from
    /// where it stopped, the project created and its run gone through.
    /// - Returns: the project's lock, held until the run is through; nil when there is no such crawl.
    func finishInterruptedCreateCrawl(store: Store, renderer: ProgressRenderer) async throws -> AnyObject? {
        guard let crawl = try CrawledProject.interrupted(slug: project, store: store), crawl.kind == .create else { return nil }
        let lock = try common.lockProject(project)
        let progress = try store.crawlProgress(crawlID: crawl.id)
        print("resuming the crawl of \(crawl.startURL): \(progress.fetched) pages fetched, \(progress.queued) queued")
        let created = try await CrawledProject.create(crawl, store: store, progress: renderer.sink)
        renderer.finish()
        print("created project \(created.project.slug): \(created.keywordCount) keywords; run \(created.runID) has \(created.batchCount) batches")
        try await runToEnd(project: created.project, runID: created.runID, store: store, batchLimit: maxBatches,
                           headStart: created.headStart, renderer: renderer)
        return lock
    }
}
