import Foundation
import Persistence
import Pipeline
import Projects

/// Runs `body`, ending any progress bar on stderr before an error is reported.
func finishingProgress(_ renderer: ProgressRenderer, _ body: () async throws -> Void) async throws {
    do { try await body() } catch {
        renderer.finish()
        throw error
    }
}

/// What create and rescrape do once their run exists: queue it for workers (`--enqueue`), or
/// go through it here and print the closing lines.
func continueRun(project: Project, runID: Int64, headStart: FirstBatchHeadStart.Pending? = nil, store: Store, batchLimit: Int?,
                 queueing: EnqueueOptions, common: CommonOptions, renderer: ProgressRenderer) async throws {
    if queueing.enqueue {
        try await Enqueue.run(project: project, runID: runID, store: store, titleItems: queueing.titleItems, common: common)
        return
    }
    let outcome = try await RunProject.toEnd(project: project, runID: runID, store: store, batchLimit: batchLimit,
                                             headStart: headStart, progress: renderer.sink)
    renderer.finish()
    printRunSummary(outcome)
}

/// The closing lines of create, resume and rescrape.
func printRunSummary(_ outcome: RunOutcome) {
    print("done: \(outcome.counts.assigned) keywords in \(outcome.counts.clusters) clusters, \(outcome.counts.titled) titled")
    print("next: kwcluster export --project=\(outcome.project.slug) --format=csv --output=\(outcome.project.slug).csv")
}
