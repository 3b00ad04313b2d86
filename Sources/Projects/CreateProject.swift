import Crawler
import Foundation
import Persistence
import Pipeline
import SearchConsole

/// `create`: a new project from its keyword sources (files, the site, Search Console, or
/// several merged), then its first run. Everything that can fail without writing is checked
/// first (an existing project, an interrupted crawl or import, the credentials, the files, the
/// site's robots.txt); only then are the database opened and the project's lock taken. A
/// failure that leaves nothing worth keeping removes a database this create made.
public enum CreateProject {
    /// The project's slug, or a usage error: checked before anything else (the model, the
    /// database), so bad usage is reported first and alone.
    public static func checkUsage(domain: String, sources: KeywordSources) throws -> String {
        try ProjectCreator.checkUsage(domain: domain, files: sources.files, crawling: crawls(sources),
                                      searchConsole: sources.searchConsole.property != nil)
    }

    /// Whether the site is crawled: as asked, else when it is the only source.
    static func crawls(_ sources: KeywordSources) -> Bool {
        sources.crawl ?? (sources.files.isEmpty && sources.searchConsole.property == nil)
    }

    /// Creates the project from `sources` and its first run, then calls `next` with them while
    /// holding the project's lock (`next` goes through the run, or queues it).
    public static func run(domain: String, sources: KeywordSources, parameters: RunParameters, database: ProjectDatabase,
                           progress: @escaping ProgressSink,
                           then next: (ProjectCreator.Created, Store) async throws -> Void) async throws {
        let slug = try checkUsage(domain: domain, sources: sources)
        let crawling = crawls(sources)
        let search = sources.searchConsole
        let databaseExisted = database.exists
        if databaseExisted { try checkNothingInterrupted(slug: slug, crawling: crawling, store: database.openStore()) }
        // A credentials file that cannot be used fails here, before anything is written.
        if search.property != nil, let path = search.credentials { _ = try SearchConsoleCredentials.load(from: path) }
        let prepared = sources.files.isEmpty ? nil : try ProjectCreator.prepare(
            domain: domain, files: sources.files, column: sources.column, sheet: sources.sheet, parameters: parameters,
            crawling: crawling, progress: progress)
        try parameters.validate()

        let make: (Store) async throws -> ProjectCreator.Created
        if let property = search.property, let credentials = search.credentials {
            var settings = search.settings(credentials: credentials)
            settings.domain = domain
            settings.files = sources.files
            settings.column = sources.column
            settings.sheet = sources.sheet
            settings.runParameters = parameters.json()
            settings.crawl = crawling ? sources.crawlOptions : nil
            make = { store in
                do {
                    let record = try SearchConsoleSource.begin(slug: slug, kind: .create, projectID: nil,
                                                               query: search.query(property: property), settings: settings, store: store)
                    return try await SearchConsoleSource.create(record, files: prepared?.imported, store: store, progress: progress)
                } catch {
                    // A new database goes unless it keeps an import for `resume` (see SearchConsoleSource.cleanUp).
                    if !databaseExisted, (try? store.pendingSearchImport(slug: slug)) == nil { database.removeFiles(lockOf: slug) }
                    throw error
                }
            }
        } else if crawling {
            let discovery = try await SiteCrawler.discover(domain: domain, options: sources.crawlOptions)
            let settings = StoredCrawl.Settings(domain: domain, options: sources.crawlOptions, files: sources.files,
                                                column: sources.column, sheet: sources.sheet, runParameters: parameters.json(),
                                                batchSize: nil)
            make = { store in
                do {
                    let crawl = try StoredCrawl.begin(discovery, slug: slug, kind: .create, projectID: nil, settings: settings, store: store)
                    return try await CrawledProject.create(crawl, files: prepared?.imported, store: store, progress: progress)
                } catch let error as CrawlError {
                    if !databaseExisted { database.removeFiles(lockOf: slug) }
                    throw error
                }
            }
        } else {
            guard let prepared else { throw ProjectCreator.alreadyExists(slug) }
            make = { store in try ProjectCreator.create(prepared, parameters: parameters, store: store) }
        }
        let store = try database.openStore()
        try await database.withProjectLock(slug) {
            try await next(try await make(store), store)
        }
    }

    /// Refuses a create of a project that exists, or whose crawl or Search Console import a
    /// kill interrupted (`resume` finishes those).
    static func checkNothingInterrupted(slug: String, crawling: Bool, store: Store) throws {
        if try store.project(slug: slug) != nil { throw ProjectCreator.alreadyExists(slug) }
        if crawling, try CrawledProject.interrupted(slug: slug, store: store) != nil {
            throw PipelineError.failed("a crawl of \(slug) was interrupted; `kwcluster resume --project=\(slug)` finishes it and creates the project")
        }
        if try store.pendingSearchImport(slug: slug) != nil {
            throw PipelineError.failed("a Search Console import of \(slug) was interrupted; `kwcluster resume --project=\(slug)` finishes it and creates the project")
        }
    }
}
