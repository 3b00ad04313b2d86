import Foundation
import GRDB

/// One keyword as a report lists it under its cluster.
public struct ReportKeyword: Sendable, Hashable {
    public var text: String
    public var volume: Int?
    public var url: String?
    public var isPrimary: Bool

    public init(text: String, volume: Int?, url: String?, isPrimary: Bool) {
        self.text = text
        self.volume = volume
        self.url = url
        self.isPrimary = isPrimary
    }
}

/// One cluster as a report shows it: its title, numbers, page and its top keywords.
public struct ReportCluster: Sendable, Hashable {
    public var clusterID: Int
    public var title: String?
    public var label: String
    public var primaryKeyword: String
    public var intent: String
    public var keywordCount: Int
    public var totalVolume: Int
    /// The page the cluster ranks with: the `url` of its highest-volume keyword that has one.
    public var pageURL: String?
    /// The primary keyword first, then by volume; at most the limit the snapshot was read with.
    public var keywords: [ReportKeyword]

    public init(clusterID: Int, title: String?, label: String, primaryKeyword: String, intent: String, keywordCount: Int,
                totalVolume: Int, pageURL: String?, keywords: [ReportKeyword]) {
        self.clusterID = clusterID
        self.title = title
        self.label = label
        self.primaryKeyword = primaryKeyword
        self.intent = intent
        self.keywordCount = keywordCount
        self.totalVolume = totalVolume
        self.pageURL = pageURL
        self.keywords = keywords
    }
}

/// What a report or the dashboard shows of a project, read in one read transaction (a
/// consistent snapshot while another process runs batches; readers never block the writer).
public struct ReportSnapshot: Sendable {
    /// Clusters with members, largest total volume first (ties by id).
    public var clusters: [ReportCluster]
    /// The project's runs, oldest first.
    public var runs: [ProcessingRun]
    /// The latest run's batches, in order.
    public var batches: [BatchRun]
    /// Every keyword of the project, and those assigned to a cluster.
    public var keywordCount: Int
    public var assignedCount: Int

    public init(clusters: [ReportCluster], runs: [ProcessingRun], batches: [BatchRun], keywordCount: Int, assignedCount: Int) {
        self.clusters = clusters
        self.runs = runs
        self.batches = batches
        self.keywordCount = keywordCount
        self.assignedCount = assignedCount
    }
}

extension SQLiteStore {
    /// The project's clusters with at most `keywordsPerCluster` keywords each, its runs and the
    /// latest run's batches, in one read transaction.
    /// - Complexity: O(keywords) (one pass over the assignments, ranked per cluster in SQLite).
    public func reportSnapshot(projectID: Int64, keywordsPerCluster: Int) throws(StoreError) -> ReportSnapshot {
        try read { db in
            let titles = try currentTitles(projectID: projectID, db: db)
            var keywords: [Int: [ReportKeyword]] = [:]
            let keywordRows = try Row.fetchCursor(db, sql: ReportQueries.rankedKeywords(projectID: "?", limit: "?"),
                                                  arguments: [projectID, max(keywordsPerCluster, 0)])
            while let row = try keywordRows.next() {
                keywords[row[0], default: []].append(ReportKeyword(text: row[1], volume: row[2], url: row[3], isPrimary: row[4]))
            }
            let clusters = try Row.fetchAll(db, sql: """
                SELECT c.cluster_id, c.label, k.text, c.intent, c.keyword_count, c.total_volume,
                       (SELECT pk.url FROM assignments pa JOIN keywords pk ON pk.id = pa.keyword_id
                        WHERE pa.project_id = c.project_id AND pa.cluster_id = c.cluster_id AND pk.url IS NOT NULL AND pk.url <> ''
                        ORDER BY pk.volume IS NULL, pk.volume DESC, pk.id LIMIT 1)
                FROM clusters c JOIN keywords k ON k.id = c.primary_keyword_id
                WHERE c.project_id = ? AND c.keyword_count > 0 ORDER BY c.total_volume DESC, c.cluster_id
                """, arguments: [projectID]).map { row in
                let id: Int = row[0]
                return ReportCluster(clusterID: id, title: titles[id]?.title, label: row[1], primaryKeyword: row[2], intent: row[3],
                                     keywordCount: row[4], totalVolume: row[5], pageURL: row[6], keywords: keywords[id] ?? [])
            }
            let runs = try Row.fetchAll(db, sql: "SELECT * FROM processing_runs WHERE project_id = ? ORDER BY id", arguments: [projectID])
                .map(ProcessingRun.init(row:))
            let batches = try runs.last.map { run in
                try Row.fetchAll(db, sql: "SELECT * FROM batch_runs WHERE run_id = ? ORDER BY batch_number", arguments: [run.id])
                    .map(BatchRun.init(row:))
            } ?? []
            let keywordCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM keywords WHERE project_id = ?", arguments: [projectID]) ?? 0
            let assignedCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assignments WHERE project_id = ?", arguments: [projectID]) ?? 0
            return ReportSnapshot(clusters: clusters, runs: runs, batches: batches, keywordCount: keywordCount, assignedCount: assignedCount)
        }
    }

    /// One cluster with `limit` of its keywords from `offset` (primary first, then by volume), or
    /// nil when the project has no such cluster.
    /// - Complexity: O(the cluster's keywords)
    public func reportCluster(projectID: Int64, clusterID: Int, offset: Int, limit: Int) throws(StoreError) -> ReportCluster? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT c.label, k.text, c.intent, c.keyword_count, c.total_volume, c.primary_keyword_id
                FROM clusters c JOIN keywords k ON k.id = c.primary_keyword_id
                WHERE c.project_id = ? AND c.cluster_id = ? AND c.keyword_count > 0
                """, arguments: [projectID, clusterID]) else { return nil }
            let primaryID: Int64 = row[5]
            let keywords = try Row.fetchAll(db, sql: """
                SELECT k.text, k.volume, k.url, k.id = :primary FROM assignments a JOIN keywords k ON k.id = a.keyword_id
                WHERE a.project_id = :project AND a.cluster_id = :cluster
                ORDER BY k.id = :primary DESC, k.volume IS NULL, k.volume DESC, k.id LIMIT :limit OFFSET :offset
                """, arguments: ["primary": primaryID, "project": projectID, "cluster": clusterID,
                                 "limit": max(limit, 0), "offset": max(offset, 0)]).map { row in
                ReportKeyword(text: row[0], volume: row[1], url: row[2], isPrimary: row[3])
            }
            let pageURL = try String.fetchOne(db, sql: """
                SELECT k.url FROM assignments a JOIN keywords k ON k.id = a.keyword_id
                WHERE a.project_id = ? AND a.cluster_id = ? AND k.url IS NOT NULL AND k.url <> ''
                ORDER BY k.volume IS NULL, k.volume DESC, k.id LIMIT 1
                """, arguments: [projectID, clusterID])
            let title = try currentTitles(projectID: projectID, db: db)[clusterID]?.title
            return ReportCluster(clusterID: clusterID, title: title, label: row[0], primaryKeyword: row[1], intent: row[2],
                                 keywordCount: row[3], totalVolume: row[4], pageURL: pageURL, keywords: keywords)
        }
    }
}
