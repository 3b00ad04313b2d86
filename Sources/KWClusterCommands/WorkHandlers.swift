import Persistence
import Pipeline
import WorkQueue

/// The handler of every kind of work item, on one store.
enum WorkHandlers {
    static func all(store: Store, lockProject: @escaping @Sendable (String) throws -> AnyObject,
                    progress: @escaping ProgressSink) -> [WorkItem.Kind: any WorkHandler] {
        [.run: RunHandler(store: store, lockProject: lockProject, progress: progress), .embedding: EmbeddingChunkHandler(store: store)]
    }
}
