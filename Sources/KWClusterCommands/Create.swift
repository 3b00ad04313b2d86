import ArgumentParser
import Foundation
import Persistence
import Pipeline
import Projects

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
            // Usage first, alone; then the model choice; then (in the use case) everything that
            // can fail without writing, and only then the database and the lock.
            if queueing.enqueue { _ = try common.openSharedStore(for: "--enqueue") }
            let sources = KeywordSources(files: keywords, column: column, sheet: sheet, crawl: crawlOptions.choice,
                                         crawlOptions: crawlOptions.options, searchConsole: searchConsole.request)
            _ = try CreateProject.checkUsage(domain: domain, sources: sources)
            let parameters = try run.parameters(progress: renderer.sink)
            try await finishingProgress(renderer) {
                try await CreateProject.run(domain: domain, sources: sources, parameters: parameters, database: common.database,
                                            progress: renderer.sink) { created, store in
                    renderer.finish()
                    print("created project \(created.project.slug): \(created.keywordCount) keywords from "
                          + "\(created.files.count) source(s); run \(created.runID) has \(created.batchCount) batches")
                    try await continueRun(project: created.project, runID: created.runID, headStart: created.headStart, store: store,
                                          batchLimit: maxBatches, queueing: queueing, common: common, renderer: renderer)
                }
            }
        }
    }
}
