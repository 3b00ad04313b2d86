import Clustering
import Foundation
import Persistence

/// Pillars (hub pages) over a run's topics, updated after every batch and stored in its
/// transaction. See `Guides/TopicTree.md`, "Pillars".
///
/// - A **recut** builds weighted Ward's tree over every topic's centre (``TopicCentres``,
///   weighted by its size) and cuts it at the number of pillars (``PillarCount``). The new
///   groups take the ids of the previous pillars they overlap most (in keywords), so a pillar
///   keeps its id as batches add keywords; a group that overlaps no remaining pillar gets a
///   new id. A create run recuts after batches 1, 2, 4, 8, … (so O(log batches) trees in all),
///   after its last batch and after its refinement; any run recuts when the project has no
///   pillars yet.
/// - Between recuts, and in a rescrape (whose known topics keep their pillars, as its known
///   keywords keep their topics), a new topic joins the pillar of its nearest topic (by centre).
///
/// Each topic also keeps its ``siblingCount`` nearest topics of the same pillar (the spoke
/// pages it links to): all recomputed at a recut, and between recuts for the topics whose
/// centres moved. Every step is deterministic (ties go to lower ids), so a resumed run makes
/// the same pillars as one never interrupted.
enum Pillars {
    /// The nearest topics of the same pillar a topic links to.
    static let siblingCount = 3

    /// Whether batch `number` of a run of `totalBatches` batches recuts (the refinement, after
    /// the last batch, passes `number > totalBatches`).
    static func recuts(batch number: Int, totalBatches: Int) -> Bool {
        number >= totalBatches || (number > 0 && number & (number - 1) == 0)
    }

    /// The pillars after a batch.
    /// - Parameters:
    ///   - previous: the pillars before it (as stored).
    ///   - centres: every topic's centre and size after it.
    ///   - moved: topics whose centre changed (their siblings are refreshed).
    ///   - recut: build the tree afresh (else only new topics are placed).
    /// - Returns: what changed (to store) and the pillars after the batch.
    /// - Complexity: recut: `WardTree`'s over the topics plus O(Σ pillar size² × dimension);
    ///   else O(new topics × topics × dimension + moved topics × pillar size × dimension).
    static func update(_ previous: StoredPillars, centres: TopicCentres, moved: Set<Int>, recut: Bool,
                       count: PillarCount) -> (changes: PillarChanges, pillars: StoredPillars) {
        let live = (0 ..< centres.count).filter { centres.size(of: $0) > 0 }
        guard !live.isEmpty else { return (PillarChanges(), previous) }
        var vectors: [Int: [Float]] = [:]
        func centre(_ topic: Int) -> [Float] {
            if let known = vectors[topic] { return known }
            let made = centres.centre(of: topic)
            vectors[topic] = made
            return made
        }
        var pillarOf: [Int: Int] = [:]
        var newPillars: [Int] = []
        var refresh: Set<Int>
        let hasPillars = live.contains { previous.topics[$0] != nil }
        if recut || !hasPillars {
            for topic in live { _ = centre(topic) }
            let groups = cut(live, centres: centres, vectors: vectors, count: count)
            (pillarOf, newPillars) = stableIDs(groups: groups, topics: live, centres: centres, previous: previous)
            refresh = Set(live)
        } else {
            for topic in live { if let pillar = previous.topics[topic]?.pillarID { pillarOf[topic] = pillar } }
            let placed = live.filter { pillarOf[$0] != nil }
            refresh = moved
            for topic in live where pillarOf[topic] == nil {
                let mine = centre(topic)
                var best = placed[0], bestSimilarity = -Float.infinity
                for other in placed {
                    let similarity = dot(mine, centre(other))
                    if similarity > bestSimilarity { (best, bestSimilarity) = (other, similarity) }
                }
                pillarOf[topic] = pillarOf[best]!
                refresh.insert(topic)
            }
        }
        var members: [Int: [Int]] = [:]
        for topic in live { members[pillarOf[topic]!, default: []].append(topic) }
        var pillars = previous
        var changed: [TopicPillar] = []
        for topic in live {
            let pillar = pillarOf[topic]!
            var siblings = previous.topics[topic]?.siblings ?? []
            if refresh.contains(topic) || previous.topics[topic]?.pillarID != pillar {
                siblings = nearest(to: topic, among: members[pillar]!, centre: centre)
            }
            let entry = TopicPillar(clusterID: topic, pillarID: pillar, siblings: siblings)
            if previous.topics[topic] != entry {
                changed.append(entry)
                pillars.topics[topic] = entry
            }
        }
        let changes = PillarChanges(topics: changed, newPillars: newPillars)
        pillars.pillarIDs.formUnion(newPillars)
        return (changes, pillars)
    }

