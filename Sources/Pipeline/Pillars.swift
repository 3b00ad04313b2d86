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
///   new id. A create run recuts on the schedule its parameters record (``PillarRecuts``:
///   new runs after batch 1, whenever the topics have grown by about a quarter, and after the
///   refinement, so O(log topics) trees in all); any run recuts when the project has no
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

    /// How many of the topics with keywords in `centres` have no pillar in `previous` yet (the
    /// topics a batch created).
    static func unplacedCount(_ previous: StoredPillars, centres: TopicCentres) -> Int {
        (0 ..< centres.count).count(where: { centres.size(of: $0) > 0 && previous.topics[$0] == nil })
    }

    /// The pillars after a batch.
    /// - Parameters:
    ///   - previous: the pillars before it (as stored).
    ///   - centres: every topic's centre and size after it.
    ///   - moved: topics whose centre changed (their siblings are refreshed).
    ///   - recut: build the tree afresh (else only new topics are placed).
    /// - Returns: what changed (to store) and the pillars after the batch.
    /// - Complexity: O(topics × dimension) to read the centres, plus for a recut `WardTree`'s
    ///   over the topics and O(Σ pillar size² × dimension), else O(new topics × topics ×
    ///   dimension + moved topics × pillar size × dimension).
    static func update(_ previous: StoredPillars, centres: TopicCentres, moved: Set<Int>, recut: Bool,
                       count: PillarCount) -> (changes: PillarChanges, pillars: StoredPillars) {
        let live = (0 ..< centres.count).filter { centres.size(of: $0) > 0 }
        guard !live.isEmpty else { return (PillarChanges(), previous) }
        let rows = CentreRows(topics: live, centres: centres)
        var pillarOf: [Int: Int] = [:]
        var newPillars: [Int] = []
        var refresh: Set<Int>
        let hasPillars = live.contains { previous.topics[$0] != nil }
        if recut || !hasPillars {
            let groups = cut(live, centres: centres, rows: rows, count: count)
            (pillarOf, newPillars) = stableIDs(groups: groups, topics: live, centres: centres, previous: previous)
            refresh = Set(live)
        } else {
            for topic in live { if let pillar = previous.topics[topic]?.pillarID { pillarOf[topic] = pillar } }
            let placed = live.filter { pillarOf[$0] != nil }
            refresh = moved
            for topic in live where pillarOf[topic] == nil {
                var best = placed[0], bestSimilarity = -Float.infinity
                for other in placed {
                    let similarity = rows.dot(topic, other)
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
                siblings = nearest(to: topic, among: members[pillar]!, rows: rows)
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
    private static func cut(_ topics: [Int], centres: TopicCentres, rows: CentreRows, count: PillarCount) -> [Int32] {
        let means = rows.values.map(Double.init)  // the rows are `topics`, in order
        let tree = WardTree(means: means, weights: topics.map { Double(centres.size(of: $0)) }, dimension: rows.dimension)
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
    /// - Complexity: O(members × dimension)
    private static func nearest(to topic: Int, among members: [Int], rows: CentreRows) -> [Int] {
        // The best so far, best first: (similarity, id) ordered by similarity down, then id up.
        var kept: [(similarity: Float, id: Int)] = []
        kept.reserveCapacity(siblingCount + 1)
        for other in members where other != topic {
            let similarity = rows.dot(topic, other)
            if kept.count == siblingCount, let worst = kept.last,
               worst.similarity > similarity || (worst.similarity == similarity && worst.id < other) { continue }
            var position = kept.count
            while position > 0,
                  kept[position - 1].similarity < similarity || (kept[position - 1].similarity == similarity && kept[position - 1].id > other) {
                position -= 1
            }
            kept.insert((similarity, other), at: position)
            if kept.count > siblingCount { kept.removeLast() }
        }
        return kept.map(\.id)
    }
}

/// The centres of a set of topics, read once into one row-major block (the pillars compare
/// each centre with many others).
struct CentreRows {
    let dimension: Int
    /// `topics.count × dimension` values, one row per topic in the order given.
    let values: [Float]
    /// Each topic id's row (−1: not read).
    private let rowOf: [Int32]

    init(topics: [Int], centres: TopicCentres) {
        dimension = centres.dimension
        var values = [Float]()
        values.reserveCapacity(topics.count * dimension)
        var rowOf = [Int32](repeating: -1, count: centres.count)
        for (row, topic) in topics.enumerated() {
            values += centres.centre(of: topic)
            rowOf[topic] = Int32(row)
        }
        self.values = values
        self.rowOf = rowOf
    }

    /// The dot product of two topics' centres, summed in index order (as it always was, so
    /// the same centres give the same nearest topics bit for bit).
    /// - Complexity: O(dimension)
    func dot(_ a: Int, _ b: Int) -> Float {
        let d = dimension
        let offsetA = Int(rowOf[a]) * d, offsetB = Int(rowOf[b]) * d
        return values.withUnsafeBufferPointer { v in
            var sum: Float = 0
            for index in 0 ..< d { sum += v[offsetA + index] * v[offsetB + index] }
            return sum
        }
    }
}
