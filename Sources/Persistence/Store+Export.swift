import Foundation
import GRDB
import Ingest

/// One keyword with its metrics, cluster and title, as export writes it.
public struct ExportRow: Sendable, Hashable {
    public var keywordID: Int64
    public var keyword: String
    /// The metrics the keyword's export gave (`intent` is the export's own intent column).
    public var metrics: KeywordMetrics
    public var sources: String
    public var isAbsent: Bool
    public var clusterID: Int?
    public var clusterLabel: String?
    public var clusterIntent: String?
    public var isPrimary: Bool
    public var similarity: Double?
    public var title: String?
    public var titleVersion: Int?
    public var batchNumber: Int?

    public init(keywordID: Int64, keyword: String, metrics: KeywordMetrics, sources: String, isAbsent: Bool, clusterID: Int?, clusterLabel: String?, clusterIntent: String?, isPrimary: Bool, similarity: Double?, title: String?, titleVersion: Int?, batchNumber: Int?) {
        self.keywordID = keywordID
        self.keyword = keyword
        self.metrics = metrics
        self.sources = sources
        self.isAbsent = isAbsent
        self.clusterID = clusterID
        self.clusterLabel = clusterLabel
        self.clusterIntent = clusterIntent
        self.isPrimary = isPrimary
        self.similarity = similarity
        self.title = title
        self.titleVersion = titleVersion
        self.batchNumber = batchNumber
    }
}

extension SQLiteStore {
    /// Streams the project's keywords with their cluster and newest title, inside one read
    /// transaction (a consistent snapshot even while a run writes): clustered keywords by
    /// cluster id, each cluster's primary keyword first, then by volume; unclustered ones last.
    /// - Complexity: O(keywords), memory O(clusters)
    /// With `changedIn`, only the keywords of clusters that run created, grew or retitled.
    public func forEachExportRow(projectID: Int64, changedIn runID: Int64?,
                                 _ body: (ExportRow) throws -> Void) throws(StoreError) {
        try read { db in
            let filter = runID == nil ? "" : """
                AND a.cluster_id IN (SELECT cluster_id FROM assignments WHERE project_id = k.project_id AND run_id = :run
                                     UNION SELECT cluster_id FROM title_jobs WHERE project_id = k.project_id AND run_id = :run
                                     UNION SELECT cluster_id FROM clusters WHERE project_id = k.project_id AND updated_run_id = :run)
                """
            let titles = try currentTitles(projectID: projectID, db: db)
            // The keywords table is read in rowid order (NOT INDEXED): through the (project, text)
            // index SQLite looks every row up at random (1M keywords: query 16.3 s -> 8.4 s).
            let rows = try Row.fetchCursor(db, sql: """
                SELECT k.id, k.text, k.volume, k.cpc, k.difficulty, k.clicks, k.impressions, k.ctr, k.position, k.competition,
                       k.intent, k.url, k.parent_keyword, k.sources, k.is_absent,
                       a.cluster_id, c.label, c.intent, (c.primary_keyword_id = k.id), a.similarity, a.batch_number
                FROM keywords k NOT INDEXED
                LEFT JOIN assignments a ON a.keyword_id = k.id
                LEFT JOIN clusters c ON c.project_id = a.project_id AND c.cluster_id = a.cluster_id
                WHERE k.project_id = :project \(filter)
                ORDER BY a.cluster_id IS NULL, a.cluster_id, (c.primary_keyword_id = k.id) DESC, k.volume IS NULL, k.volume DESC, k.id
                """, arguments: ["project": projectID, "run": runID])
            while let row = try rows.next() {
                let clusterID: Int? = row[15]
                let title = clusterID.flatMap { titles[$0] }
                try body(ExportRow(
                    keywordID: row[0], keyword: row[1],
                    metrics: KeywordMetrics(volume: row[2], cpc: row[3], difficulty: row[4], clicks: row[5], impressions: row[6],
                                            ctr: row[7], position: row[8], competition: row[9], intent: row[10], url: row[11],
                                            parentKeyword: row[12]),
                    sources: row[13], isAbsent: row[14], clusterID: clusterID, clusterLabel: row[16],
                    clusterIntent: row[17], isPrimary: (row[18] as Bool?) ?? false, similarity: row[19],
                    title: title?.title, titleVersion: title?.version, batchNumber: row[20]))
            }
        }
    }
}

/// One cluster as the cluster-level export writes it.
public struct ClusterExportRow: Sendable, Hashable {
    public var clusterID: Int
    public var title: String?
    public var titleVersion: Int?
    public var label: String
    public var primaryKeyword: String
    public var primaryVolume: Int?
    public var intent: String
    public var keywordCount: Int
    public var totalVolume: Int
    public var createdBatch: Int
    public var version: Int

    public init(clusterID: Int, title: String?, titleVersion: Int?, label: String, primaryKeyword: String, primaryVolume: Int?, intent: String, keywordCount: Int, totalVolume: Int, createdBatch: Int, version: Int) {
        self.clusterID = clusterID
        self.title = title
        self.titleVersion = titleVersion
        self.label = label
        self.primaryKeyword = primaryKeyword
        self.primaryVolume = primaryVolume
        self.intent = intent
        self.keywordCount = keywordCount
        self.totalVolume = totalVolume
        self.createdBatch = createdBatch
        self.version = version
    }
}

extension SQLiteStore {
    /// Every cluster with members, by id, with its primary keyword and newest title.
    public func clusterExportRows(projectID: Int64) throws(StoreError) -> [ClusterExportRow] {
        try read { db in
            let titles = try currentTitles(projectID: projectID, db: db)
            return try Row.fetchAll(db, sql: """
                SELECT c.cluster_id, c.label, k.text, c.primary_volume, c.intent, c.keyword_count, c.total_volume,
                       c.created_batch, c.version
                FROM clusters c JOIN keywords k ON k.id = c.primary_keyword_id
                WHERE c.project_id = ? AND c.keyword_count > 0 ORDER BY c.cluster_id
                """, arguments: [projectID]).map { row in
                let id: Int = row[0]
                return ClusterExportRow(clusterID: id, title: titles[id]?.title, titleVersion: titles[id]?.version, label: row[1],
                                        primaryKeyword: row[2], primaryVolume: row[3], intent: row[4], keywordCount: row[5],
                                        totalVolume: row[6], createdBatch: row[7], version: row[8])
            }
        }
    }
}
