import Clustering
import Foundation

/// The topic of each k-means cluster of a run with fine clusters (`RunParameters.fineFactor`):
/// the engine clusters into several fine clusters per topic, and a topic is a group of them,
/// merged by Ward (`FineClusterMerge`). Topic ids are what the store, exports and titles see;
/// model cluster ids stay internal. Runs without fine clusters have no map: a topic is a
/// cluster, and its id is the cluster's.
///
/// - After batch 1, the Ward tree of batch 1's fine clusters is cut at (fine clusters ÷ factor)
///   topics, numbered in the cut's order.
/// - After each later batch, a fine cluster the batch created joins the existing topic whose
///   Ward merge with it costs least, when that costs no more than the most expensive merge of
///   batch 1's cut (`joinCost`); else it starts a topic of its own. A fine cluster never
///   changes topic between batches, so a published topic keeps its id and its keywords.
/// - At the end, the whole tree of the final fine clusters is cut at the topic target, each
///   cut group takes the id of the topic holding most of its keywords (`matchedIDs`), and
///   Lloyd iterations over every keyword polish the topics; the model's clusters are then the
///   topics themselves (`fine == false`), which a rescrape extends as clusters.
struct TopicMap: Codable, Equatable, Sendable {
    /// The topic id of each model cluster, by cluster id.
    var topicOf: [Int32]
    /// Whether the model's clusters are fine clusters (false once merged and polished).
    var fine: Bool
    /// The Ward cost up to which a later fine cluster joins an existing topic.
    var joinCost: Double
    /// How this run merges (fixed when batch 1 is cut, so a resumed run merges the same way).
    var rule: FineClusterMerge.Rule

    /// The topic id of each of `assignments`' clusters: by `map`, or the cluster's own id without one.
    static func topicIDs(of assignments: [ClusterAssignment], map: TopicMap?) -> [Int] {
        guard let map else { return assignments.map { Int($0.cluster) } }
        return assignments.map { Int(map.topicOf[Int($0.cluster)]) }
    }

    /// The map after batch 1: the tree of `model`'s fine clusters cut at fine ÷ `factor` topics,
    /// or with `pageCost` (`--clusters=auto`) where a merge costs more than that, which is then
    /// also the cost up to which later fine clusters join a topic.
    static func first(model: KMeansModel, factor: Int, rule: FineClusterMerge.Rule, pageCost: Double? = nil) -> TopicMap {
        let tree = FineClusterMerge.tree(of: model, exponent: rule.exponent)
        if let pageCost {
            return TopicMap(topicOf: tree.cut(groups: FineClusterMerge.groups(in: tree, costAtMost: pageCost)), fine: true,
                            joinCost: pageCost, rule: rule)
        }
        let groups = max(1, Int((Double(model.clusterCount) / Double(max(factor, 1))).rounded()))
        return TopicMap(topicOf: tree.cut(groups: groups), fine: true,
                        joinCost: FineClusterMerge.cutCost(of: tree, groups: groups), rule: rule)
    }

