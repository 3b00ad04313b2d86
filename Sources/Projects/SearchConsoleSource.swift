import Crawler
import Foundation
import Ingest
import Persistence
import Pipeline
import SearchConsole

/// Search Console's API as a keyword source of a project (`--gsc`): `create` imports the
/// property's queries before the project exists, `rescrape` asks for the days after the last
/// import, and `resume` finishes an import a kill interrupted. The pages are stored as they
/// come (``StoredSearchImport``), with what the command needs to finish (``Settings``).
enum SearchConsoleSource {
    /// What an import was started with, stored with it so `resume` finishes it the same way.
    struct Settings: Codable, Sendable {
        /// The credentials file's path (the file is read again on resume, never stored).
        var credentials: String
        var apiURL: String
        var tokenURL: String?
        var rowLimit: Int
        /// Requests per page at most on 429 and 5xx answers (nil: ``RetryPolicy``'s default).
        var attempts: Int?
        /// What the user typed as `--domain` (create).
        var domain = ""
        /// Keyword files merged with the queries.
        var files: [String] = []
        var column: String?
        var sheet: String?
        /// The run parameters of a create (JSON of `RunParameters`).
        var runParameters: String?
        /// A create's crawl of the site, merged too (`--crawl=on`).
        var crawl: CrawlOptions?
        /// A rescrape's `--batch-size`.
        var batchSize: Int?

        func json() -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
        }

