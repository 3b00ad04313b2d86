import Clustering
import Content
import Foundation
import Persistence

/// The per-topic figures a run keeps up to date batch by batch: member count, total volume,
/// primary keyword, intent votes, label and version. One entry per cluster, so memory grows
/// with clusters, not keywords.
///
/// The primary keyword is the member with the highest volume; ties go to the one closest to
/// the centre when it was assigned, then to the earlier-imported keyword. The intent is the
/// volume-weighted vote of `IntentClassifier` (weight = volume + 1). A cluster's `version`
/// grows when its primary keyword or intent changes: that is when its title is remade.
struct ClusterBook {
    private(set) var rows: [Int: ClusterRow]

    init(rows: [ClusterRow]) {
        self.rows = Dictionary(uniqueKeysWithValues: rows.map { ($0.clusterID, $0) })
    }

    /// A member joining a cluster.
    struct Member {
        var keyword: KeywordRow
        var clusterID: Int
        var similarity: Float
    }

    /// The outcome of folding members in: rows to store and clusters whose title must be (re)made.
    struct Changes {
        var rows: [ClusterRow] = []
        var needTitle: [ClusterRow] = []
    }

    /// Adds members to their clusters and returns the changed rows, in cluster id order.
    /// - Complexity: O(members × intent classification)
    mutating func add(_ members: [Member], runID: Int64, batchNumber: Int) -> Changes {
        // Each keyword's intent (its index in `SearchIntent.allCases`, -1 for none; a byte each, as a
        // refinement books a million members), classified on all cores, then folded in order.
        let intents: [Int8] = mapChunks(count: members.count, chunkSize: 1_024) { range in
            range.map { index -> Int8 in
                guard let intent = IntentClassifier.intent(of: members[index].keyword.text),
                      let position = SearchIntent.allCases.firstIndex(of: intent) else { return -1 }
                return Int8(position)
            }
        }.flatMap { $0 }
        var touched: [Int: ClusterRow] = [:]
        var before: [Int: (primary: Int64, intent: String)] = [:]
        for (member, intent) in zip(members, intents) {
            if touched[member.clusterID] == nil {
                let row = rows[member.clusterID] ?? ClusterRow(
                    clusterID: member.clusterID, createdRunID: runID, createdBatch: batchNumber, keywordCount: 0, totalVolume: 0,
                    primaryKeywordID: member.keyword.id, primaryVolume: member.keyword.volume, primarySimilarity: member.similarity,
                    label: "", intent: "", intentVotes: Array(repeating: 0, count: SearchIntent.allCases.count), version: 0,
                    updatedRunID: runID, updatedBatch: batchNumber)
                before[member.clusterID] = (row.primaryKeywordID, row.intent)
                touched[member.clusterID] = row
            }
            // Changed in place: a row copied out and back would copy its votes array every time.
            Self.fold(member, intent: intent, into: &touched[member.clusterID]!)
        }
        return finish(touched, before: before, texts: Self.texts(of: touched.values, in: members), runID: runID,
                      batchNumber: batchNumber)
    }

    /// Counts `member` (whose keyword signals `intent`, an index in `SearchIntent.allCases`, or -1
    /// for none) in `row`.
    private static func fold(_ member: Member, intent: Int8, into row: inout ClusterRow) {
        row.keywordCount += 1
        row.totalVolume += max(member.keyword.volume ?? 0, 0)
        if intent >= 0 { row.intentVotes[Int(intent)] += Double(max(member.keyword.volume ?? 0, 0)) + 1 }
        if ranksBefore(member, row) {
            row.primaryKeywordID = member.keyword.id
            row.primaryVolume = member.keyword.volume
            row.primarySimilarity = member.similarity
        }
    }

