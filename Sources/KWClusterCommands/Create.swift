import ArgumentParser
import Foundation
import Persistence
import Pipeline

struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a project from keyword exports and cluster it batch by batch.",
        discussion: "The project's slug comes from the domain: example.com becomes example-com."
    )

    @Option(help: "The site's domain, e.g. example.com.")
    var domain: String

    @Option(help: "A keyword file (any supported export, or one keyword per line). Repeat for several files.")
    var keywords: [String] = []

    @Option(help: "The keyword column of a CSV no format is detected for.")
    var column: String?

    @Option(help: "Process at most this many batches now; `resume` does the rest.")
    var maxBatches: Int?

    @OptionGroup var run: RunOptions
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let renderer = common.progressRenderer()
        try await runReportingErrors {
            // Usage first, alone; then everything that can fail without writing: the model
            // choice, an existing project, the files. Only then the database and the lock.
            let slug = try ProjectCreator.checkUsage(domain: domain, files: keywords)
            let parameters = try run.parameters(progress: renderer.sink)
            if FileManager.default.fileExists(atPath: common.databasePath),
               try common.openStore().project(slug: slug) != nil {
                throw ProjectCreator.alreadyExists(slug)
            }
            let prepared = try ProjectCreator.prepare(domain: domain, files: keywords, column: column,
                                                      parameters: parameters, progress: renderer.sink)
            let store = try common.openStore()
            let lock = try ProjectLock(databasePath: common.databasePath, project: slug)
            let created = try ProjectCreator.create(prepared, parameters: parameters, store: store)
            print("created project \(created.project.slug): \(created.keywordCount) keywords from "
                  + "\(created.files.count) file(s); run \(created.runID) has \(created.batchCount) batches")
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
