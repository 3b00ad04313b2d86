extension SQLStore {
    /// The project's clusters with at most `keywordsPerCluster` keywords each, its runs and the
    /// latest run's batches, in one read transaction.
    /// - Complexity: O(keywords) (one pass over the assignments, ranked per cluster by the database).
    public func reportSnapshot(projectID: Int64, keywordsPerCluster: Int) throws(StoreError) -> ReportSnapshot {
        try read { db in
            let titles = try currentTitles(projectID: projectID, db: db)
            var keywords: [Int: [ReportKeyword]] = [:]
            try db.stream("""
                SELECT cluster_id, text, volume, url, is_primary FROM (
                  SELECT a.cluster_id, k.text, k.volume, k.url, (c.primary_keyword_id = k.id) AS is_primary,
                         ROW_NUMBER() OVER (PARTITION BY a.cluster_id
                                            ORDER BY (c.primary_keyword_id = k.id) DESC, k.volume IS NULL, k.volume DESC, k.id) AS rank
                  FROM assignments a
                  JOIN keywords k ON k.id = a.keyword_id
                  JOIN clusters c ON c.project_id = a.project_id AND c.cluster_id = a.cluster_id
                  WHERE a.project_id = ?) ranked
                WHERE rank <= ? ORDER BY cluster_id, rank
                """, projectID, max(keywordsPerCluster, 0)) { row in
                keywords[try row["cluster_id"], default: []].append(
                    ReportKeyword(text: try row["text"], volume: try row["volume"], url: try row["url"], isPrimary: try row["is_primary"]))
            }
            let clusters = try db.rows("""
                SELECT c.cluster_id, c.label, k.text, c.intent, c.keyword_count, c.total_volume,
                       (SELECT pk.url FROM assignments pa JOIN keywords pk ON pk.id = pa.keyword_id
                        WHERE pa.project_id = c.project_id AND pa.cluster_id = c.cluster_id AND pk.url IS NOT NULL AND pk.url <> ''
                        ORDER BY pk.volume IS NULL, pk.volume DESC, pk.id LIMIT 1) AS page_url
                FROM clusters c JOIN keywords k ON k.id = c.primary_keyword_id
                WHERE c.project_id = ? AND c.keyword_count > 0 ORDER BY c.total_volume DESC, c.cluster_id
                """, projectID) { row in
                let id: Int = try row["cluster_id"]
                return ReportCluster(clusterID: id, title: titles[id]?.title, label: try row["label"], primaryKeyword: try row["text"],
                                     intent: try row["intent"], keywordCount: try row["keyword_count"],
                                     totalVolume: try row["total_volume"], pageURL: try row["page_url"], keywords: keywords[id] ?? [])
            }
            let runs = try runs(projectID: projectID, db: db)
            let batches = try runs.last.map { try batchRuns(runID: $0.id, db: db) } ?? []
            return try db.row("""
                SELECT (SELECT COUNT(*) FROM keywords WHERE project_id = ?) AS keywords,
                       (SELECT COUNT(*) FROM assignments WHERE project_id = ?) AS assigned
                """, projectID, projectID) { row in
                ReportSnapshot(clusters: clusters, runs: runs, batches: batches, keywordCount: try row["keywords"],
                               assignedCount: try row["assigned"])
            }!
        }
    }

    /// One cluster with `limit` of its keywords from `offset` (primary first, then by volume), or
    /// nil when the project has no such cluster.
    /// - Complexity: O(the cluster's keywords)
    public func reportCluster(projectID: Int64, clusterID: Int, offset: Int, limit: Int) throws(StoreError) -> ReportCluster? {
        try read { db in
            guard var cluster = try db.row("""
                SELECT c.label, k.text, c.intent, c.keyword_count, c.total_volume, c.primary_keyword_id
                FROM clusters c JOIN keywords k ON k.id = c.primary_keyword_id
                WHERE c.project_id = ? AND c.cluster_id = ? AND c.keyword_count > 0
                """, projectID, clusterID, decode: { row in
                (primaryID: try row["primary_keyword_id"] as Int64,
                 ReportCluster(clusterID: clusterID, title: nil, label: try row["label"], primaryKeyword: try row["text"],
                               intent: try row["intent"], keywordCount: try row["keyword_count"], totalVolume: try row["total_volume"],
                               pageURL: nil, keywords: []))
            }) else { return nil }
            cluster.1.keywords = try db.rows("""
                SELECT k.text, k.volume, k.url, k.id = ? AS is_primary FROM assignments a JOIN keywords k ON k.id = a.keyword_id
                WHERE a.project_id = ? AND a.cluster_id = ?
                ORDER BY k.id = ? DESC, k.volume IS NULL, k.volume DESC, k.id LIMIT ? OFFSET ?
                """, cluster.primaryID, projectID, clusterID, cluster.primaryID, max(limit, 0), max(offset, 0)) { row in
                ReportKeyword(text: try row["text"], volume: try row["volume"], url: try row["url"], isPrimary: try row["is_primary"])
            }
            cluster.1.pageURL = try db.scalar("""
                SELECT k.url AS value FROM assignments a JOIN keywords k ON k.id = a.keyword_id
                WHERE a.project_id = ? AND a.cluster_id = ? AND k.url IS NOT NULL AND k.url <> ''
                ORDER BY k.volume IS NULL, k.volume DESC, k.id LIMIT 1
                """, projectID, clusterID)
            cluster.1.title = try currentTitles(projectID: projectID, db: db)[clusterID]?.title
            return cluster.1
        }
    }
}
