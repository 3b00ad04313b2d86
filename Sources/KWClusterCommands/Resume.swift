import ArgumentParser
import Foundation
import Persistence
import Pipeline

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
            let (store, project, lock) = try common.openLockedProject(self.project)
            let renderer = common.progressRenderer()
            guard let run = try ProjectRunner.unfinishedRun(project: project, store: store) else {
                let pending = try store.pendingTitleJobCount(projectID: project.id)
                if let last = try store.runs(projectID: project.id).last, pending > 0 {
                    try await ProjectRunner.run(project: project, runID: last.id, store: store, progress: renderer.sink)
                    renderer.finish()
                    print("the run was complete; finished \(pending) pending title(s)")
                } else {
                    print("nothing to resume: every run of \(project.slug) is complete")
                }
                try printRunSummary(project: project, store: store)
                return
            }
            let done = try store.batchRuns(runID: run.id).count { $0.status == .completed }
            print("resuming run \(run.id) of \(project.slug) after batch \(done) of \(run.totalBatches)")
            try await runToEnd(project: project, runID: run.id, store: store, batchLimit: maxBatches, renderer: renderer)
            withExtendedLifetime(lock) {}
        }
    }
}
