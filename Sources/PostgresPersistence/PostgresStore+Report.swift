import Persistence
import PostgresNIO

extension PostgresStore {
    public func reportSnapshot(projectID: Int64, keywordsPerCluster: Int) throws(StoreError) -> ReportSnapshot {
        try read { db in
            let titles = try currentTitles(projectID: projectID, db: db)
            var keywords: [Int: [ReportKeyword]] = [:]
            try db.forEachRow(ReportQueries.rankedKeywords(projectID: "\(projectID)", limit: "\(max(keywordsPerCluster, 0))")) { row in
                let (cluster, text, volume, url, primary) = try row.decode((Int, String, Int?, String?, Bool).self)
                keywords[cluster, default: []].append(ReportKeyword(text: text, volume: volume, url: url, isPrimary: primary))
            }
            let clusters = try db.rows("""
                SELECT c.cluster_id, c.label, k.text, c.intent, c.keyword_count, c.total_volume,
                       (SELECT pk.url FROM assignments pa JOIN keywords pk ON pk.id = pa.keyword_id
                        WHERE pa.project_id = c.project_id AND pa.cluster_id = c.cluster_id AND pk.url IS NOT NULL AND pk.url <> ''
                        ORDER BY pk.volume IS NULL, pk.volume DESC, pk.id LIMIT 1)
                FROM clusters c JOIN keywords k ON k.id = c.primary_keyword_id
                WHERE c.project_id = $1 AND c.keyword_count > 0 ORDER BY c.total_volume DESC, c.cluster_id
                """, binds(projectID)).map { row in
                let (id, label, primary, intent, count, volume, page) = try row.decode((Int, String, String, String, Int, Int, String?).self)
                return ReportCluster(clusterID: id, title: titles[id]?.title, label: label, primaryKeyword: primary, intent: intent,
                                     keywordCount: count, totalVolume: volume, pageURL: page, keywords: keywords[id] ?? [])
            }
            let runs = try db.rows("SELECT \(Self.runColumns) FROM processing_runs WHERE project_id = $1 ORDER BY id", binds(projectID))
                .map(Self.runRecord)
            let batches = try runs.last.map { run in
                try db.rows("SELECT \(Self.batchColumns) FROM batch_runs WHERE run_id = $1 ORDER BY batch_number", binds(run.id))
                    .map(Self.batch)
            } ?? []
            let (keywordCount, assignedCount) = try db.row("""
                SELECT (SELECT COUNT(*) FROM keywords WHERE project_id = $1), (SELECT COUNT(*) FROM assignments WHERE project_id = $1)
                """, binds(projectID))!.decode((Int, Int).self)
            return ReportSnapshot(clusters: clusters, runs: runs, batches: batches, keywordCount: keywordCount, assignedCount: assignedCount)
        }
    }

    public func reportCluster(projectID: Int64, clusterID: Int, offset: Int, limit: Int) throws(StoreError) -> ReportCluster? {
        try read { db in
            guard let row = try db.row("""
                SELECT c.label, k.text, c.intent, c.keyword_count, c.total_volume, c.primary_keyword_id
                FROM clusters c JOIN keywords k ON k.id = c.primary_keyword_id
                WHERE c.project_id = $1 AND c.cluster_id = $2 AND c.keyword_count > 0
                """, binds(projectID, clusterID)) else { return nil }
            let (label, primaryKeyword, intent, count, volume, primaryID) = try row.decode((String, String, String, Int, Int, Int64).self)
            let keywords = try db.rows("""
                SELECT k.text, k.volume, k.url, k.id = $1 FROM assignments a JOIN keywords k ON k.id = a.keyword_id
                WHERE a.project_id = $2 AND a.cluster_id = $3
                ORDER BY k.id = $1 DESC, k.volume IS NULL, k.volume DESC, k.id LIMIT $4 OFFSET $5
                """, binds(primaryID, projectID, clusterID, max(limit, 0), max(offset, 0))).map { row in
                let (text, volume, url, primary) = try row.decode((String, Int?, String?, Bool).self)
                return ReportKeyword(text: text, volume: volume, url: url, isPrimary: primary)
            }
            let pageURL = try db.row("""
                SELECT k.url FROM assignments a JOIN keywords k ON k.id = a.keyword_id
                WHERE a.project_id = $1 AND a.cluster_id = $2 AND k.url IS NOT NULL AND k.url <> ''
                ORDER BY k.volume IS NULL, k.volume DESC, k.id LIMIT 1
                """, binds(projectID, clusterID))?.decode(String.self)
            let title = try currentTitles(projectID: projectID, db: db)[clusterID]?.title
            return ReportCluster(clusterID: clusterID, title: title, label: label, primaryKeyword: primaryKeyword, intent: intent,
                                 keywordCount: count, totalVolume: volume, pageURL: pageURL, keywords: keywords)
        }
    }
}
