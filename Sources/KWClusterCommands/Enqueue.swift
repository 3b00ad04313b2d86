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
    /// - Parameter titleItems: `titles` items to queue beside a run with LLM titles.
    static func run(project: Project, runID: Int64, store: Store, titleItems: Int, common: CommonOptions) async throws {
        let address = try common.queueAddress(for: "--enqueue")
        let queue = try await WorkQueue.open(address)
        let chunks = try EmbeddingChunks.plan(project: project, runID: runID, store: store)
        let llmTitles = try store.run(id: runID).map { try RunParameters.decode($0.parameters).titles == .llm } ?? false
        let titles = llmTitles ? (0..<titleItems).map { _ in NewWorkItem(kind: .titles, project: project.slug, runID: runID) } : []
        try await queue.enqueue([NewWorkItem(kind: .run, project: project.slug, runID: runID)] + chunks + titles)
        await queue.close()
        let extras = [chunks.isEmpty ? nil : "\(chunks.count) embedding chunk(s)", titles.isEmpty ? nil : "\(titles.count) titles item(s)"]
        print("queued run \(runID) of \(project.slug)" + extras.compactMap { $0 }.map { " and \($0)" }.joined()
              + "; workers take it: kwcluster worker --db=\(address.redacted)")
    }
}