    /// The topics of the clusters `model` has beyond those the map knows (a batch's new
    /// clusters), appended to the map; a new topic takes the id `nextTopicID` (then the next).
    /// - Complexity: O((clusters + new × topics) × dimension)
    mutating func place(newClustersOf model: KMeansModel, nextTopicID: Int32) -> [Int32] {
        let exponent = rule.exponent
        let known = topicOf.count
        guard model.clusterCount > known else { return [] }
        var next = nextTopicID
        guard fine else {
            // Topic-level clusters (after the polish): each new cluster is a new topic.
            let ids = (known ..< model.clusterCount).map { _ in defer { next += 1 }; return next }
            topicOf += ids
            return ids
        }
        let (means, counts) = model.clusterMeans()
        let d = means.count / max(model.clusterCount, 1)
        // Each topic's weighted mean and weight over its fine clusters, in order of first appearance.
        var index: [Int32: Int] = [:]
        var topicIDs: [Int32] = []
        var sums: [[Double]] = []
        var weights: [Double] = []
        for cluster in 0 ..< known {
            let w = FineClusterMerge.weight(count: counts[cluster], exponent: exponent)
            let position: Int
            if let found = index[topicOf[cluster]] {
                position = found
            } else {
                position = topicIDs.count
                index[topicOf[cluster]] = position
                topicIDs.append(topicOf[cluster])
                sums.append(Array(repeating: 0, count: d))
                weights.append(0)
            }
            weights[position] += w
            for p in 0 ..< d { sums[position][p] += w * means[cluster * d + p] }
        }
        var placed: [Int32] = []
        for cluster in known ..< model.clusterCount {
            let w = FineClusterMerge.weight(count: counts[cluster], exponent: exponent)
            var best: (cost: Double, id: Int32, position: Int)?
            for position in topicIDs.indices where weights[position] > 0 {
                let W = weights[position]
                var squared = 0.0
                for p in 0 ..< d {
                    let difference = means[cluster * d + p] - sums[position][p] / W
                    squared += difference * difference
                }
                let cost = w * W / (w + W) * squared
                if best == nil || cost < best!.cost || (cost == best!.cost && topicIDs[position] < best!.id) {
                    best = (cost, topicIDs[position], position)
                }
            }
            let position: Int
            if let best, best.cost <= joinCost {
                position = best.position
            } else {
                position = topicIDs.count
                topicIDs.append(next)
                next += 1
                sums.append(Array(repeating: 0, count: d))
                weights.append(0)
            }
            weights[position] += w
            for p in 0 ..< d { sums[position][p] += w * means[cluster * d + p] }
            placed.append(topicIDs[position])
        }
        topicOf += placed
        return placed
    }

    /// The final merge: `model`'s fine clusters merged by the whole Ward tree into `topics`
    /// groups. Returns each fine cluster's group and each group's topic id: the id of the
    /// topic (in this map) that holds most of its members, matched greedily by the members they
    /// share (most first; ties to the lower group, then the lower id); a group left without
    /// one gets `nextTopicID` (then the next), in group order.
    /// With `pageCost` (`--clusters=auto`), the tree is cut where a merge costs more than that
    /// instead of at `topics` groups.
    func finalMerge(model: KMeansModel, topics: Int, pageCost: Double? = nil,
                    nextTopicID: Int32) -> (groupOf: [Int32], groupTopics: [Int32]) {
        precondition(model.clusterCount == topicOf.count, "the map must know every cluster")
        let tree = FineClusterMerge.tree(of: model, exponent: rule.exponent)
        let groups = pageCost.map { FineClusterMerge.groups(in: tree, costAtMost: $0) } ?? topics
        let groupOf = tree.cut(groups: max(1, min(groups, model.clusterCount)))
        let groupCount = Int(groupOf.max() ?? -1) + 1
        var shared: [Int64: Int] = [:]  // (group << 32 | topic) → members
        for cluster in 0 ..< model.clusterCount where model.memberCounts[cluster] > 0 {
            shared[Int64(groupOf[cluster]) << 32 | Int64(topicOf[cluster]), default: 0] += model.memberCounts[cluster]
        }
        let pairs = shared.map { (group: Int32($0.key >> 32), topic: Int32(truncatingIfNeeded: $0.key), members: $0.value) }
            .sorted { ($1.members, $0.group, $0.topic) < ($0.members, $1.group, $1.topic) }
        var groupTopics = [Int32?](repeating: nil, count: groupCount)
        var taken = Set<Int32>()
        for pair in pairs where groupTopics[Int(pair.group)] == nil && !taken.contains(pair.topic) {
            groupTopics[Int(pair.group)] = pair.topic
            taken.insert(pair.topic)
        }
        var next = nextTopicID
        let ids = groupTopics.map { id -> Int32 in
            if let id { return id }
            defer { next += 1 }
            return next
        }
        return (groupOf, ids)
    }
}
