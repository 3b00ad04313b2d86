import Foundation
import Persistence
import Pipeline

/// Runs (or continues) a project's run to its end with the code `resume` uses: from the last
/// completed batch's checkpoint, so a worker taking over a dead worker's run ends exactly where
/// an uninterrupted run ends.
public struct RunHandler: WorkHandler {
    public let store: Store
    public let progress: ProgressSink

    public init(store: Store, progress: @escaping ProgressSink = { _ in }) {
        self.store = store
        self.progress = progress
    }

    public func perform(_ item: WorkItem) async throws {
        guard let runID = item.runID else { throw WorkQueueError.badPayload(itemID: item.id, detail: "a run item without a run id") }
        guard let project = try store.project(slug: item.project) else {
            throw PipelineError.failed("no project '\(item.project)' in the store")
        }
        try await ProjectRunner.run(project: project, runID: runID, store: store, progress: progress)
    }
}
