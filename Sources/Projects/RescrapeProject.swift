import Crawler
import Foundation
import Persistence
import Pipeline
import SearchConsole

/// `rescrape`: brings a project's keyword sources in again (new files, the recorded files read
/// again, the site crawled again, Search Console's days after its last import) as a rescrape
/// run, under the project's lock. Known keywords keep their cluster; new ones join the run's
/// batches.
public enum RescrapeProject {
    /// Starts the rescrape run of `slug` from `sources`, then calls `next` with it while holding
    /// the project's lock (`next` goes through the run, or queues it).
    /// - Parameters:
    ///   - batchSize: keywords per batch; nil: the previous run's.
    ///   - model: the model asked for; refused when it is not the project's.
    public static func run(slug: String, sources: KeywordSources, batchSize: Int?, model: String?, database: ProjectDatabase,
                           progress: @escaping ProgressSink,
                           then next: (Project, Rescrape.Started, Store) async throws -> Void) async throws {
        let (store, project) = try database.openProject(slug)
        try await database.withProjectLock(project.slug) {
            if let model { try Rescrape.checkModel(model, project: project, store: store) }
            let started = try await start(project: project, sources: sources, batchSize: batchSize, store: store, progress: progress)
            try await next(project, started, store)
        }
    }

    /// Reads the sources and starts the run: Search Console's queries (with the files and the
    /// site, when those are sources too), else the site crawled again (with the files), else the
    /// files alone. Without files named, the project's recorded files are read again, with the
    /// sheet they were read with.
    static func start(project: Project, sources: KeywordSources, batchSize: Int?, store: Store,
                      progress: @escaping ProgressSink) async throws -> Rescrape.Started {
        let site = try CrawledProject.crawledSite(project: project, store: store)
        let crawling = sources.crawl ?? (sources.files.isEmpty && site != nil)
        let lastSearch = try store.latestImportedSearchImport(projectID: project.id)
        let search = sources.searchConsole
        if search.property != nil || (sources.files.isEmpty && lastSearch != nil) {
            try checkNothingInterrupted(project, crawling: crawling, searchConsole: true, store: store)
            _ = try Rescrape.checkCanStart(project: project, batchSize: batchSize, store: store)
            let recorded = try lastSearch.map { try SearchConsoleSource.Settings.decode($0.settings) }
            guard let credentials = search.credentials ?? recorded?.credentials else {
                throw PipelineError.badUsage("--gsc needs --gsc-credentials=FILE: a service account's JSON key or an authorized-user file")
            }
            _ = try SearchConsoleCredentials.load(from: credentials)
            let query = try search.rescrapeQuery(last: lastSearch)
            let files = try filesToRead(sources, project: project, store: store)
            var settings = search.settings(credentials: credentials, recorded: recorded)
            settings.domain = site ?? project.domain
            settings.files = files
            settings.column = sources.column
            settings.sheet = try sheetToRead(sources, files: files, project: project, store: store)
            settings.crawl = crawling ? sources.crawlOptions : nil
            settings.batchSize = batchSize
            let record = try SearchConsoleSource.begin(slug: project.slug, kind: .rescrape, projectID: project.id, query: query,
                                                       settings: settings, store: store)
            guard let started = try await SearchConsoleSource.rescrape(record, project: project, store: store, progress: progress) else {
                throw runExists(project)
            }
            return started
        }
        if crawling {
            try checkNothingInterrupted(project, crawling: true, searchConsole: false, store: store)
            _ = try Rescrape.checkCanStart(project: project, batchSize: batchSize, store: store)
            let files = try filesToRead(sources, project: project, store: store)
            let domain = site ?? project.domain
            let discovery = try await SiteCrawler.discover(domain: domain, options: sources.crawlOptions)
            let settings = StoredCrawl.Settings(domain: domain, options: sources.crawlOptions, files: files, column: sources.column,
                                                sheet: try sheetToRead(sources, files: files, project: project, store: store),
                                                runParameters: nil, batchSize: batchSize)
            let crawl = try StoredCrawl.begin(discovery, slug: project.slug, kind: .rescrape, projectID: project.id,
                                              settings: settings, store: store)
            guard let started = try await CrawledProject.rescrape(crawl, project: project, store: store, progress: progress) else {
                throw runExists(project)
            }
            return started
        }
        return try Rescrape.start(project: project, files: sources.files, column: sources.column, sheet: sources.sheet,
                                  batchSize: batchSize, store: store, progress: progress)
    }

    /// The files named, else the project's recorded files.
    static func filesToRead(_ sources: KeywordSources, project: Project, store: Store) throws -> [String] {
        sources.files.isEmpty ? try Rescrape.recordedFiles(project: project, store: store) : sources.files
    }

    /// The sheet named, else (recorded files read again) the sheet they were read with.
    static func sheetToRead(_ sources: KeywordSources, files: [String], project: Project, store: Store) throws -> String? {
        guard sources.files.isEmpty else { return sources.sheet }
        return try sources.sheet ?? Rescrape.recordedSheet(project: project, files: files, store: store)
    }

    /// Refuses a rescrape while a crawl (when the site is crawled) or a Search Console import
    /// (when Search Console is asked) of the project is unfinished: `resume` finishes those.
    static func checkNothingInterrupted(_ project: Project, crawling: Bool, searchConsole: Bool, store: Store) throws {
        if crawling, try CrawledProject.interrupted(slug: project.slug, store: store) != nil {
            throw PipelineError.failed("a crawl of \(project.slug) was interrupted; `kwcluster resume --project=\(project.slug)` finishes it")
        }
        if searchConsole, try store.pendingSearchImport(slug: project.slug) != nil {
            throw PipelineError.failed("a Search Console import of \(project.slug) was interrupted; `kwcluster resume --project=\(project.slug)` finishes it")
        }
    }

    static func runExists(_ project: Project) -> PipelineError {
        .failed("the rescrape run of \(project.slug) exists already; `kwcluster resume --project=\(project.slug)` finishes it")
    }
}
