import ArgumentParser
import Foundation
import Projects

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
            let renderer = common.progressRenderer()
            let sources = KeywordSources(files: keywords, column: column, sheet: sheet, crawl: crawlOptions.choice,
                                         crawlOptions: crawlOptions.options, searchConsole: searchConsole.request)
            try await finishingProgress(renderer) {
                try await RescrapeProject.run(slug: project, sources: sources, batchSize: batchSize, model: model, database: common.database,
                                              progress: renderer.sink) { project, started, store in
                    renderer.finish()
                    print("rescrape run \(started.runID) of \(project.slug): \(started.changes.newKeywords) new keywords, "
                          + "\(started.changes.updatedKeywords) known, \(started.changes.absentKeywords) absent; \(started.batchCount) batches")
                    try await continueRun(project: project, runID: started.runID, store: store, batchLimit: maxBatches,
                                          queueing: queueing, common: common, renderer: renderer)
                }
            }
        }
    }
}
