import Foundation
import Persistence
import Pipeline

/// Runs (or continues) a project's run to its end with the code `resume` uses: from the last
/// completed batch's checkpoint, so a worker taking over a dead worker's run ends exactly where
/// an uninterrupted run ends.
public struct RunHandler: WorkHandler {
    public let store: Store
    public let progress: ProgressSink
    /// Takes the project's lock (an advisory lock on PostgreSQL) and holds it until the returned
    /// object goes: a worker that took over an expired lease never runs beside a late owner.
    public let lockProject: @Sendable (String) throws -> AnyObject
    /// How long to wait for a project's lock that another process holds before the attempt
    /// fails: a worker whose lease expired holds it until it notices (at its next heartbeat)
    /// and stops at the end of the batch in hand.
    public let lockWaitSeconds: Double
    /// Where an LLM run shares its title requests with the workers of its `titles` items (nil:
    /// the run sends them all itself).
    public let queue: WorkQueue?

    public init(store: Store, queue: WorkQueue? = nil, lockProject: @escaping @Sendable (String) throws -> AnyObject = { _ in NoLock() },
                lockWaitSeconds: Double = 60, progress: @escaping ProgressSink = { _ in }) {
        self.store = store
        self.queue = queue
        self.lockProject = lockProject
        self.lockWaitSeconds = lockWaitSeconds
        self.progress = progress
    }

    /// The lock of a store only one process uses (tests on an in-memory store).
    public final class NoLock: Sendable {
        public init() {}
    }

    public func perform(_ item: WorkItem) async throws {
        guard let runID = item.runID else { throw WorkQueueError.badPayload(itemID: item.id, detail: "a run item without a run id") }
        guard let project = try store.project(slug: item.project) else {
            throw PipelineError.failed("no project '\(item.project)' in the store")
        }
        let lock = try await waitForLock(project.slug)
        let titleRequests = queue.flatMap { queue in
            item.leaseOwner.map { QueueTitleRequests(queue: queue, project: project.slug, runID: runID, itemID: item.id, worker: $0) }
        }
        try await ProjectRunner.run(project: project, runID: runID, store: store, titleRequests: titleRequests, progress: progress)
        withExtendedLifetime(lock) {}
    }

    /// The project's lock, tried again every half second for ``lockWaitSeconds``.
    func waitForLock(_ slug: String) async throws -> AnyObject {
        let deadline = Date().addingTimeInterval(lockWaitSeconds)
        while true {
            do { return try lockProject(slug) } catch {
                guard Date() < deadline else { throw error }
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
