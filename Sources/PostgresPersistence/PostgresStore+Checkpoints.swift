import Persistence
import PostgresNIO

extension PostgresStore {
    private static let checkpointColumns = "run_id, batch_number, cluster_state, processed_keywords, centroids"

    private static func checkpoint(_ row: PostgresRow) throws -> BatchCheckpoint {
        let (run, batch, state, processed, centroids) = try row.decode((Int64, Int, String?, String?, String?).self)
        return BatchCheckpoint(runID: run, batchNumber: batch, clusterState: state ?? "{}", processedKeywords: processed ?? "[]",
                               centroids: centroids)
    }

    public func checkpointsForRestore(runID: Int64, upTo: Int?) throws(StoreError) -> [BatchCheckpoint] {
        try read { db in
            let limit = Int64(upTo ?? Int(Int64.max))
            guard let snapshot = try db.row("""
                SELECT MAX(batch_number) FROM batch_checkpoints WHERE run_id = $1 AND batch_number <= $2 AND centroids IS NOT NULL
                """, binds(runID, limit))?.decode(Int64?.self) else { return [] }
            var result: [BatchCheckpoint] = []
            try db.forEachRow("""
                SELECT \(Self.checkpointColumns) FROM batch_checkpoints
                WHERE run_id = \(runID) AND batch_number >= \(snapshot) AND batch_number <= \(limit) ORDER BY batch_number
                """, chunk: 100) { result.append(try Self.checkpoint($0)) }
            return result
        }
    }

    public func checkpoints(runID: Int64) throws(StoreError) -> [BatchCheckpoint] {
        try read { db in
            var result: [BatchCheckpoint] = []
            try db.forEachRow("SELECT \(Self.checkpointColumns) FROM batch_checkpoints WHERE run_id = \(runID) ORDER BY batch_number",
                              chunk: 100) { result.append(try Self.checkpoint($0)) }
            return result
        }
    }

    public func checkpointFootprint(runID: Int64) throws(StoreError) -> (bytes: Int, rows: Int, snapshots: Int) {
        try read { db in
            // octet_length: bytes, as SQLite's LENGTH of ASCII JSON text.
            let row = try db.row("""
                SELECT COALESCE(SUM(octet_length(cluster_state) + octet_length(processed_keywords) + COALESCE(octet_length(centroids), 0)), 0)::BIGINT,
                       COUNT(*), COUNT(centroids)
                FROM batch_checkpoints WHERE run_id = $1
                """, binds(runID))!
            let (bytes, rows, snapshots) = try row.decode((Int, Int, Int).self)
            return (bytes, rows, snapshots)
        }
    }
}
