import Foundation
import GRDB

extension SQLiteStore {
    /// Puts a run back to the state after batch `batchNumber`, in ONE transaction: later
    /// batches' assignments, checkpoints, logs and titles are removed and those batches marked
    /// pending; earlier assignments and all cluster rows are replaced by `assignments` and
    /// `clusters` (rebuilt by the caller from the checkpoints).
    public func rollback(runID: Int64, projectID: Int64, toBatch batchNumber: Int, assignments: [Assignment],
                         clusters: [ClusterRow]) throws(StoreError) {
        try write { db in
            let arguments: StatementArguments = [runID, batchNumber]
            try db.execute(sql: "DELETE FROM assignments WHERE run_id = ? AND batch_number > ?", arguments: arguments)
            let update = try db.makeStatement(sql: "UPDATE assignments SET cluster_id = ?, similarity = ? WHERE keyword_id = ?")
            for assignment in assignments {
                try update.execute(arguments: [assignment.clusterID, Double(assignment.similarity), assignment.keywordID])
            }
            try db.execute(sql: "DELETE FROM batch_checkpoints WHERE run_id = ? AND batch_number > ?", arguments: arguments)
            try db.execute(sql: "DELETE FROM batch_logs WHERE run_id = ? AND batch_number > ?", arguments: arguments)
            try db.execute(sql: "DELETE FROM generated_content WHERE run_id = ? AND batch_number > ?", arguments: arguments)
            try db.execute(sql: "DELETE FROM title_jobs WHERE run_id = ? AND batch_number > ?", arguments: arguments)
            try db.execute(sql: """
                UPDATE batch_runs SET status = 'pending', keywords_processed = 0, clusters_generated = 0, titles_generated = 0,
                       started_at = NULL, completed_at = NULL, error_message = NULL, processing_time_ms = NULL
                WHERE run_id = ? AND batch_number > ?
                """, arguments: arguments)
            try db.execute(sql: """
                UPDATE processing_runs SET status = 'pending', completed_at = NULL, refinement_iterations = NULL, error_message = NULL
                WHERE id = ?
                """, arguments: [runID])
            try db.execute(sql: "DELETE FROM clusters WHERE project_id = ?", arguments: [projectID])
            try upsert(clusters: clusters, projectID: projectID, db: db)
        }
    }
}
