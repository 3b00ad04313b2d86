import ArgumentParser
import Crawler
import Foundation
import Persistence
import Pipeline
import SearchConsole

struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a project from the site (crawled) and/or keyword exports, and cluster it batch by batch.",
        discussion: """
        The project's slug comes from the domain's host: example.com becomes example-com. Without --keywords the \
        site is crawled (robots.txt obeyed, sitemaps read, internal links followed) and its pages become the keywords; \
        with --keywords and --crawl=on both are merged. With --gsc the property's Search Console queries are a source \
        too (merged with any files, and with the crawl when --crawl=on); the import is stored a page at a time, so \
        `resume` continues one a kill interrupted.
        """
    )

    @Option(help: "The site's domain, e.g. example.com, or a start URL such as http://127.0.0.1:8080/.")
    var domain: String

    @Option(help: "A keyword file (any supported export, or one keyword per line). Repeat for several files.")
    var keywords: [String] = []

    @Option(help: "The keyword column of a CSV no format is detected for.")
    var column: String?

    @Option(help: "The sheet of a workbook (XLSX), or the CSV inside a ZIP archive, to read keywords from (default: the first whose header names a keyword column).")
    var sheet: String?

    @Option(help: "Process at most this many batches now; `resume` does the rest.")
    var maxBatches: Int?

    @OptionGroup var queueing: EnqueueOptions

    @OptionGroup var crawlOptions: CrawlCommandOptions
    @OptionGroup var searchConsole: SearchConsoleOptions
    @OptionGroup var run: RunOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        try searchConsole.validateForCreate()
    }

    func run() async throws {
        let renderer = common.progressRenderer()
        try await runReportingErrors {
            // Usage first, alone; then everything that can fail without writing: the model
            // choice, an existing project, the files, the site's robots.txt. Only then the
            // database and the lock.
            if queueing.enqueue { _ = try common.openSharedStore(for: "--enqueue") }
            let searching = searchConsole.gsc != nil
            let crawling = crawlOptions.crawling(files: keywords, searchConsole: searching)
            let slug = try ProjectCreator.checkUsage(domain: domain, files: keywords, crawling: crawling, searchConsole: searching)
            let parameters = try run.parameters(progress: renderer.sink)
            let databaseExisted = common.databaseExists
            if databaseExisted {
                let store = try common.openStore()
                if try store.project(slug: slug) != nil { throw ProjectCreator.alreadyExists(slug) }
                if crawling, try CrawledProject.interrupted(slug: slug, store: store) != nil {
                    throw PipelineError.failed("a crawl of \(slug) was interrupted; `kwcluster resume --project=\(slug)` finishes it and creates the project")
                }
                if try store.pendingSearchImport(slug: slug) != nil {
                    throw PipelineError.failed("a Search Console import of \(slug) was interrupted; `kwcluster resume --project=\(slug)` finishes it and creates the project")
                }
            }
            // A credentials file that cannot be used fails here, before anything is written.
            if let path = searchConsole.gscCredentials, searching { _ = try SearchConsoleCredentials.load(from: path) }
            let prepared = keywords.isEmpty ? nil : try ProjectCreator.prepare(
                domain: domain, files: keywords, column: column, sheet: sheet, parameters: parameters, crawling: crawling,
                progress: renderer.sink)
            try parameters.validate()
            let created: ProjectCreator.Created
            let store: Store
            let lock: AnyObject
            if let property = searchConsole.gsc, let credentials = searchConsole.gscCredentials {
                store = try common.openStore()
                lock = try common.lockProject(slug)
                var settings = searchConsole.settings(credentials: credentials)
                settings.domain = domain
                settings.files = keywords
                settings.column = column
                settings.sheet = sheet
                settings.runParameters = parameters.json()
                settings.crawl = crawling ? crawlOptions.options : nil
                do {
                    let record = try SearchConsoleSource.begin(slug: slug, kind: .create, projectID: nil,
                                                               query: searchConsole.query(property: property), settings: settings,
                                                               store: store)
                    created = try await SearchConsoleSource.create(record, files: prepared?.imported, store: store,
                                                                   progress: renderer.sink)
                } catch {
                    renderer.finish()
                    // A new database goes unless it keeps an import for `resume` (see SearchConsoleSource.cleanUp).
                    if !databaseExisted, (try? store.pendingSearchImport(slug: slug)) == nil { common.removeDatabaseFiles(lockOf: slug) }
                    throw error
                }
                renderer.finish()
            } else if crawling {
                let discovery = try await SiteCrawler.discover(domain: domain, options: crawlOptions.options)
                store = try common.openStore()
                lock = try common.lockProject(slug)
                let settings = StoredCrawl.Settings(domain: domain, options: crawlOptions.options, files: keywords, column: column,
                                                    sheet: sheet, runParameters: parameters.json(), batchSize: nil)
                do {
                    let crawl = try StoredCrawl.begin(discovery, slug: slug, kind: .create, projectID: nil, settings: settings, store: store)
                    created = try await CrawledProject.create(crawl, files: prepared?.imported, store: store, progress: renderer.sink)
                } catch let error as CrawlError {
                    renderer.finish()
                    if !databaseExisted { common.removeDatabaseFiles(lockOf: slug) }
                    throw error
                }
                renderer.finish()
            } else {
                guard let prepared else { throw ProjectCreator.alreadyExists(slug) }
                store = try common.openStore()
                lock = try common.lockProject(slug)
                created = try ProjectCreator.create(prepared, parameters: parameters, store: store)
            }
            print("created project \(created.project.slug): \(created.keywordCount) keywords from "
                  + "\(created.files.count) source(s); run \(created.runID) has \(created.batchCount) batches")
            if queueing.enqueue {
                try await Enqueue.run(project: created.project, runID: created.runID, store: store, titleItems: queueing.titleItems, common: common)
                withExtendedLifetime(lock) {}
                return
            }
            try await runToEnd(project: created.project, runID: created.runID, store: store, batchLimit: maxBatches,
                               headStart: created.headStart, renderer: renderer)
            withExtendedLifetime(lock) {}
        }
    }
}

/// Runs (or continues) a run, then prints the closing lines: shared by create, resume and rescrape.
func runToEnd(project: Project, runID: Int64, store: Store, batchLimit: Int?, headStart: FirstBatchHeadStart.Pending? = nil,
              renderer: ProgressRenderer) async throws {
    try await ProjectRunner.run(project: project, runID: runID, store: store, batchLimit: batchLimit, headStart: headStart,
                                progress: renderer.sink)
    renderer.finish()
    try printRunSummary(project: project, store: store)
}

/// The closing lines of create, resume and rescrape.
func printRunSummary(project: Project, store: Store) throws {
    let counts = try store.keywordCounts(projectID: project.id)
    print("done: \(counts.assigned) keywords in \(counts.clusters) clusters, \(counts.titled) titled")
    print("next: kwcluster export --project=\(project.slug) --format=csv --output=\(project.slug).csv")
}