        static func decode(_ text: String) throws -> Settings {
            do {
                return try JSONDecoder().decode(Settings.self, from: Data(text.utf8))
            } catch {
                throw PipelineError.failed("the stored Search Console import's settings cannot be read (\(error)); start again with `kwcluster create` in a new database")
            }
        }
    }

    /// Stores a new import (nothing is asked of Google yet).
    static func begin(slug: String, kind: SearchImportRecord.Kind, projectID: Int64?, query: SearchAnalyticsQuery,
                      settings: Settings, store: Store) throws -> SearchImportRecord {
        let id = try store.startSearchImport(slug: slug, kind: kind, projectID: projectID, property: query.property,
                                             startDate: query.startDate, endDate: query.endDate, settings: settings.json())
        guard let record = try store.pendingSearchImport(slug: slug), record.id == id else {
            throw PipelineError.failed("the Search Console import just stored cannot be read back; run `kwcluster check`")
        }
        return record
    }

    /// Asks for the pages the import still lacks (none once fetched) and sums its stored rows.
    static func fetch(_ record: SearchImportRecord, store: Store, progress: ProgressSink) async throws -> StoredSearchImport.Gathered {
        let settings = try Settings.decode(record.settings)
        let source = SearchAnalyticsTotals.sourceName(property: record.property)
        if record.status == .importing {
            let client = SearchConsoleClient(credentials: try SearchConsoleCredentials.load(from: settings.credentials),
                                             endpoints: .init(apiBase: settings.apiURL, tokenURL: settings.tokenURL),
                                             retry: settings.attempts.map { RetryPolicy(maxAttempts: $0) } ?? RetryPolicy())
            if record.nextStartRow > 0 {
                progress(.note("\(source): resuming from row \(record.nextStartRow) (\(record.pagesStored) pages stored)"))
            }
            try await StoredSearchImport.proceed(record, client: client, rowLimit: settings.rowLimit, store: store) { rows in
                progress(.note("\(source): \(rows) rows stored (\(record.startDate) to \(record.endDate))"))
            }
        }
        let gathered = try StoredSearchImport.gather(record, store: store)
        progress(.imported(file: source, keywords: gathered.imported.keywords.count))
        for warning in gathered.imported.warnings { progress(.note(warning)) }
        return gathered
    }

    /// Finishes a create's import: the rest of its pages, then the project from its queries
    /// merged with `files` (nil: the files its settings name) and, with a crawl, the site's
    /// keywords; the queries are then tied to their top pages. A failure before the project
    /// exists removes the import, so nothing half made remains.
    static func create(_ record: SearchImportRecord, files: KeywordImport?, store: Store,
                       progress: ProgressSink) async throws -> ProjectCreator.Created {
        let settings = try Settings.decode(record.settings)
        do {
            let gathered = try await fetch(record, store: store, progress: progress)
            let files = try files ?? importFiles(settings, sheet: settings.sheet, progress: progress)
            let imported = files.map { $0.merged(with: gathered.imported) } ?? gathered.imported
            guard let parametersJSON = settings.runParameters else {
                throw PipelineError.failed("the stored Search Console import has no run parameters; start again with `kwcluster create`")
            }
            let parameters = try RunParameters.decode(parametersJSON)
            let created: ProjectCreator.Created
            if let options = settings.crawl {
                let crawl = try await crawl(record, settings: settings, options: options, kind: .create, projectID: nil,
                                            runParameters: parametersJSON, store: store)
                created = try await CrawledProject.create(crawl, files: imported, store: store, progress: progress)
            } else {
                guard !imported.keywords.isEmpty else { throw noQueries(record) }
                created = try ProjectCreator.create(slug: record.slug, domain: settings.domain, imported: imported,
                                                    parameters: parameters, store: store)
            }
            try store.linkSearchImport(importID: record.id, projectID: created.project.id, pages: gathered.pages)
            return created
        } catch {
            throw cleanUp(after: error, record: record, store: store, projectMade: (try? store.project(slug: record.slug)) != nil)
        }
    }

    /// Finishes a rescrape's import: the rest of its pages, then the rescrape run from its
    /// queries merged with the files its settings name (and a new crawl of the site, when the
    /// settings have one), or only the page links when a kill came after the run was made.
    /// - Returns: nil when the rescrape run already existed (resume goes on with it).
    static func rescrape(_ record: SearchImportRecord, project: Project, store: Store,
                         progress: ProgressSink) async throws -> Rescrape.Started? {
        let settings = try Settings.decode(record.settings)
        do {
            let gathered = try await fetch(record, store: store, progress: progress)
            if try store.hasRun(after: record.baseRunID, projectID: project.id) {
                // The crawl's links first: they replace the project's links, the queries' add to them.
                if let crawl = try CrawledProject.interrupted(slug: record.slug, store: store), crawl.kind == .rescrape {
                    try store.linkCrawl(crawlID: crawl.id, projectID: project.id, pages: StoredCrawl.gather(crawl, store: store).pages)
                }
                try store.linkSearchImport(importID: record.id, projectID: project.id, pages: gathered.pages)
                return nil
            }
            if let options = settings.crawl {
                let crawl = try await crawl(record, settings: settings, options: options, kind: .rescrape, projectID: project.id,
                                            runParameters: nil, store: store)
                let started = try await CrawledProject.rescrape(crawl, project: project, store: store, extra: gathered.imported,
                                                                progress: progress)
                try store.linkSearchImport(importID: record.id, projectID: project.id, pages: gathered.pages)
                return started
            }
            let parameters = try Rescrape.checkCanStart(project: project, batchSize: settings.batchSize, store: store)
            let files = try importFiles(settings, sheet: settings.sheet, progress: progress)
            let imported = files.map { $0.merged(with: gathered.imported) } ?? gathered.imported
            guard !imported.keywords.isEmpty else { throw noQueries(record) }
            let started = try Rescrape.start(project: project, imported: imported, parameters: parameters, store: store)
            try store.linkSearchImport(importID: record.id, projectID: project.id, pages: gathered.pages)
            return started
        } catch {
            throw cleanUp(after: error, record: record, store: store,
                          projectMade: (try? store.hasRun(after: record.baseRunID, projectID: project.id)) != false)
        }
    }

    /// The crawl of the site that follows the import: the one a kill interrupted, else a new
    /// one (the site's robots.txt and sitemaps asked first), with the import's files.
    static func crawl(_ record: SearchImportRecord, settings: Settings, options: CrawlOptions, kind: CrawlRecord.Kind,
                      projectID: Int64?, runParameters: String?, store: Store) async throws -> CrawlRecord {
        if let pending = try CrawledProject.interrupted(slug: record.slug, store: store), pending.kind == kind { return pending }
        let discovery = try await SiteCrawler.discover(domain: settings.domain, options: options)
        let crawlSettings = StoredCrawl.Settings(domain: settings.domain, options: options, files: settings.files, column: settings.column,
                                                 sheet: settings.sheet, runParameters: runParameters, batchSize: settings.batchSize)
        return try StoredCrawl.begin(discovery, slug: record.slug, kind: kind, projectID: projectID, settings: crawlSettings, store: store)
    }

    /// What is left after a failure (a kill never gets here: its stored pages stay for
    /// `resume`). Once the project (or the rescrape run) holds the keywords, nothing is removed.
    /// An import that stored pages and failed for a passing reason (quota, server errors, the
    /// network) is kept for `resume`, which the returned error says; any other failure removes
    /// the import, so nothing half made remains.
    static func cleanUp(after error: Error, record: SearchImportRecord, store: Store, projectMade: Bool) -> Error {
        guard !projectMade else { return error }
        if let failure = error as? SearchConsoleError, failure.kind == .unavailable || failure.kind == .network,
           let kept = try? store.pendingSearchImport(slug: record.slug), kept.id == record.id, kept.pagesStored > 0 {
            return PipelineError.failed("\(failure) The \(kept.pagesStored) page(s) stored are kept: `kwcluster resume --project=\(record.slug)` continues from row \(kept.nextStartRow)")
        }
        try? store.deleteSearchImport(importID: record.id)
        return error
    }

    static func importFiles(_ settings: Settings, sheet: String?, progress: ProgressSink) throws -> KeywordImport? {
        guard !settings.files.isEmpty else { return nil }
        let imported = try KeywordImporter.importFiles(settings.files, column: settings.column, sheet: sheet)
        for file in imported.files { progress(.imported(file: file.path, keywords: file.keywordsKept)) }
        for warning in imported.warnings { progress(.note(warning)) }
        return imported
    }

    static func noQueries(_ record: SearchImportRecord) -> PipelineError {
        .failed("Search Console \(record.property) has no queries from \(record.startDate) to \(record.endDate), and no other source gave keywords; check --gsc (the property's data may be younger than the days asked for), or add --keywords=FILE")
    }
}
