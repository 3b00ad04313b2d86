import Clustering
import Foundation
import Persistence

/// Writes and reads the K-means state of `batch_checkpoints`.
///
/// Every checkpoint records what its batch did, so storage grows with keywords, not with
/// batches x keywords:
/// - `processed_keywords`: the ids of the batch's keywords (JSON array);
/// - `cluster_state`: JSON `CheckpointState`: the generator state after the batch, the
///   cluster each keyword joined (aligned with `processed_keywords`), and the clusters the
///   batch created with the keyword that seeded each;
/// - `centroids`: a full snapshot of the model (JSON with the exact bytes in base64) on the
///   first batch, every `snapshotInterval` batches and after refinement, else NULL. Writing
///   a snapshot clears the older ones but the first, so at most two are kept.
///
/// Restoring reads the newest snapshot and replays the batches after it (vectors, new
/// clusters, absorb): the same float operations in the same order, so the model is
/// bit-identical to the one that was running.
public enum CheckpointManager {
    /// The `cluster_state` JSON.
    struct CheckpointState: Codable, Equatable {
        enum Step: String, Codable { case start, fit, batch, refinement }
        var format = "kwcluster-checkpoint/1"
        var step: Step
        var generator: SeededGenerator
        var clusterCount: Int
        /// The cluster of each processed keyword, aligned with `processed_keywords`.
        var clusters: [Int32]
        /// Each processed keyword's similarity to its centre when assigned (what `rollback` restores).
        var similarities: [Float]
        /// [cluster id, seeding keyword id] for each cluster this batch created, in creation order.
        var newClusters: [[Int64]]
        var inertia: Double
        /// The pillars this batch changed (what `rollback` replays): [cluster id, pillar id,
        /// sibling ids...] for each topic whose pillar or siblings changed. Nil before pillars.
        var pillarTopics: [[Int]]?
        /// The pillar ids this batch gave for the first time.
        var newPillars: [Int]?

        /// The pillar changes as recorded.
        var pillarChanges: PillarChanges {
            PillarChanges(topics: (pillarTopics ?? []).compactMap { entry in
                entry.count >= 2 ? TopicPillar(clusterID: entry[0], pillarID: entry[1], siblings: Array(entry.dropFirst(2))) : nil
            }, newPillars: newPillars ?? [])
        }

        /// Records `changes` (left nil when nothing changed).
        mutating func record(_ changes: PillarChanges) {
            pillarTopics = changes.topics.isEmpty ? nil : changes.topics.map { [$0.clusterID, $0.pillarID] + $0.siblings }
            newPillars = changes.newPillars.isEmpty ? nil : changes.newPillars
        }
        /// Runs with fine clusters, on checkpoints with a snapshot: the whole topic map after the
        /// batch (absent otherwise, so the JSON of other runs is unchanged).
        var topics: TopicMap? = nil
        /// Runs with fine clusters, on checkpoints without a snapshot: the topic of each cluster
        /// the batch created, in creation order.
        var newClusterTopics: [Int32]? = nil
    }

    /// The `centroids` JSON of a snapshot.
    struct Snapshot: Codable {
        static let format = "kwcluster-kmeans-model/1"
        var format = Snapshot.format
        var clusterCount: Int
        var base64: String
    }

