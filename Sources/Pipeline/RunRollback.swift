import Foundation
import Persistence

/// `rollback`: restores a project to the state after batch N of its latest run, and marks the
/// later batches pending, so `resume` redoes them (and ends exactly as a run never rolled back).
public enum RunRollback {
    /// - Complexity: O(keywords of batches 1...N): their assignments are restored from the
    ///   checkpoints and the cluster rows rebuilt batch by batch, as the run built them.
    public static func rollback(project: Project, toBatch batchNumber: Int, store: Store) throws -> ProcessingRun {
        guard let run = try store.runs(projectID: project.id).last else {
            throw PipelineError.failed("project '\(project.slug)' has no run to roll back")
        }
        guard run.kind == .create else {
            throw PipelineError.failed("rollback works within a create run; run \(run.id) is a \(run.kind.rawValue) run")
        }
        guard batchNumber >= 1, batchNumber <= run.totalBatches else {
            throw PipelineError.badUsage("--to-batch must be between 1 and \(run.totalBatches) for run \(run.id)")
        }
        let checkpoints = try store.checkpoints(runID: run.id).filter { $0.batchNumber <= batchNumber }
        guard checkpoints.map(\.batchNumber) == Array(1...batchNumber) else {
            throw PipelineError.failed("batch \(batchNumber) of run \(run.id) has not completed; `kwcluster status --project=\(project.slug) --show-batches` shows which have")
        }
        var book = ClusterBook(rows: [])
        var assignments: [Assignment] = []
        // Runs with fine clusters: the topic of each fine cluster after each batch.
        var topicOf: [Int32]?
        var pillars: [(batchNumber: Int, changes: PillarChanges)] = []
        for checkpoint in checkpoints {
            let state = try CheckpointManager.state(of: checkpoint)
            pillars.append((checkpoint.batchNumber, state.pillarChanges))
            if let topics = state.topics {
                topicOf = topics.topicOf
            } else if let added = state.newClusterTopics {
                topicOf? += added
            }
            let ids = try CheckpointManager.processedKeywords(of: checkpoint)
            let keywords = try store.keywords(ids: ids)
            guard keywords.count == ids.count, state.clusters.count == ids.count, state.similarities.count == ids.count else {
                throw PipelineError.failed("checkpoint of batch \(checkpoint.batchNumber) does not match the keywords table")
            }
            if let topicOf, let highest = state.clusters.max(), Int(highest) >= topicOf.count {
                throw PipelineError.failed("checkpoint of batch \(checkpoint.batchNumber) names cluster \(highest), which has no topic")
            }
            let members = keywords.indices.map {
                let cluster = state.clusters[$0]
                return ClusterBook.Member(keyword: keywords[$0], clusterID: topicOf.map { Int($0[Int(cluster)]) } ?? Int(cluster),
                                          similarity: state.similarities[$0])
            }
            _ = book.add(members, runID: run.id, batchNumber: checkpoint.batchNumber)
            assignments += members.map { Assignment(keywordID: $0.keyword.id, clusterID: $0.clusterID, similarity: $0.similarity) }
        }
        try store.rollback(runID: run.id, projectID: project.id, toBatch: batchNumber, assignments: assignments,
                           clusters: book.rows.keys.sorted().map { book.rows[$0]! }, pillars: pillars)
        return run
    }
}
