import Foundation
import Persistence
import Pipeline

/// A `titles` item: sends a run's LLM title requests ahead of the run's own title generator,
/// so a run's titles are asked for by several workers at once, within the run's shared budget.
/// The worker ends the item when the run's item is no longer open and no request is free, or
/// when the budget is used up.
public struct TitleRequestHandler: WorkHandler {
    public let store: Store
    public let queue: WorkQueue
    /// How long to wait before looking again when no request is free while the run goes on.
    public let pollSeconds: Double

    public init(store: Store, queue: WorkQueue, pollSeconds: Double = 0.2) {
        self.store = store
        self.queue = queue
        self.pollSeconds = pollSeconds
    }

    public func perform(_ item: WorkItem) async throws {
        guard let runID = item.runID, let worker = item.leaseOwner else {
            throw WorkQueueError.badPayload(itemID: item.id, detail: "a titles item without a run id or holder")
        }
        guard let project = try store.project(slug: item.project) else {
            throw PipelineError.failed("no project '\(item.project)' in the store")
        }
        guard let run = try store.run(id: runID) else { throw PipelineError.failed("run \(runID) does not exist") }
        let parameters = try RunParameters.decode(run.parameters)
        guard parameters.titles == .llm else { return }
        let requests = QueueTitleRequests(queue: queue, project: project.slug, runID: runID, itemID: item.id, worker: worker)
        let backend = try ProjectRunner.titleBackend(parameters, budget: requests.budget)
        let concurrency = max(1, parameters.llm?.maxConcurrentRequests ?? 1)
        let store = store
        while true {
            try Task.checkCancellation()
            let answered: Int
            do {
                answered = try await requests.answerAhead(store: store, projectID: project.id, backend: backend, requests: concurrency)
            } catch is TitleBudgetReached {
                return
            }
            if answered > 0 { continue }
            guard try await queue.runIsOpen(project: project.slug, runID: runID) else { return }
            try await Task.sleep(for: .seconds(pollSeconds))
        }
    }
}
