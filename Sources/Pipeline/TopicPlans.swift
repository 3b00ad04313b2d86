import Clustering
import Content
import Persistence

/// Each topic's ``TopicPlan`` (page type and place) for exports, the report and the dashboard:
/// the plan stored with the topic's current title, the one the title was written for, so a
/// topic's page type and title always agree. A topic with no stored plan (its title job still
/// waits, or its title was stored by a kwcluster older than plans) is planned now from the
/// same inputs a title is made from: its summary and its `TitleInputs.keywordLimit` top
/// keywords, ranked as ``TitleInputs`` ranks them.
public enum TopicPlans {
    /// The plan of each cluster of `summaries` (by cluster id). A cluster planned now that the
    /// store no longer has members for (read while a run writes) is planned from its summary alone.
    /// - Complexity: O(clusters) to read the stored plans, plus O(*u* × `TitleInputs.keywordLimit`
    ///   × words) for the *u* clusters planned now (one read of their top keywords, planned on all cores).
    public static func read(projectID: Int64, summaries: [Int: ClusterSummary], store: Store) throws -> [Int: TopicPlan] {
        var plans: [Int: TopicPlan] = [:]
        for (id, title) in try store.currentTitles(projectID: projectID) where summaries[id] != nil {
            if let stored = title.plan, let plan = TopicPlan(stored) { plans[id] = plan }
        }
        let ids = summaries.keys.filter { plans[$0] == nil }.sorted()
        guard !ids.isEmpty else { return plans }
        let members = try store.topKeywords(projectID: projectID, clusterIDs: ids, limit: TitleInputs.keywordLimit)
        let planned = mapChunks(count: ids.count, chunkSize: 256) { range in
            range.map { index -> TopicPlan in
                let id = ids[index]
                let keywords = (members[id] ?? []).map { ClusterKeyword(text: $0.text, volume: $0.volume, similarity: $0.similarity) }
                return TitleInputs(summary: summaries[id]!, keywords: keywords).plan
            }
        }.flatMap { $0 }
        for (id, plan) in zip(ids, planned) { plans[id] = plan }
        return plans
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

extension TopicPlan {
    /// The plan as the store keeps it beside a title.
    var stored: PagePlan {
        PagePlan(pageType: pageType.rawValue, place: place, noPageReason: noPageReason?.rawValue)
    }

    /// A plan the store kept, or nil when it names a page type this kwcluster does not know.
    init?(_ stored: PagePlan) {
        guard let pageType = PageType(rawValue: stored.pageType) else { return nil }
        self.init(pageType: pageType, place: stored.place, noPageReason: stored.noPageReason.flatMap(NoPageReason.init(rawValue:)))
    }
}
