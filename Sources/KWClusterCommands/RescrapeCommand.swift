import ArgumentParser
import Crawler
import Foundation
import Pipeline
import SearchConsole

struct RescrapeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescrape",
        abstract: "Bring a new keyword export into a project without reshuffling its clusters.",
        discussion: """
        Known keywords keep their cluster and get the new metrics; new keywords join existing clusters when close \
        enough, else seed new ones, in batches with checkpoints (resume works as for create); keywords missing \
        from the export are kept and marked absent. Without --keywords, the project's recorded files are read again \
        (with the --sheet they were read with), a crawled site is crawled again (conditional requests: unchanged pages \
        are not downloaded twice), and a Search Console property is asked for the days after its last import.
        """
    )

    @Option(help: "The project's slug, e.g. example-com.")
    var project: String

    @Option(help: "A keyword file; repeat for several. Default: the files the project was made from.")
    var keywords: [String] = []

    @Option(help: "The keyword column of a CSV no format is detected for.")
    var column: String?

    @Option(help: "The sheet of a workbook (XLSX), or the CSV inside a ZIP archive, to read keywords from (default: the first whose header names a keyword column).")
    var sheet: String?

    @Option(help: "Keywords per batch (50-100000); default: the previous run's.")
    var batchSize: Int?

    @Option(help: "Process at most this many batches now; `resume` does the rest.")
    var maxBatches: Int?

    @Option(help: "The project's model (all-MiniLM-L6-v2, all-mpnet-base-v2 or a folder); a project keeps its model, so another is refused.")
    var model: String?

    @OptionGroup var queueing: EnqueueOptions

    @OptionGroup var crawlOptions: CrawlCommandOptions
    @OptionGroup var searchConsole: SearchConsoleOptions
    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await runReportingErrors {
            if queueing.enqueue { _ = try common.openSharedStore(for: "--enqueue") }
            let (store, project, lock) = try common.openLockedProject(self.project)
            if let model { try Rescrape.checkModel(model, project: project, store: store) }
            let renderer = common.progressRenderer()
            let site = try CrawledProject.crawledSite(project: project, store: store)
            let started: Rescrape.Started
            let crawling = crawlOptions.crawling(files: keywords, siteIsSource: site != nil)
            let lastSearch = try store.latestImportedSearchImport(projectID: project.id)
            if searchConsole.gsc != nil || (keywords.isEmpty && lastSearch != nil) {
                if crawling, try CrawledProject.interrupted(slug: project.slug, store: store) != nil {
                    throw PipelineError.failed("a crawl of \(project.slug) was interrupted; `kwcluster resume --project=\(project.slug)` finishes it")
                }
                if try store.pendingSearchImport(slug: project.slug) != nil {
                    throw PipelineError.failed("a Search Console import of \(project.slug) was interrupted; `kwcluster resume --project=\(project.slug)` finishes it")
                }
                _ = try Rescrape.checkCanStart(project: project, batchSize: batchSize, store: store)
                let recorded = try lastSearch.map { try SearchConsoleSource.Settings.decode($0.settings) }
                guard let credentials = searchConsole.gscCredentials ?? recorded?.credentials else {
                    throw PipelineError.badUsage("--gsc needs --gsc-credentials=FILE: a service account's JSON key or an authorized-user file")
                }
                _ = try SearchConsoleCredentials.load(from: credentials)
                let query = try SearchConsoleSource.rescrapeQuery(last: lastSearch, options: searchConsole)
                let files = keywords.isEmpty ? try Rescrape.recordedFiles(project: project, store: store) : keywords
                var settings = searchConsole.settings(credentials: credentials, recorded: recorded)
                settings.domain = site ?? project.domain
                settings.files = files
                settings.column = column
                settings.sheet = try keywords.isEmpty ? sheet ?? Rescrape.recordedSheet(project: project, files: files, store: store) : sheet
                settings.crawl = crawling ? crawlOptions.options : nil
                settings.batchSize = batchSize
                let record = try SearchConsoleSource.begin(slug: project.slug, kind: .rescrape, projectID: project.id, query: query,
                                                           settings: settings, store: store)
                guard let made = try await SearchConsoleSource.rescrape(record, project: project, store: store, progress: renderer.sink) else {
                    throw PipelineError.failed("the rescrape run of \(project.slug) exists already; `kwcluster resume --project=\(project.slug)` finishes it")
                }
                renderer.finish()
                started = made
            } else if crawling {
                if try CrawledProject.interrupted(slug: project.slug, store: store) != nil {
                    throw PipelineError.failed("a crawl of \(project.slug) was interrupted; `kwcluster resume --project=\(project.slug)` finishes it")
                }
                _ = try Rescrape.checkCanStart(project: project, batchSize: batchSize, store: store)
                let files = keywords.isEmpty ? try Rescrape.recordedFiles(project: project, store: store) : keywords
                let domain = site ?? project.domain
                let discovery = try await SiteCrawler.discover(domain: domain, options: crawlOptions.options)
                let sheetToRead = try keywords.isEmpty ? sheet ?? Rescrape.recordedSheet(project: project, files: files, store: store) : sheet
                let settings = StoredCrawl.Settings(domain: domain, options: crawlOptions.options, files: files, column: column,
                                                    sheet: sheetToRead, runParameters: nil, batchSize: batchSize)
                let crawl = try StoredCrawl.begin(discovery, slug: project.slug, kind: .rescrape, projectID: project.id,
                                                  settings: settings, store: store)
                guard let made = try await CrawledProject.rescrape(crawl, project: project, store: store, progress: renderer.sink) else {
                    throw PipelineError.failed("the rescrape run of \(project.slug) exists already; `kwcluster resume --project=\(project.slug)` finishes it")
                }
                renderer.finish()
                started = made
            } else {
                started = try Rescrape.start(project: project, files: keywords, column: column, sheet: sheet, batchSize: batchSize,
                                             store: store, progress: renderer.sink)
            }
            print("rescrape run \(started.runID) of \(project.slug): \(started.changes.newKeywords) new keywords, "
                  + "\(started.changes.updatedKeywords) known, \(started.changes.absentKeywords) absent; \(started.batchCount) batches")
            if queueing.enqueue {
                try await Enqueue.run(project: project, runID: started.runID, store: store, titleItems: queueing.titleItems, common: common)
                withExtendedLifetime(lock) {}
                return
            }
            try await runToEnd(project: project, runID: started.runID, store: store, batchLimit: maxBatches, renderer: renderer)
            withExtendedLifetime(lock) {}
        }
    }
}
