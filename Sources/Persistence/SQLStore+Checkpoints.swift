extension SQLStore {
    /// The checkpoints needed to restore the state after batch `upTo` (all of them when nil):
    /// the newest one at or before it that holds a centroid snapshot, then every later one up to it.
    /// - Complexity: O(checkpoints read)
    public func checkpointsForRestore(runID: Int64, upTo: Int?) throws(StoreError) -> [BatchCheckpoint] {
        try read { db in
            let limit = upTo ?? Int.max
            let snapshot: Int? = try db.scalar("""
                SELECT MAX(batch_number) AS value FROM batch_checkpoints
                WHERE run_id = ? AND batch_number <= ? AND centroids IS NOT NULL
                """, runID, limit)
            guard let snapshot else { return [] }
            return try db.rows("""
                SELECT * FROM batch_checkpoints WHERE run_id = ? AND batch_number >= ? AND batch_number <= ?
                ORDER BY batch_number
                """, runID, snapshot, limit, decode: BatchCheckpoint.init(row:))
        }
    }

    /// Every checkpoint of a run, in order (for `check`).
    public func checkpoints(runID: Int64) throws(StoreError) -> [BatchCheckpoint] {
        try read { db in
            try db.rows("SELECT * FROM batch_checkpoints WHERE run_id = ? ORDER BY batch_number", runID,
                        decode: BatchCheckpoint.init(row:))
        }
    }

    /// Total bytes of a run's checkpoint text, and how many rows hold a centroid snapshot.
    public func checkpointFootprint(runID: Int64) throws(StoreError) -> (bytes: Int, rows: Int, snapshots: Int) {
        try read { db in
            let d = db.dialect
            return try db.row("""
                SELECT COALESCE(SUM(\(d.byteLength("cluster_state")) + \(d.byteLength("processed_keywords"))
                                    + COALESCE(\(d.byteLength("centroids")), 0)), 0) AS bytes,
                       COUNT(*) AS row_count, COUNT(centroids) AS snapshots
                FROM batch_checkpoints WHERE run_id = ?
                """, runID) { row in (try row["bytes"], try row["row_count"], try row["snapshots"]) }!
        }
    }

    /// Puts a run back to the state after batch `batchNumber`, in ONE transaction: later
    /// batches' assignments, checkpoints, logs and titles are removed and those batches marked
    /// pending; earlier assignments and all cluster rows are replaced by `assignments` and
    /// `clusters` (rebuilt by the caller from the checkpoints), and the pillars by those
    /// `pillars` made (each batch's changes, from the run's first, as its checkpoints hold them).
    public func rollback(runID: Int64, projectID: Int64, toBatch batchNumber: Int, assignments: [Assignment],
                         clusters: [ClusterRow], pillars: [(batchNumber: Int, changes: PillarChanges)]) throws(StoreError) {
        try write { db in
            try db.execute("DELETE FROM assignments WHERE run_id = ? AND batch_number > ?", runID, batchNumber)
            try update(assignments: assignments, db: db)
            for table in ["batch_checkpoints", "batch_logs", "generated_content", "title_jobs"] {
                try db.execute("DELETE FROM \(table) WHERE run_id = ? AND batch_number > ?", runID, batchNumber)
            }
            try db.execute("""
                UPDATE batch_runs SET status = 'pending', keywords_processed = 0, clusters_generated = 0, titles_generated = 0,
                       started_at = NULL, completed_at = NULL, error_message = NULL, processing_time_ms = NULL
                WHERE run_id = ? AND batch_number > ?
                """, runID, batchNumber)
            try db.execute("""
                UPDATE processing_runs SET status = 'pending', completed_at = NULL, refinement_iterations = NULL, error_message = NULL
                WHERE id = ?
                """, runID)
            try db.execute("DELETE FROM clusters WHERE project_id = ?", projectID)
            try upsert(clusters: clusters, projectID: projectID, db: db)
            try replace(pillars: pillars, projectID: projectID, runID: runID, db: db)
        }
    }
}

extension BatchCheckpoint {
    init(row: SQLRow) throws {
        self.init(runID: try row["run_id"], batchNumber: try row["batch_number"],
                  clusterState: try row["cluster_state"] as String? ?? "{}",
                  processedKeywords: try row["processed_keywords"] as String? ?? "[]", centroids: try row["centroids"])
    }
}
