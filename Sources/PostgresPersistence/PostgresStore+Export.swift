import Ingest
import Persistence
import PostgresNIO

extension PostgresStore {
    /// Streams the export rows through a server-side cursor inside one REPEATABLE READ
    /// transaction (a consistent snapshot while a run writes). Memory: one chunk of rows
    /// plus the titles (O(clusters)).
    public func forEachExportRow(projectID: Int64, changedIn runID: Int64?, _ body: (ExportRow) throws -> Void) throws(StoreError) {
        try read { db in
            let filter = runID.map { run in
                """
                AND a.cluster_id IN (SELECT cluster_id FROM assignments WHERE project_id = k.project_id AND run_id = \(run)
                                     UNION SELECT cluster_id FROM title_jobs WHERE project_id = k.project_id AND run_id = \(run)
                                     UNION SELECT cluster_id FROM clusters WHERE project_id = k.project_id AND updated_run_id = \(run))
                """
            } ?? ""
            let titles = try currentTitles(projectID: projectID, db: db)
            try db.forEachRow("""
                SELECT k.id, k.text, k.volume, k.cpc, k.difficulty, k.clicks, k.impressions, k.ctr, k.position, k.competition,
                       k.intent, k.url, k.parent_keyword, k.sources, k.is_absent,
                       a.cluster_id, c.label, c.intent, COALESCE(c.primary_keyword_id = k.id, FALSE), a.similarity, a.batch_number
                FROM keywords k
                LEFT JOIN assignments a ON a.keyword_id = k.id
                LEFT JOIN clusters c ON c.project_id = a.project_id AND c.cluster_id = a.cluster_id
                WHERE k.project_id = \(projectID) \(filter)
                ORDER BY a.cluster_id IS NULL, a.cluster_id, COALESCE(c.primary_keyword_id = k.id, FALSE) DESC,
                         k.volume IS NULL, k.volume DESC, k.id
                """) { row in
                var c = Columns(row)
                let id: Int64 = try c.next()
                let text: String = try c.next()
                let metrics = KeywordMetrics(volume: try c.next(), cpc: try c.next(), difficulty: try c.next(), clicks: try c.next(),
                                             impressions: try c.next(), ctr: try c.next(), position: try c.next(),
                                             competition: try c.next(), intent: try c.next(), url: try c.next(),
                                             parentKeyword: try c.next())
                let sources: String = try c.next()
                let absent: Int = try c.next()
                let clusterID: Int? = try c.next()
                let title = clusterID.flatMap { titles[$0] }
                try body(ExportRow(keywordID: id, keyword: text, metrics: metrics, sources: sources, isAbsent: absent != 0,
                                   clusterID: clusterID, clusterLabel: try c.next(), clusterIntent: try c.next(), isPrimary: try c.next(),
                                   similarity: try c.next(), title: title?.title, titleVersion: title?.version, batchNumber: try c.next()))
            }
        }
    }

    public func clusterExportRows(projectID: Int64) throws(StoreError) -> [ClusterExportRow] {
        try read { db in
            let titles = try currentTitles(projectID: projectID, db: db)
            return try db.rows("""
                SELECT c.cluster_id, c.label, k.text, c.primary_volume, c.intent, c.keyword_count, c.total_volume,
                       c.created_batch, c.version
                FROM clusters c JOIN keywords k ON k.id = c.primary_keyword_id
                WHERE c.project_id = $1 AND c.keyword_count > 0 ORDER BY c.cluster_id
                """, binds(projectID)).map { row in
                var c = Columns(row)
                let id: Int = try c.next()
                return ClusterExportRow(clusterID: id, title: titles[id]?.title, titleVersion: titles[id]?.version, label: try c.next(),
                                        primaryKeyword: try c.next(), primaryVolume: try c.next(), intent: try c.next(),
                                        keywordCount: try c.next(), totalVolume: try c.next(), createdBatch: try c.next(),
                                        version: try c.next())
            }
        }
    }

    public func pageCoverage(projectID: Int64) throws(StoreError) -> PageCoverage {
        try read { db in
            var builder = PageCoverage.Builder()
            try db.forEachRow("""
                SELECT p.keyword_id, p.url, a.cluster_id FROM keyword_pages p
                JOIN keywords k ON k.id = p.keyword_id
                LEFT JOIN assignments a ON a.keyword_id = p.keyword_id
                WHERE k.project_id = \(projectID) ORDER BY p.keyword_id, p.score DESC, p.url COLLATE "C"
                """) { row in
                let (keyword, url, cluster) = try row.decode((Int64, String, Int?).self)
                builder.add(keyword: keyword, url: url, cluster: cluster)
            }
            return builder.finish()
        }
    }
}
