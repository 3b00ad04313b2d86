import Foundation
import GRDB

extension SQLiteStore {
    /// The checkpoints needed to restore the state after batch `upTo` (all of them when nil):
    /// the newest one at or before it that holds a centroid snapshot, then every later one up to it.
    /// - Complexity: O(checkpoints read)
    public func checkpointsForRestore(runID: Int64, upTo: Int?) throws(StoreError) -> [BatchCheckpoint] {
        try read { db in
            let limit = upTo ?? Int.max
            let snapshot = try Int.fetchOne(db, sql: """
                SELECT MAX(batch_number) FROM batch_checkpoints
                WHERE run_id = ? AND batch_number <= ? AND centroids IS NOT NULL
                """, arguments: [runID, limit])
            guard let snapshot else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT * FROM batch_checkpoints WHERE run_id = ? AND batch_number >= ? AND batch_number <= ?
                ORDER BY batch_number
                """, arguments: [runID, snapshot, limit]).map(BatchCheckpoint.init(row:))
        }
    }

    /// Every checkpoint of a run, in order (for `check`).
    public func checkpoints(runID: Int64) throws(StoreError) -> [BatchCheckpoint] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM batch_checkpoints WHERE run_id = ? ORDER BY batch_number", arguments: [runID])
                .map(BatchCheckpoint.init(row:))
        }
    }

    /// Total bytes of a run's checkpoint text, and how many rows hold a centroid snapshot.
    public func checkpointFootprint(runID: Int64) throws(StoreError) -> (bytes: Int, rows: Int, snapshots: Int) {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(LENGTH(cluster_state) + LENGTH(processed_keywords) + COALESCE(LENGTH(centroids), 0)), 0),
                       COUNT(*), COUNT(centroids)
                FROM batch_checkpoints WHERE run_id = ?
                """, arguments: [runID])!
            return (row[0], row[1], row[2])
        }
    }

    /// Clears the centroid snapshots of a run except those of the batches in `keep`, so storage
    /// grows with keywords, not batches x clusters. Called in the commit of a newer snapshot.
    func pruneSnapshots(runID: Int64, keep: [Int], db: Database) throws {
        let placeholders = Array(repeating: "?", count: keep.count).joined(separator: ",")
        try db.execute(sql: """
            UPDATE batch_checkpoints SET centroids = NULL
            WHERE run_id = ? AND centroids IS NOT NULL AND batch_number NOT IN (\(placeholders))
            """, arguments: StatementArguments([runID] + keep.map(Int64.init)))
    }
}

extension BatchCheckpoint {
    init(row: Row) {
        self.init(runID: row["run_id"], batchNumber: row["batch_number"], clusterState: row["cluster_state"] ?? "{}",
                  processedKeywords: row["processed_keywords"] ?? "[]", centroids: row["centroids"])
    }
}