    /// Recomputes every cluster's figures from all of its members (after a pass that moved
    /// keywords between clusters, or new metrics), keeping ids, creation batches and versions.
    /// Only clusters whose figures changed are returned (and remade titles where the primary
    /// keyword or intent changed); the others are left exactly as they were.
    /// - Complexity: O(members × intent classification)
    mutating func rebuild(from members: [Member], runID: Int64, batchNumber: Int) -> Changes {
        var fresh = ClusterBook(rows: [])
        let rebuilt = fresh.add(members, runID: runID, batchNumber: batchNumber).rows
        var touched: [Int: ClusterRow] = [:]
        var before: [Int: (primary: Int64, intent: String)] = [:]
        for var row in rebuilt {
            if let old = rows[row.clusterID] {
                guard old.keywordCount != row.keywordCount || old.totalVolume != row.totalVolume
                    || old.primaryKeywordID != row.primaryKeywordID || old.primaryVolume != row.primaryVolume
                    || old.primarySimilarity != row.primarySimilarity || old.intentVotes != row.intentVotes
                else { continue }
                before[row.clusterID] = (old.primaryKeywordID, old.intent)
                row.createdRunID = old.createdRunID
                row.createdBatch = old.createdBatch
                row.version = old.version
                row.label = old.label
                row.intent = old.intent
            }
            touched[row.clusterID] = row
        }
        let present = Set(rebuilt.map(\.clusterID))
        for (id, old) in rows where !present.contains(id) && old.keywordCount > 0 {
            var emptied = old
            emptied.keywordCount = 0
            emptied.totalVolume = 0
            emptied.intentVotes = Array(repeating: 0, count: SearchIntent.allCases.count)
            before[id] = (old.primaryKeywordID, old.intent)
            touched[id] = emptied
        }
        return finish(touched, before: before, texts: Self.texts(of: touched.values, in: members), runID: runID,
                      batchNumber: batchNumber)
    }

    /// The texts of the primary keywords of `rows`, found among `members` (without copying a
    /// million texts into a dictionary).
    static func texts(of rows: some Collection<ClusterRow>, in members: [Member]) -> [Int64: String] {
        let primaries = Set(rows.map(\.primaryKeywordID))
        var texts: [Int64: String] = [:]
        for member in members where primaries.contains(member.keyword.id) && texts[member.keyword.id] == nil {
            texts[member.keyword.id] = member.keyword.text
        }
        return texts
    }

    private mutating func finish(_ touched: [Int: ClusterRow], before: [Int: (primary: Int64, intent: String)],
                                 texts: [Int64: String], runID: Int64, batchNumber: Int) -> Changes {
        var changes = Changes()
        let ids = touched.keys.sorted()
        // New primary keywords' labels, worked out on all cores.
        let relabel = ids.compactMap { id -> (id: Int, text: String)? in
            let row = touched[id]!
            guard before[id]?.primary != row.primaryKeywordID || row.label.isEmpty,
                  let text = texts[row.primaryKeywordID] else { return nil }
            return (id, text)
        }
        let labels = mapChunks(count: relabel.count, chunkSize: 256) { range in
            range.map { ClusterSummarizer.label(ofPrimary: relabel[$0].text) }
        }.flatMap { $0 }
        let labelOf = Dictionary(uniqueKeysWithValues: zip(relabel.map(\.id), labels))
        for id in ids {
            var row = touched[id]!
            row.intent = Self.intent(ofVotes: row.intentVotes).rawValue
            let old = before[id]
            let mattersForTitle = row.keywordCount > 0
                && (old == nil || old!.primary != row.primaryKeywordID || old!.intent != row.intent || row.version == 0)
            if mattersForTitle { row.version += 1 }
            if let label = labelOf[id] { row.label = label }
            row.updatedRunID = runID
            row.updatedBatch = batchNumber
            rows[id] = row
            changes.rows.append(row)
            if mattersForTitle { changes.needTitle.append(row) }
        }
        return changes
    }

    /// The intent with the most votes; ties by `SearchIntent.tieBreakOrder`; no votes: informational.
    static func intent(ofVotes votes: [Double]) -> SearchIntent {
        var best: SearchIntent = .informational
        var bestVotes = 0.0
        for intent in SearchIntent.tieBreakOrder {
            guard let index = SearchIntent.allCases.firstIndex(of: intent) else { continue }
            if votes[index] > bestVotes {
                best = intent
                bestVotes = votes[index]
            }
        }
        return best
    }

    /// Whether `member` should replace the current primary keyword of `row`.
    static func ranksBefore(_ member: Member, _ row: ClusterRow) -> Bool {
        if member.keyword.id == row.primaryKeywordID { return false }
        let volume = member.keyword.volume ?? -1, current = row.primaryVolume ?? -1
        if volume != current { return volume > current }
        if member.similarity != row.primarySimilarity { return member.similarity > row.primarySimilarity }
        return member.keyword.id < row.primaryKeywordID
    }
}