    /// The group of each of `topics` (in order) when Ward's tree over their centres is cut.
    private static func cut(_ topics: [Int], centres: TopicCentres, vectors: [Int: [Float]], count: PillarCount) -> [Int32] {
        let dimension = centres.dimension
        var means = [Double](repeating: 0, count: topics.count * dimension)
        for (row, topic) in topics.enumerated() {
            for (p, value) in vectors[topic]!.enumerated() { means[row * dimension + p] = Double(value) }
        }
        let tree = WardTree(means: means, weights: topics.map { Double(centres.size(of: $0)) }, dimension: dimension)
        return tree.cut(groups: count.groups(in: tree))
    }

    /// Pillar ids for the groups of a new cut: each group takes the previous pillar it shares
    /// the most keywords with (pairs taken largest overlap first, ties to the lower pillar id,
    /// then the lower group; each pillar and group once), the others new ids above every id given.
    private static func stableIDs(groups: [Int32], topics: [Int], centres: TopicCentres,
                                  previous: StoredPillars) -> (pillarOf: [Int: Int], newPillars: [Int]) {
        struct Key: Hashable { var group: Int32; var pillar: Int }
        var overlap: [Key: Int] = [:]
        for (topic, group) in zip(topics, groups) {
            guard let pillar = previous.topics[topic]?.pillarID else { continue }
            overlap[Key(group: group, pillar: pillar), default: 0] += max(centres.size(of: topic), 1)
        }
        let pairs = overlap.sorted { lhs, rhs in
            if lhs.value != rhs.value { return lhs.value > rhs.value }
            if lhs.key.pillar != rhs.key.pillar { return lhs.key.pillar < rhs.key.pillar }
            return lhs.key.group < rhs.key.group
        }
        var idOfGroup: [Int32: Int] = [:]
        var taken = Set<Int>()
        for (key, _) in pairs where idOfGroup[key.group] == nil && !taken.contains(key.pillar) {
            idOfGroup[key.group] = key.pillar
            taken.insert(key.pillar)
        }
        var next = (previous.pillarIDs.max() ?? 0) + 1
        var newPillars: [Int] = []
        // Groups are numbered in the order of their lowest topic: new ids follow it.
        let groupCount = Int(groups.max() ?? -1) + 1
        for group in 0 ..< Int32(groupCount) where idOfGroup[group] == nil {
            idOfGroup[group] = next
            newPillars.append(next)
            next += 1
        }
        var pillarOf: [Int: Int] = [:]
        for (topic, group) in zip(topics, groups) { pillarOf[topic] = idOfGroup[group]! }
        return (pillarOf, newPillars)
    }

    /// The `siblingCount` topics of `members` other than `topic` whose centres are nearest to
    /// its centre (highest dot product; ties to the lower id).
    private static func nearest(to topic: Int, among members: [Int], centre: (Int) -> [Float]) -> [Int] {
        let mine = centre(topic)
        let scored = members.filter { $0 != topic }.map { ($0, dot(mine, centre($0))) }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(siblingCount).map(\.0)
    }

    private static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        for index in a.indices { sum += a[index] * b[index] }
        return sum
    }
}
