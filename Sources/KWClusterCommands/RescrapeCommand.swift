import ArgumentParser
import Foundation
import Pipeline

struct RescrapeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescrape",
        abstract: "Bring a new keyword export into a project without reshuffling its clusters.",
        discussion: """
        Known keywords keep their cluster and get the new metrics; new keywords join existing clusters when close \
        enough, else seed new ones, in batches with checkpoints (resume works as for create); keywords missing \
        from the export are kept and marked absent. Without --keywords, the project's recorded files are read again.
        """
    )

    @Option(help: "The project's slug, e.g. example-com.")
    var project: String

    @Option(help: "A keyword file; repeat for several. Default: the files the project was made from.")
    var keywords: [String] = []

    @Option(help: "The keyword column of a CSV no format is detected for.")
    var column: String?

    @Option(help: "Keywords per batch (50-100000); default: the previous run's.")
    var batchSize: Int?

    @Option(help: "Process at most this many batches now; `resume` does the rest.")
    var maxBatches: Int?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await runReportingErrors {
            let (store, project, lock) = try common.openLockedProject(self.project)
            let renderer = common.progressRenderer()
            let started = try Rescrape.start(project: project, files: keywords, column: column, batchSize: batchSize,
                                             store: store, progress: renderer.sink)
            print("rescrape run \(started.runID) of \(project.slug): \(started.changes.newKeywords) new keywords, "
                  + "\(started.changes.updatedKeywords) known, \(started.changes.absentKeywords) absent; \(started.batchCount) batches")
            try await runToEnd(project: project, runID: started.runID, store: store, batchLimit: maxBatches, renderer: renderer)
            withExtendedLifetime(lock) {}
        }
    }
}
