import Foundation
import Persistence
import Pipeline
import PostgresPersistence
import WorkQueue

/// `create --enqueue` and `rescrape --enqueue`: the project and its run are recorded in the
/// store as usual, and the run (with its embedding chunks, for semantic vectors) is queued for
/// workers instead of being run here.
enum Enqueue {
    /// Queues `runID` of `project` and prints what was queued.
    static func run(project: Project, runID: Int64, store: Store, common: CommonOptions) async throws {
        let address = try common.queueAddress(for: "--enqueue")
        let queue = try await WorkQueue.open(address)
        let chunks = try EmbeddingChunks.plan(project: project, runID: runID, store: store)
        try await queue.enqueue([NewWorkItem(kind: .run, project: project.slug, runID: runID)] + chunks)
        await queue.close()
        print("queued run \(runID) of \(project.slug)" + (chunks.isEmpty ? "" : " and \(chunks.count) embedding chunk(s)")
              + "; workers take it: kwcluster worker --db=\(address.redacted)")
    }
}
