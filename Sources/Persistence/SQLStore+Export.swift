import Ingest

extension SQLStore {
    /// Streams the project's keywords with their cluster and newest title, inside one read
    /// transaction (a consistent snapshot even while a run writes): clustered keywords by
    /// cluster id, each cluster's primary keyword first, then by volume; unclustered ones last.
    /// With `changedIn`, only the keywords of clusters that run created, grew or retitled.
    /// - Complexity: O(keywords), memory O(clusters)
    public func forEachExportRow(projectID: Int64, changedIn runID: Int64?,
                                 _ body: (ExportRow) throws -> Void) throws(StoreError) {
        try read { db in
            var values: [SQLValue] = [.integer(projectID)]
            var filter = ""
            if let runID {
                filter = """
                    AND a.cluster_id IN (SELECT cluster_id FROM assignments WHERE project_id = k.project_id AND run_id = ?
                                         UNION SELECT cluster_id FROM title_jobs WHERE project_id = k.project_id AND run_id = ?
                                         UNION SELECT cluster_id FROM clusters WHERE project_id = k.project_id AND updated_run_id = ?)
                    """
                values += Array(repeating: .integer(runID), count: 3)
            }
            let titles = try currentTitles(projectID: projectID, db: db)
            // SQLite reads the keywords table in rowid order (NOT INDEXED): through the (project,
            // text) index it looks every row up at random (1M keywords: query 16.3 s -> 8.4 s).
            try db.stream("""
                SELECT k.id, k.text, k.volume, k.cpc, k.difficulty, k.clicks, k.impressions, k.ctr, k.position, k.competition,
                       k.intent, k.url, k.parent_keyword, k.sources, k.is_absent,
                       a.cluster_id, c.label, c.intent AS cluster_intent, COALESCE(c.primary_keyword_id = k.id, FALSE) AS is_primary,
                       a.similarity, a.batch_number
                FROM keywords k \(db.dialect.notIndexed)
                LEFT JOIN assignments a ON a.keyword_id = k.id
                LEFT JOIN clusters c ON c.project_id = a.project_id AND c.cluster_id = a.cluster_id
                WHERE k.project_id = ? \(filter)
                ORDER BY a.cluster_id IS NULL, a.cluster_id, COALESCE(c.primary_keyword_id = k.id, FALSE) DESC,
                         k.volume IS NULL, k.volume DESC, k.id
                """, values) { row in
                let clusterID: Int? = try row["cluster_id"]
                let title = clusterID.flatMap { titles[$0] }
                try body(ExportRow(
                    keywordID: try row["id"], keyword: try row["text"],
                    metrics: KeywordMetrics(volume: try row["volume"], cpc: try row["cpc"], difficulty: try row["difficulty"],
                                            clicks: try row["clicks"], impressions: try row["impressions"], ctr: try row["ctr"],
                                            position: try row["position"], competition: try row["competition"],
                                            intent: try row["intent"], url: try row["url"], parentKeyword: try row["parent_keyword"]),
                    sources: try row["sources"], isAbsent: try row["is_absent"], clusterID: clusterID, clusterLabel: try row["label"],
                    clusterIntent: try row["cluster_intent"], isPrimary: try row["is_primary"], similarity: try row["similarity"],
                    title: title?.title, titleVersion: title?.version, batchNumber: try row["batch_number"]))
            }
        }
    }

    /// Every cluster with members, by id, with its primary keyword and newest title.
    public func clusterExportRows(projectID: Int64) throws(StoreError) -> [ClusterExportRow] {
        try read { db in
            let titles = try currentTitles(projectID: projectID, db: db)
            return try db.rows("""
                SELECT c.cluster_id, c.label, k.text, c.primary_volume, c.intent, c.keyword_count, c.total_volume,
                       c.created_batch, c.version
                FROM clusters c JOIN keywords k ON k.id = c.primary_keyword_id
                WHERE c.project_id = ? AND c.keyword_count > 0 ORDER BY c.cluster_id
                """, projectID) { row in
                let id: Int = try row["cluster_id"]
                return ClusterExportRow(clusterID: id, title: titles[id]?.title, titleVersion: titles[id]?.version,
                                        label: try row["label"], primaryKeyword: try row["text"], primaryVolume: try row["primary_volume"],
                                        intent: try row["intent"], keywordCount: try row["keyword_count"],
                                        totalVolume: try row["total_volume"], createdBatch: try row["created_batch"],
                                        version: try row["version"])
            }
        }
    }

    /// The project's page coverage (empty for a project made from files only).
    /// - Complexity: O(keyword pages of the project)
    public func pageCoverage(projectID: Int64) throws(StoreError) -> PageCoverage {
        try read { db in
            var builder = PageCoverage.Builder()
            try db.stream("""
                SELECT p.keyword_id, p.url, a.cluster_id FROM keyword_pages p
                JOIN keywords k ON k.id = p.keyword_id
                LEFT JOIN assignments a ON a.keyword_id = p.keyword_id
                WHERE k.project_id = ? ORDER BY p.keyword_id, p.score DESC, p.url \(db.dialect.bytewise)
                """, projectID) { row in
                builder.add(keyword: try row["keyword_id"], url: try row["url"], cluster: try row["cluster_id"])
            }
            return builder.finish()
        }
    }
}