    static func checkpoint(runID: Int64, batchNumber: Int, state: CheckpointState, processed: [Int64],
                           snapshotOf model: KMeansModel?) -> BatchCheckpoint {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let stateJSON = (try? encoder.encode(state)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let processedJSON = (try? encoder.encode(processed)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        // The snapshot's JSON is written directly: base64 needs no escaping, and JSONEncoder would
        // scan tens of megabytes at a million keywords. `Snapshot` decodes it.
        let centroids = model.map { model -> String in
            let format = Snapshot.format
            return "{\"base64\":\"" + Data(model.serialized()).base64EncodedString()
                + "\",\"clusterCount\":\(model.clusterCount),\"format\":\"\(format)\"}"
        }
        return BatchCheckpoint(runID: runID, batchNumber: batchNumber, clusterState: stateJSON,
                               processedKeywords: processedJSON, centroids: centroids)
    }

    /// What `restore` gives back: the model, generator and topic map after a batch.
    struct Restored {
        var model: KMeansModel
        var generator: SeededGenerator
        var batch: Int
        /// Runs with fine clusters: the topic of each model cluster.
        var topics: TopicMap?

        /// The topic id of each model cluster (the cluster's own id without a map).
        func topic(ofCluster cluster: Int) -> Int { topics.map { Int($0.topicOf[cluster]) } ?? cluster }
    }

    /// The model, generator and topic map after the last of `checkpoints` (as returned by
    /// `Store.checkpointsForRestore`: a snapshot first, then the batches after it).
    /// - Complexity: O(snapshot size + keywords of the replayed batches)
    static func restore(_ checkpoints: [BatchCheckpoint], store: Store, source: any VectorSource) throws -> Restored {
        guard let first = checkpoints.first, let centroids = first.centroids else {
            throw PipelineError.failed("no checkpoint snapshot to restore from")
        }
        var model: KMeansModel
        var generator: SeededGenerator
        var topics: TopicMap?
        do {
            let snapshot = try JSONDecoder().decode(Snapshot.self, from: Data(centroids.utf8))
            guard let bytes = Data(base64Encoded: snapshot.base64) else { throw PipelineError.failed("bad base64") }
            model = try KMeansModel(serialized: [UInt8](bytes))
            let firstState = try state(of: first)
            generator = firstState.generator
            topics = firstState.topics
        } catch {
            throw PipelineError.failed("checkpoint of batch \(first.batchNumber) (run \(first.runID)) is unreadable: \(error). Run `kwcluster check` or roll back with `kwcluster rollback`")
        }
        // Replaying only updates sums and centres: the search index is built once at the end.
        if checkpoints.count > 1 { model.deferSearchIndex() }
        for checkpoint in checkpoints.dropFirst() {
            let state: CheckpointState
            let ids: [Int64]
            do {
                state = try Self.state(of: checkpoint)
                ids = try JSONDecoder().decode([Int64].self, from: Data(checkpoint.processedKeywords.utf8))
            } catch {
                throw PipelineError.failed("checkpoint of batch \(checkpoint.batchNumber) (run \(checkpoint.runID)) is unreadable: \(error). "
                    + "Roll back before it with `kwcluster rollback --to-batch=\(checkpoint.batchNumber - 1)`, then `kwcluster resume`")
            }
            let rows: [KeywordRow]
            rows = try store.keywords(ids: ids)
            guard rows.count == ids.count, state.clusters.count == ids.count else {
                throw PipelineError.failed("checkpoint of batch \(checkpoint.batchNumber) does not match the keywords table")
            }
            let vectors = try source.vectors(for: rows)
            let position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let seeds = state.newClusters.compactMap { position[$0[1]] }
            if !seeds.isEmpty { model.appendClusters(seededBy: vectors, indices: seeds) }
            model.absorb(vectors, into: state.clusters)
            generator = state.generator
            if let added = state.newClusterTopics { topics?.topicOf += added }
        }
        if checkpoints.count > 1 { model.buildSearchIndex() }
        if let topics, topics.topicOf.count != model.clusterCount {
            throw PipelineError.failed("the checkpoints of run \(first.runID) map \(topics.topicOf.count) clusters to topics but hold \(model.clusterCount). Roll back with `kwcluster rollback`")
        }
        return Restored(model: model, generator: generator, batch: checkpoints.last!.batchNumber, topics: topics)
    }

    static func state(of checkpoint: BatchCheckpoint) throws -> CheckpointState {
        try JSONDecoder().decode(CheckpointState.self, from: Data(checkpoint.clusterState.utf8))
    }

    static func processedKeywords(of checkpoint: BatchCheckpoint) throws -> [Int64] {
        try JSONDecoder().decode([Int64].self, from: Data(checkpoint.processedKeywords.utf8))
    }
}
