import Foundation
import Persistence

/// `check`: verifies that a project's tables and checkpoints agree. Every processed keyword is
/// assigned exactly once; each run's checkpoints cover exactly its completed batches and the
/// keywords it assigned; cluster rows match their members; the latest checkpoint restores.
public enum IntegrityCheck {
    public struct Report: Sendable {
        public var problems: [String]
        public var checkedRuns: Int
        public var checkedKeywords: Int
    }

    public static func check(project: Project, store: Store) throws -> Report {
        var problems: [String] = []
        let assignments = try store.assignments(projectID: project.id)
        var assignedByRun: [Int64: Set<Int64>] = [:]
        let runs = try store.runs(projectID: project.id)
        let runOfKeyword = try store.assignmentRuns(projectID: project.id)
        for (keyword, run) in runOfKeyword { assignedByRun[run, default: []].insert(keyword) }

        for run in runs {
            let batches = try store.batchRuns(runID: run.id)
            let completed = Set(batches.filter { $0.status == .completed }.map(\.batchNumber))
            let checkpoints = try store.checkpoints(runID: run.id)
            let batchCheckpoints = checkpoints.filter { (1...max(run.totalBatches, 1)).contains($0.batchNumber) }
            let checkpointed = Set(batchCheckpoints.map(\.batchNumber))
            if checkpointed != completed {
                problems.append("run \(run.id): completed batches \(completed.sorted()) but checkpoints for \(checkpointed.sorted())")
            }
            var processed = Set<Int64>()
            for checkpoint in batchCheckpoints {
                let ids: [Int64]
                do { ids = try CheckpointManager.processedKeywords(of: checkpoint) } catch {
                    problems.append("run \(run.id) batch \(checkpoint.batchNumber): unreadable processed_keywords")
                    continue
                }
                let batch = batches.first { $0.batchNumber == checkpoint.batchNumber }
                if let batch, batch.keywordsProcessed != ids.count {
                    problems.append("run \(run.id) batch \(checkpoint.batchNumber): batch_runs says \(batch.keywordsProcessed) keywords, checkpoint holds \(ids.count)")
                }
                for id in ids where !processed.insert(id).inserted {
                    problems.append("run \(run.id): keyword \(id) processed twice")
                }
            }
            let assigned = assignedByRun[run.id] ?? []
            if processed != assigned {
                let missing = processed.subtracting(assigned).count, extra = assigned.subtracting(processed).count
                problems.append("run \(run.id): \(missing) processed keywords without an assignment, \(extra) assignments without a checkpoint")
            }
            if run.status == .completed, completed.count != run.totalBatches {
                problems.append("run \(run.id) is completed but only \(completed.count) of \(run.totalBatches) batches are")
            }
        }

        var members: [Int: (count: Int, volume: Int)] = [:]
        let volumes = try store.keywordVolumes(projectID: project.id)
        for assignment in assignments {
            members[assignment.clusterID, default: (0, 0)].count += 1
            members[assignment.clusterID, default: (0, 0)].volume += max(volumes[assignment.keywordID] ?? 0, 0)
        }
        let clusters = try store.clusters(projectID: project.id)
        let known = Set(clusters.map(\.clusterID))
        for cluster in clusters {
            let actual = members[cluster.clusterID] ?? (0, 0)
            if actual.count != cluster.keywordCount || actual.volume != cluster.totalVolume {
                problems.append("cluster \(cluster.clusterID): row says \(cluster.keywordCount) keywords / volume \(cluster.totalVolume), assignments give \(actual.count) / \(actual.volume)")
            }
        }
        for id in members.keys where !known.contains(id) {
            problems.append("cluster \(id) has keywords but no cluster row")
        }

        if let last = runs.last, !(try store.checkpointsForRestore(runID: last.id)).isEmpty {
            do {
                let parameters = try RunParameters.decode(last.parameters)
                let source = try ProjectRunner.vectorSource(project: project, parameters: parameters, store: store)
                let restored = try CheckpointManager.restore(try store.checkpointsForRestore(runID: last.id), store: store, source: source)
                // A topic's members are those of its model clusters (one each, without fine clusters).
                var counted: [Int: Int] = [:]
                for (cluster, count) in restored.model.memberCounts.enumerated() {
                    counted[restored.topic(ofCluster: cluster), default: 0] += count
                }
                for id in members.keys.sorted() where counted[id] == nil {
                    problems.append("cluster \(id) is assigned but the checkpoint knows no such cluster")
                }
                for (id, count) in counted.sorted(by: { $0.key < $1.key }) where count != (members[id]?.count ?? 0) {
                    problems.append("cluster \(id): the checkpoint counts \(count) members, assignments \(members[id]?.count ?? 0)")
                }
            } catch {
                problems.append("run \(last.id): the latest checkpoint does not restore: \(error)")
            }
        }
        return Report(problems: problems, checkedRuns: runs.count, checkedKeywords: assignments.count)
    }
}
