import Persistence
import Pipeline
import WorkQueue

/// The handler of every kind of work item, on one store.
enum WorkHandlers {
    /// - Parameter leaseSeconds: the workers' lease; a run waits up to three leases (at least a
    ///   minute) for a project lock that a worker whose lease expired still holds.
    static func all(store: Store, queue: WorkQueue, leaseSeconds: Double, lockProject: @escaping @Sendable (String) throws -> AnyObject,
                    progress: @escaping ProgressSink) -> [WorkItem.Kind: any WorkHandler] {
        [.run: RunHandler(store: store, queue: queue, lockProject: lockProject, lockWaitSeconds: max(60, 3 * leaseSeconds),
                          progress: progress),
         .embedding: EmbeddingChunkHandler(store: store),
         .titles: TitleRequestHandler(store: store, queue: queue)]
    }
}
