import Foundation
import GRDB

extension SQLiteStore {
    /// The project's runs, oldest first.
    public func runs(projectID: Int64) throws(StoreError) -> [ProcessingRun] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM processing_runs WHERE project_id = ? ORDER BY id", arguments: [projectID])
                .map(ProcessingRun.init(row:))
        }
    }

    /// One run by id.
    public func run(id: Int64) throws(StoreError) -> ProcessingRun? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM processing_runs WHERE id = ?", arguments: [id]).map(ProcessingRun.init(row:))
        }
    }

    /// The run's batches, in order.
    public func batchRuns(runID: Int64) throws(StoreError) -> [BatchRun] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM batch_runs WHERE run_id = ? ORDER BY batch_number", arguments: [runID])
                .map(BatchRun.init(row:))
        }
    }

    /// One batch of a run, or nil when it is not planned.
    public func batchRun(runID: Int64, number: Int) throws(StoreError) -> BatchRun? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM batch_runs WHERE run_id = ? AND batch_number = ?", arguments: [runID, number])
                .map(BatchRun.init(row:))
        }
    }

    /// Per-batch k-means logs of a run, by batch number.
    public func batchLogs(runID: Int64) throws(StoreError) -> [Int: BatchLog] {
        try read { db in
            var logs: [Int: BatchLog] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM batch_logs WHERE run_id = ?", arguments: [runID]) {
                logs[row["batch_number"]] = BatchLog(iterations: row["iterations"], inertia: row["inertia"],
                                                     newClusters: row["new_clusters"], farKeywords: row["far_keywords"])
            }
            return logs
        }
    }

    /// Marks the run as processing (idempotent; keeps the first start time).
    public func markRunProcessing(runID: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE processing_runs SET status = 'processing', error_message = NULL,
                       started_at = COALESCE(started_at, CURRENT_TIMESTAMP)
                WHERE id = ?
                """, arguments: [runID])
        }
    }

    /// Marks a batch as being processed, so `status` shows it.
    public func markBatchProcessing(runID: Int64, batchNumber: Int) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE batch_runs SET status = 'processing', started_at = CURRENT_TIMESTAMP, error_message = NULL
                WHERE run_id = ? AND batch_number = ?
                """, arguments: [runID, batchNumber])
        }
    }

    /// Marks a batch failed with its error; its results were never committed. `resume` retries it.
    public func markBatchFailed(runID: Int64, batchNumber: Int, error: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE batch_runs SET status = 'failed', error_message = ? WHERE run_id = ? AND batch_number = ?",
                           arguments: [error, runID, batchNumber])
            try db.execute(sql: "UPDATE processing_runs SET error_message = ? WHERE id = ?", arguments: [error, runID])
        }
    }

    /// Marks the run failed (for example when its input can no longer be processed).
    public func markRunFailed(runID: Int64, error: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE processing_runs SET status = 'failed', error_message = ? WHERE id = ?",
                           arguments: [error, runID])
        }
    }

    /// Records that a run left batched processing for a one-pass run, and why.
    public func recordFallback(runID: Int64, reason: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE processing_runs SET fallback_reason = ? WHERE id = ?", arguments: [reason, runID])
        }
    }

    /// `commitBatch` for a batch whose title jobs are still being made on other threads: the
    /// rest is written first, then `titleJobs()` is awaited and its jobs are written, in the same
    /// ONE transaction. With `titles`, the jobs are titled in this transaction: they are stored
    /// done, then `titles()` (one per job, in order) is awaited and the titles are stored. The
    /// closures must not use the store: the transaction holds the writer.
    public func commitBatch(_ commit: BatchCommit, projectID: Int64, titleJobs: () throws -> [TitleJob],
                            titles: (() throws -> JobTitles)?) throws(StoreError) {
        try write { db in
            try upsert(assignments: commit.assignments, projectID: projectID, runID: commit.runID,
                       batchNumber: commit.batchNumber, db: db)
            try upsert(clusters: commit.changedClusters, projectID: projectID, db: db)
            try insertTitleJobs(commit.titleJobs, projectID: projectID, db: db)
            try insertCheckpoint(commit.checkpoint, db: db)
            try insertLog(commit, db: db)
            try db.execute(sql: """
                UPDATE batch_runs SET status = 'completed', keywords_processed = ?, clusters_generated = ?,
                       completed_at = CURRENT_TIMESTAMP, started_at = COALESCE(started_at, CURRENT_TIMESTAMP),
                       error_message = NULL, processing_time_ms = ?
                WHERE run_id = ? AND batch_number = ?
                """, arguments: [commit.assignments.count, commit.newClusterCount, commit.processingTimeMs,
                                 commit.runID, commit.batchNumber])
            guard db.changesCount == 1 else {
                throw StoreError("batch \(commit.batchNumber) of run \(commit.runID) is not planned")
            }
            let jobs = try titleJobs()
            try insertTitleJobs(jobs, done: titles != nil, projectID: projectID, db: db)
            if let titles, !jobs.isEmpty {
                try storeTitles(jobs, titles: try titles(), projectID: projectID, db: db)
            }
        }
    }

    /// Writes the result of a pass over all of a run's keywords (the final refinement) in ONE
    /// transaction, and completes the run.
    /// Assignments keep the batch that first clustered them; only their cluster and similarity change.
    public func commitRefinement(_ commit: BatchCommit, projectID: Int64) throws(StoreError) {
        try write { db in
            // Every row changes: updating the by-cluster index a row at a time costs a random page
            // per row; dropping it and building it again (a sort) is far faster, in the same transaction.
            try db.execute(sql: "DROP INDEX assignments_by_cluster")
            var statement = try RawStatement(db, sql: "UPDATE assignments SET cluster_id = ?, similarity = ? WHERE keyword_id = ?")
            for assignment in commit.assignments {
                statement.bind(assignment.clusterID)
                statement.bind(Double(assignment.similarity))
                statement.bind(assignment.keywordID)
                try statement.execute()
            }
            try db.execute(sql: "CREATE INDEX assignments_by_cluster ON assignments(project_id, cluster_id)")
            try upsert(clusters: commit.changedClusters, projectID: projectID, db: db)
            try insertTitleJobs(commit.titleJobs, projectID: projectID, db: db)
            try insertCheckpoint(commit.checkpoint, db: db)
            try insertLog(commit, db: db)
            try completeRun(runID: commit.runID, refinementIterations: commit.log.iterations, db: db)
        }
    }

    private func insertLog(_ commit: BatchCommit, db: Database) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO batch_logs (run_id, batch_number, iterations, inertia, new_clusters, far_keywords)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [commit.runID, commit.batchNumber, commit.log.iterations, commit.log.inertia,
                             commit.log.newClusters, commit.log.farKeywords])
    }

    /// Completes a run that needs no refinement.
    public func completeRun(runID: Int64, refinementIterations: Int?) throws(StoreError) {
        try write { db in try completeRun(runID: runID, refinementIterations: refinementIterations, db: db) }
    }

    private func completeRun(runID: Int64, refinementIterations: Int?, db: Database) throws {
        try db.execute(sql: """
            UPDATE processing_runs SET status = 'completed', completed_at = CURRENT_TIMESTAMP, error_message = NULL,
                   refinement_iterations = ?
            WHERE id = ?
            """, arguments: [refinementIterations, runID])
    }

    private func upsert(assignments: [Assignment], projectID: Int64, runID: Int64, batchNumber: Int, db: Database) throws {
        var statement = try RawStatement(db, sql: """
            INSERT OR REPLACE INTO assignments (keyword_id, project_id, cluster_id, similarity, run_id, batch_number)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for assignment in assignments {
            statement.bind(assignment.keywordID)
            statement.bind(projectID)
            statement.bind(assignment.clusterID)
            statement.bind(Double(assignment.similarity))
            statement.bind(runID)
            statement.bind(batchNumber)
            try statement.execute()
        }
    }

    /// Updates each cluster's row in place, inserting the rows that do not exist yet (an update
    /// leaves the key's index alone; `INSERT OR REPLACE` deleted and re-inserted every row).
    func upsert(clusters: [ClusterRow], projectID: Int64, db: Database) throws {
        var update = try RawStatement(db, sql: """
            UPDATE clusters SET created_run_id = ?, created_batch = ?, keyword_count = ?, total_volume = ?, primary_keyword_id = ?,
                                primary_volume = ?, primary_similarity = ?, label = ?, intent = ?, intent_votes = ?, version = ?,
                                updated_run_id = ?, updated_batch = ?
            WHERE project_id = ? AND cluster_id = ?
            """)
        var insert = try RawStatement(db, sql: """
            INSERT INTO clusters (project_id, cluster_id, created_run_id, created_batch, keyword_count, total_volume,
                                  primary_keyword_id, primary_volume, primary_similarity, label, intent, intent_votes,
                                  version, updated_run_id, updated_batch)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for c in clusters {
            let votes = "[" + c.intentVotes.map { String($0) }.joined(separator: ",") + "]"
            update.bind(c.createdRunID)
            update.bind(c.createdBatch)
            update.bind(c.keywordCount)
            update.bind(c.totalVolume)
            update.bind(c.primaryKeywordID)
            update.bind(c.primaryVolume)
            update.bind(Double(c.primarySimilarity))
            update.bind(c.label)
            update.bind(c.intent)
            update.bind(votes)
            update.bind(c.version)
            update.bind(c.updatedRunID)
            update.bind(c.updatedBatch)
            update.bind(projectID)
            update.bind(c.clusterID)
            guard try update.execute() == 0 else { continue }
            insert.bind(projectID)
            insert.bind(c.clusterID)
            insert.bind(c.createdRunID)
            insert.bind(c.createdBatch)
            insert.bind(c.keywordCount)
            insert.bind(c.totalVolume)
            insert.bind(c.primaryKeywordID)
            insert.bind(c.primaryVolume)
            insert.bind(Double(c.primarySimilarity))
            insert.bind(c.label)
            insert.bind(c.intent)
            insert.bind(votes)
            insert.bind(c.version)
            insert.bind(c.updatedRunID)
            insert.bind(c.updatedBatch)
            try insert.execute()
        }
    }

    /// Stores `titles` (one per job, in order) as the titles of done `titleJobs`.
    private func storeTitles(_ titleJobs: [TitleJob], titles: JobTitles, projectID: Int64, db: Database) throws {
        precondition(titles.titles.count == titleJobs.count, "one title per job")
        try storeTitles(zip(titleJobs, titles.titles).map { MadeTitle(job: $0, title: $1, generator: titles.generator) },
                        projectID: projectID, db: db)
    }

    /// Inserts title jobs, pending or `done` (their titles stored apart, by `storeTitles`).
    func insertTitleJobs(_ titleJobs: [TitleJob], done: Bool = false, projectID: Int64, db: Database) throws {
        guard !titleJobs.isEmpty else { return }
        var insert = try RawStatement(db, sql: """
            INSERT INTO title_jobs (project_id, cluster_id, cluster_version, run_id, batch_number, status, inputs)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let status = done ? "done" : "pending"
        for job in titleJobs {
            insert.bind(projectID)
            insert.bind(job.clusterID)
            insert.bind(job.clusterVersion)
            insert.bind(job.runID)
            insert.bind(job.batchNumber)
            insert.bind(status)
            insert.bind(job.inputs)
            try insert.execute()
        }
    }

    /// Inserts a checkpoint; a checkpoint with a centroid snapshot clears the snapshots between
    /// the run's first one and itself, so at most two stay.
    func insertCheckpoint(_ checkpoint: BatchCheckpoint, db: Database) throws {
        if checkpoint.centroids != nil {
            let first = try Int.fetchOne(db, sql: """
                SELECT MIN(batch_number) FROM batch_checkpoints WHERE run_id = ? AND centroids IS NOT NULL
                """, arguments: [checkpoint.runID])
            try pruneSnapshots(runID: checkpoint.runID, keep: [first ?? checkpoint.batchNumber, checkpoint.batchNumber], db: db)
        }
        try db.execute(sql: """
            INSERT OR REPLACE INTO batch_checkpoints (run_id, batch_number, cluster_state, processed_keywords, centroids)
            VALUES (?, ?, ?, ?, ?)
            """, arguments: [checkpoint.runID, checkpoint.batchNumber, checkpoint.clusterState,
                             checkpoint.processedKeywords, checkpoint.centroids])
    }
}

extension ProcessingRun {
    init(row: Row) {
        self.init(id: row["id"], projectID: row["project_id"], kind: Kind(rawValue: row["kind"]) ?? .create,
                  status: Status(rawValue: row["status"]) ?? .failed, parameters: row["parameters"], seed: row["seed"],
                  totalKeywords: row["total_keywords"], totalBatches: row["total_batches"],
                  refinementIterations: row["refinement_iterations"], newKeywords: row["new_keywords"],
                  newClusters: row["new_clusters"], changedClusters: row["changed_clusters"],
                  unchangedClusters: row["unchanged_clusters"], fallbackReason: row["fallback_reason"],
                  errorMessage: row["error_message"], createdAt: row["created_at"], startedAt: row["started_at"],
                  completedAt: row["completed_at"])
    }
}

extension BatchRun {
    init(row: Row) {
        self.init(runID: row["run_id"], batchNumber: row["batch_number"], batchSize: row["batch_size"],
                  status: Status(rawValue: row["status"] ?? "pending") ?? .pending,
                  keywordsProcessed: row["keywords_processed"] ?? 0, clustersGenerated: row["clusters_generated"] ?? 0,
                  titlesGenerated: row["titles_generated"] ?? 0, startedAt: row["started_at"], completedAt: row["completed_at"],
                  errorMessage: row["error_message"], processingTimeMs: row["processing_time_ms"])
    }
}

extension SQLiteStore {
    /// Turns a create run whose batches keep failing into a one-pass (monolithic) run, in ONE
    /// transaction: everything its batches made is removed, one batch holding all its keywords
    /// is planned, and the reason is recorded.
    public func restartAsMonolithic(runID: Int64, projectID: Int64, parameters: String, keywordCount: Int,
                                    reason: String) throws(StoreError) {
        try write { db in
            let run: StatementArguments = [runID]
            try db.execute(sql: "DELETE FROM generated_content WHERE run_id = ?", arguments: run)
            try db.execute(sql: "DELETE FROM title_jobs WHERE run_id = ?", arguments: run)
            try db.execute(sql: "DELETE FROM assignments WHERE run_id = ?", arguments: run)
            try db.execute(sql: "DELETE FROM clusters WHERE project_id = ? AND created_run_id = ?", arguments: [projectID, runID])
            try db.execute(sql: "DELETE FROM batch_checkpoints WHERE run_id = ?", arguments: run)
            try db.execute(sql: "DELETE FROM batch_logs WHERE run_id = ?", arguments: run)
            try db.execute(sql: "DELETE FROM batch_runs WHERE run_id = ?", arguments: run)
            try db.execute(sql: "INSERT INTO batch_runs (run_id, batch_number, batch_size, status) VALUES (?, 1, ?, 'pending')",
                           arguments: [runID, keywordCount])
            try db.execute(sql: """
                UPDATE processing_runs SET parameters = ?, total_batches = 1, fallback_reason = ?, status = 'processing',
                       error_message = NULL
                WHERE id = ?
                """, arguments: [parameters, reason, runID])
        }
    }
}
