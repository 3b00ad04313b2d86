import ArgumentParser
import Foundation
import Projects

struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue a project's unfinished run from its last completed batch.",
        discussion: "A failed batch is retried. A run that finished says so; pending titles are finished."
    )

    @Option(help: "The project's slug, e.g. example-com.")
    var project: String

    @Option(help: "Process at most this many batches now.")
    var maxBatches: Int?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await runReportingErrors {
            let renderer = common.progressRenderer()
            try await finishingProgress(renderer) {
                let outcome = try await ResumeProject.run(slug: project, batchLimit: maxBatches, database: common.database,
                                                          progress: renderer.sink) { step in
                    renderer.finish()
                    print(Self.line(step, slug: project))
                }
                renderer.finish()
                printRunSummary(outcome)
            }
        }
    }

    /// What a step of the resume prints.
    static func line(_ step: ResumeProject.Step, slug: String) -> String {
        switch step {
        case .resumingSearchImport(let property, let pagesStored, let nextStartRow):
            "resuming the Search Console import of \(property): \(pagesStored) pages stored, next row \(nextStartRow)"
        case .resumingCrawl(let startURL, let fetched, let queued):
            "resuming the crawl of \(startURL): \(fetched) pages fetched, \(queued) queued"
        case .created(let created):
            "created project \(created.project.slug): \(created.keywordCount) keywords; run \(created.runID) has \(created.batchCount) batches"
        case .searchImportFinished(let started):
            "Search Console import finished; rescrape run \(started.runID) of \(slug): "
                + "\(started.changes.newKeywords) new keywords, \(started.changes.absentKeywords) absent; \(started.batchCount) batches"
        case .crawlFinished(let started):
            "crawl finished; rescrape run \(started.runID) of \(slug): \(started.changes.newKeywords) new keywords, "
                + "\(started.changes.absentKeywords) absent; \(started.batchCount) batches"
        case .resumingRun(let runID, let completedBatches, let totalBatches):
            "resuming run \(runID) of \(slug) after batch \(completedBatches) of \(totalBatches)"
        case .finishedPendingTitles(let pending):
            "the run was complete; finished \(pending) pending title(s)"
        case .nothingToResume:
            "nothing to resume: every run of \(slug) is complete"
        }
    }
}
