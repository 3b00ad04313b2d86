/// SQL that both stores run word for word (SQLite and PostgreSQL read it alike); each store
/// passes its own parameter markers (`?` for SQLite, `$1` or a literal for PostgreSQL).
public enum ReportQueries {
    /// A report's keywords: each cluster's first `limit` keywords, the primary keyword first, then
    /// by volume (unknown last) and id; rows `(cluster_id, text, volume, url, is_primary)`.
    public static func rankedKeywords(projectID: String, limit: String) -> String {
        """
        SELECT cluster_id, text, volume, url, is_primary FROM (
          SELECT a.cluster_id, k.text, k.volume, k.url, (c.primary_keyword_id = k.id) AS is_primary,
                 ROW_NUMBER() OVER (PARTITION BY a.cluster_id
                                    ORDER BY (c.primary_keyword_id = k.id) DESC, k.volume IS NULL, k.volume DESC, k.id) AS rank
          FROM assignments a
          JOIN keywords k ON k.id = a.keyword_id
          JOIN clusters c ON c.project_id = a.project_id AND c.cluster_id = a.cluster_id
          WHERE a.project_id = \(projectID)) ranked
        WHERE rank <= \(limit) ORDER BY cluster_id, rank
        """
    }
}
