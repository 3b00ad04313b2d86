import Crawler
import Foundation
import Ingest
import Persistence
import Pipeline

/// The site as a keyword source of a project: `create --domain` crawls it and creates the
/// project from its pages (merged with any keyword files), `rescrape` crawls it again and
/// brings the changes in, and `resume` finishes a crawl a kill interrupted. The crawl is
/// stored as it goes (``StoredCrawl``); its keywords are tied to their pages once the project
/// holds them.
public enum CrawledProject {
    /// Crawls (or finishes crawling) a create's stored crawl and creates the project from it.
    /// - Throws: ``CrawlError`` when nothing could be gathered (the crawl's rows are removed
    ///   first, so no half-made project remains).
    /// - Parameter files: the keyword files already read (create); nil reads the files the
    ///   crawl's settings name (resume).
    public static func create(_ crawl: CrawlRecord, files: KeywordImport? = nil, store: Store,
                              progress: ProgressSink) async throws -> ProjectCreator.Created {
        let settings = try StoredCrawl.Settings.decode(crawl.settings)
        guard let parametersJSON = settings.runParameters else {
            throw CrawlError(url: crawl.startURL, problem: "the stored crawl has no run parameters", hint: "start again with `kwcluster create`")
        }
        let parameters = try RunParameters.decode(parametersJSON)
        let files = try files ?? importFiles(settings, progress: progress)
        try await StoredCrawl.proceed(crawl, store: store) { report($0, to: progress) }
        let gathered = try StoredCrawl.gather(crawl, store: store)
        announce(gathered, progress: progress)
        guard !gathered.imported.keywords.isEmpty || !(files?.keywords.isEmpty ?? true) else {
            try store.deleteCrawl(crawlID: crawl.id)
            throw nothingGathered(crawl, gathered)
        }
        let imported = files.map { $0.merged(with: gathered.imported) } ?? gathered.imported
        let slug = crawl.slug
        let created = try ProjectCreator.create(slug: slug, domain: settings.domain, imported: imported, parameters: parameters,
                                                store: store)
        try store.linkCrawl(crawlID: crawl.id, projectID: created.project.id, pages: gathered.pages)
        return created
    }

    /// Crawls (or finishes crawling) a rescrape's stored crawl and starts the rescrape run,
    /// or only ties the keywords to their pages when a kill came after the run was made.
    /// - Parameter extra: keywords of another source merged after the crawl's (Search Console's).
    /// - Returns: nil when the rescrape run already existed (resume goes on with it).
    public static func rescrape(_ crawl: CrawlRecord, project: Project, store: Store, extra: KeywordImport? = nil,
                                progress: ProgressSink) async throws -> Rescrape.Started? {
        let settings = try StoredCrawl.Settings.decode(crawl.settings)
        let previous = try StoredCrawl.previousPages(projectID: project.id, store: store)
        try await StoredCrawl.proceed(crawl, store: store, previous: previous) { report($0, to: progress) }
        let gathered = try StoredCrawl.gather(crawl, store: store)
        if try store.hasRun(after: crawl.baseRunID, projectID: project.id) {
            try store.linkCrawl(crawlID: crawl.id, projectID: project.id, pages: gathered.pages)
            return nil
        }
        announce(gathered, progress: progress)
        let files = try importFiles(settings, progress: progress)
        guard !gathered.imported.keywords.isEmpty || !(files?.keywords.isEmpty ?? true) || !(extra?.keywords.isEmpty ?? true) else {
            try store.deleteCrawl(crawlID: crawl.id)
            throw nothingGathered(crawl, gathered)
        }
        let parameters = try Rescrape.checkCanStart(project: project, batchSize: settings.batchSize, store: store)
        let crawled = files.map { $0.merged(with: gathered.imported) } ?? gathered.imported
        let imported = extra.map { crawled.merged(with: $0) } ?? crawled
        let started = try Rescrape.start(project: project, imported: imported, parameters: parameters, store: store)
        try store.linkCrawl(crawlID: crawl.id, projectID: project.id, pages: gathered.pages)
        return started
    }

    /// The crawl that was interrupted for a slug, if any: one still fetching, or one whose
    /// keywords the project does not hold yet.
    public static func interrupted(slug: String, store: Store) throws -> CrawlRecord? {
        try store.pendingCrawl(slug: slug)
    }

    /// The start URL of the project's crawls, when the site is one of its recorded sources.
    public static func crawledSite(project: Project, store: Store) throws -> String? {
        try store.recordedSources(projectID: project.id).last { $0.contains("://") && !$0.hasPrefix("gsc:") }
    }

    public static func importFiles(_ settings: StoredCrawl.Settings, progress: ProgressSink) throws -> KeywordImport? {
        guard !settings.files.isEmpty else { return nil }
        let imported = try KeywordImporter.importFiles(settings.files, column: settings.column, sheet: settings.sheet)
        for file in imported.files { progress(.imported(file: file.path, keywords: file.keywordsKept)) }
        for warning in imported.warnings { progress(.note(warning)) }
        return imported
    }

    static func report(_ counts: CrawlProgress, to progress: ProgressSink) {
        progress(.crawled(fetched: counts.fetched + counts.unchanged, queued: counts.queued,
                          skipped: counts.skipped + counts.skippedByRobots, errors: counts.errors))
    }

    static func announce(_ gathered: StoredCrawl.Gathered, progress: ProgressSink) {
        let counts = gathered.progress
        progress(.note("crawled \(gathered.imported.files.first?.path ?? "the site"): \(counts.fetched) pages fetched, "
            + "\(counts.unchanged) unchanged, \(counts.skippedByRobots) skipped by robots.txt, \(counts.skipped) skipped, "
            + "\(counts.errors) errors; \(gathered.imported.keywords.count) keywords from \(gathered.indexablePages) indexable pages"))
        for warning in gathered.imported.warnings { progress(.note(warning)) }
    }

    static func nothingGathered(_ crawl: CrawlRecord, _ gathered: StoredCrawl.Gathered) -> CrawlError {
        let counts = gathered.progress
        let problem = counts.fetched + counts.unchanged == 0
            ? "no HTML page could be fetched (\(counts.errors) errors, \(counts.skipped + counts.skippedByRobots) skipped)"
            : "no keywords found on \(counts.fetched + counts.unchanged) page(s) (\(gathered.indexablePages) indexable)"
        return CrawlError(url: crawl.startURL, problem: problem,
                          hint: "Check that the site serves HTML pages with titles and headings, or pass its keywords with --keywords=FILE")
    }
}
