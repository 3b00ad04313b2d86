import Clustering
import Content
import Persistence

/// Each topic's ``TopicPlan`` (page type and place) for exports, the report and the dashboard,
/// worked out when they are made, from the same inputs a title is made from: the cluster's
/// summary and its `TitleInputs.keywordLimit` top keywords, ranked as ``TitleInputs`` ranks them.
/// Nothing is stored: a topic's plan follows its keywords as they are now.
public enum TopicPlans {
    /// The plan of each cluster of `summaries` (by cluster id). A cluster the store no longer
    /// has members for (read while a run writes) is planned from its summary alone.
    /// - Complexity: O(clusters × `TitleInputs.keywordLimit` × words); one read of each
    ///   cluster's top keywords, the plans worked out on all cores.
    public static func read(projectID: Int64, summaries: [Int: ClusterSummary], store: Store) throws -> [Int: TopicPlan] {
        let ids = summaries.keys.sorted()
        let members = try store.topKeywords(projectID: projectID, clusterIDs: ids, limit: TitleInputs.keywordLimit)
        let plans = mapChunks(count: ids.count, chunkSize: 256) { range in
            range.map { index -> TopicPlan in
                let id = ids[index]
                let keywords = (members[id] ?? []).map { ClusterKeyword(text: $0.text, volume: $0.volume, similarity: $0.similarity) }
                return TitleInputs(summary: summaries[id]!, keywords: keywords).plan
            }
        }.flatMap { $0 }
        return Dictionary(uniqueKeysWithValues: zip(ids, plans))
    }

    /// The plan of every cluster of the project that has members, by cluster id.
    public static func read(projectID: Int64, store: Store) throws -> [Int: TopicPlan] {
        try read(projectID: projectID, rows: store.clusterExportRows(projectID: projectID), store: store)
    }

    /// The plan of each of `rows` (the cluster-level export's rows), by cluster id.
    public static func read(projectID: Int64, rows: [ClusterExportRow], store: Store) throws -> [Int: TopicPlan] {
        var summaries: [Int: ClusterSummary] = [:]
        for row in rows { summaries[row.clusterID] = summary(of: row) }
        return try read(projectID: projectID, summaries: summaries, store: store)
    }

    /// The summary a cluster-level export row describes.
    public static func summary(of row: ClusterExportRow) -> ClusterSummary {
        ClusterSummary(primaryKeyword: row.primaryKeyword, label: row.label,
                       intent: SearchIntent(rawValue: row.intent) ?? .informational, totalVolume: row.totalVolume,
                       primaryVolume: row.primaryVolume, keywordCount: row.keywordCount)
    }
}
