import Crawler
import Foundation
import Persistence
import Pipeline
import SearchConsole

/// `resume`: finishes what a kill (or `--max-batches`) left of a project, under its lock: a
/// create's crawl or Search Console import (the project is then created), a rescrape's, the
/// page links of a create's, the unfinished run from its last completed batch, or the pending
/// titles of a complete run.
public enum ResumeProject {
    /// What resume found and did, in order, for the command to tell.
    public enum Step: Sendable {
        /// A create's Search Console import goes on from its last stored page.
        case resumingSearchImport(property: String, pagesStored: Int, nextStartRow: Int)
        /// A create's crawl goes on from where it stopped.
        case resumingCrawl(startURL: String, fetched: Int, queued: Int)
        /// The interrupted create's project and run, now made.
        case created(ProjectCreator.Created)
        /// A rescrape's Search Console import (with its crawl, if any) finished and started its run.
        case searchImportFinished(Rescrape.Started)
        /// A rescrape's crawl finished and started its run.
        case crawlFinished(Rescrape.Started)
        /// The run goes on after `completedBatches` of `totalBatches`.
        case resumingRun(runID: Int64, completedBatches: Int, totalBatches: Int)
        /// Every run was complete; the last one's pending titles were made.
        case finishedPendingTitles(Int)
        /// Every run was complete and no title was pending.
        case nothingToResume
    }

    /// Resumes `slug`, telling `report` each step as it comes.
    /// - Parameter batchLimit: batches processed at most now.
    /// - Returns: the project and its keyword counts once the work is through.
    public static func run(slug: String, batchLimit: Int?, database: ProjectDatabase, progress: @escaping ProgressSink,
                           report: (Step) -> Void) async throws -> RunOutcome {
        // A create a kill interrupted before its project existed (one store opened for both checks).
        if database.exists {
            let store = try database.openStore()
            if try store.project(slug: slug) == nil {
                if let search = try store.pendingSearchImport(slug: slug), search.kind == .create {
                    return try await database.withProjectLock(slug) {
                        report(.resumingSearchImport(property: search.property, pagesStored: search.pagesStored,
                                                     nextStartRow: search.nextStartRow))
                        let created = try await SearchConsoleSource.create(search, files: nil, store: store, progress: progress)
                        return try await runCreated(created, batchLimit: batchLimit, store: store, progress: progress, report: report)
                    }
                }
                if let crawl = try CrawledProject.interrupted(slug: slug, store: store), crawl.kind == .create {
                    return try await database.withProjectLock(slug) {
                        let counts = try store.crawlProgress(crawlID: crawl.id)
                        report(.resumingCrawl(startURL: crawl.startURL, fetched: counts.fetched, queued: counts.queued))
                        let created = try await CrawledProject.create(crawl, store: store, progress: progress)
                        return try await runCreated(created, batchLimit: batchLimit, store: store, progress: progress, report: report)
                    }
                }
            }
        }
        let (store, project) = try database.openProject(slug)
        return try await database.withProjectLock(project.slug) {
            try await finishSources(project: project, store: store, progress: progress, report: report)
            guard let run = try ProjectRunner.unfinishedRun(project: project, store: store) else {
                let pending = try store.pendingTitleJobCount(projectID: project.id)
                if let last = try store.runs(projectID: project.id).last, pending > 0 {
                    try await ProjectRunner.run(project: project, runID: last.id, store: store, progress: progress)
                    report(.finishedPendingTitles(pending))
                } else {
                    report(.nothingToResume)
                }
                return try RunOutcome(project: project, store: store)
            }
            let done = try store.batchRuns(runID: run.id).count { $0.status == .completed }
            report(.resumingRun(runID: run.id, completedBatches: done, totalBatches: run.totalBatches))
            return try await RunProject.toEnd(project: project, runID: run.id, store: store, batchLimit: batchLimit, progress: progress)
        }
    }

    /// The run of a project an interrupted create has just made, gone through.
    static func runCreated(_ created: ProjectCreator.Created, batchLimit: Int?, store: Store, progress: @escaping ProgressSink,
                           report: (Step) -> Void) async throws -> RunOutcome {
        report(.created(created))
        return try await RunProject.toEnd(project: created.project, runID: created.runID, store: store, batchLimit: batchLimit,
                                          headStart: created.headStart, progress: progress)
    }

    /// Finishes the project's interrupted crawl and Search Console import, if any: a rescrape's
    /// (which then starts its run), or the page links of a create's.
    static func finishSources(project: Project, store: Store, progress: @escaping ProgressSink, report: (Step) -> Void) async throws {
        if let search = try store.pendingSearchImport(slug: project.slug), search.kind == .rescrape {
            // A rescrape's Search Console import a kill interrupted (with the crawl that follows it, if any).
            if let started = try await SearchConsoleSource.rescrape(search, project: project, store: store, progress: progress) {
                report(.searchImportFinished(started))
            }
        }
        if let crawl = try CrawledProject.interrupted(slug: project.slug, store: store) {
            // A rescrape's crawl (or the link of a create's) a kill interrupted.
            if crawl.kind == .rescrape, let started = try await CrawledProject.rescrape(crawl, project: project, store: store,
                                                                                      progress: progress) {
                report(.crawlFinished(started))
            } else if crawl.kind == .create {
                try store.linkCrawl(crawlID: crawl.id, projectID: project.id, pages: StoredCrawl.gather(crawl, store: store).pages)
            }
        }
        if let search = try store.pendingSearchImport(slug: project.slug), search.kind == .create {
            // The page links of a create's Search Console import, after the crawl's (which replace all links).
            try store.linkSearchImport(importID: search.id, projectID: project.id,
                                       pages: StoredSearchImport.gather(search, store: store).pages)
        }
    }
}
