import FaultPoints

extension SQLStore {
    /// The project's runs, oldest first.
    public func runs(projectID: Int64) throws(StoreError) -> [ProcessingRun] {
        try read { db in try runs(projectID: projectID, db: db) }
    }

    func runs(projectID: Int64, db: SQLConnection) throws -> [ProcessingRun] {
        try db.rows("SELECT * FROM processing_runs WHERE project_id = ? ORDER BY id", projectID, decode: ProcessingRun.init(row:))
    }

    /// One run by id.
    public func run(id: Int64) throws(StoreError) -> ProcessingRun? {
        try read { db in try db.row("SELECT * FROM processing_runs WHERE id = ?", id, decode: ProcessingRun.init(row:)) }
    }

    /// The run's batches, in order.
    public func batchRuns(runID: Int64) throws(StoreError) -> [BatchRun] {
        try read { db in try batchRuns(runID: runID, db: db) }
    }

    func batchRuns(runID: Int64, db: SQLConnection) throws -> [BatchRun] {
        try db.rows("SELECT * FROM batch_runs WHERE run_id = ? ORDER BY batch_number", runID, decode: BatchRun.init(row:))
    }

    /// One batch of a run, or nil when it is not planned.
    public func batchRun(runID: Int64, number: Int) throws(StoreError) -> BatchRun? {
        try read { db in
            try db.row("SELECT * FROM batch_runs WHERE run_id = ? AND batch_number = ?", runID, number, decode: BatchRun.init(row:))
        }
    }

    /// Per-batch k-means logs of a run, by batch number.
    public func batchLogs(runID: Int64) throws(StoreError) -> [Int: BatchLog] {
        try read { db in
            var logs: [Int: BatchLog] = [:]
            try db.forEachRow("SELECT * FROM batch_logs WHERE run_id = ?", runID) { row in
                logs[try row["batch_number"]] = BatchLog(iterations: try row["iterations"], inertia: try row["inertia"],
                                                         newClusters: try row["new_clusters"], farKeywords: try row["far_keywords"])
            }
            return logs
        }
    }

    /// Marks the run as processing (idempotent; keeps the first start time).
    public func markRunProcessing(runID: Int64) throws(StoreError) {
        try write { db in
            try db.send("""
                UPDATE processing_runs SET status = 'processing', error_message = NULL,
                       started_at = COALESCE(started_at, CURRENT_TIMESTAMP)
                WHERE id = ?
                """, runID)
        }
    }

    /// Marks a batch as being processed, so `status` shows it.
    public func markBatchProcessing(runID: Int64, batchNumber: Int) throws(StoreError) {
        try write { db in
            try db.send("""
                UPDATE batch_runs SET status = 'processing', started_at = CURRENT_TIMESTAMP, error_message = NULL
                WHERE run_id = ? AND batch_number = ?
                """, runID, batchNumber)
        }
    }

    /// Marks a batch failed with its error; its results were never committed. `resume` retries it.
    public func markBatchFailed(runID: Int64, batchNumber: Int, error: String) throws(StoreError) {
        try write { db in
            try db.execute("UPDATE batch_runs SET status = 'failed', error_message = ? WHERE run_id = ? AND batch_number = ?",
                           error, runID, batchNumber)
            try db.execute("UPDATE processing_runs SET error_message = ? WHERE id = ?", error, runID)
        }
    }

    /// Marks the run failed (for example when its input can no longer be processed).
    public func markRunFailed(runID: Int64, error: String) throws(StoreError) {
        try write { db in try db.execute("UPDATE processing_runs SET status = 'failed', error_message = ? WHERE id = ?", error, runID) }
    }

    /// Records that a run left batched processing for a one-pass run, and why.
    public func recordFallback(runID: Int64, reason: String) throws(StoreError) {
        try write { db in try db.execute("UPDATE processing_runs SET fallback_reason = ? WHERE id = ?", reason, runID) }
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
            try write(pillars: commit.pillars, projectID: projectID, runID: commit.runID, batchNumber: commit.batchNumber, db: db)
            let changed = try db.execute("""
                UPDATE batch_runs SET status = 'completed', keywords_processed = ?, clusters_generated = ?,
                       completed_at = CURRENT_TIMESTAMP, started_at = COALESCE(started_at, CURRENT_TIMESTAMP),
                       error_message = NULL, processing_time_ms = ?
                WHERE run_id = ? AND batch_number = ?
                """, commit.assignments.count, commit.newClusterCount, commit.processingTimeMs, commit.runID, commit.batchNumber)
            guard changed == 1 else {
                throw StoreError("batch \(commit.batchNumber) of run \(commit.runID) is not planned")
            }
            let jobs = try titleJobs()
            try insertTitleJobs(jobs, done: titles != nil, projectID: projectID, db: db)
            if let titles, !jobs.isEmpty {
                let made = try titles()
                precondition(made.titles.count == jobs.count, "one title per job")
                try storeTitles(jobs.indices.map { index in
                    MadeTitle(job: jobs[index], title: made.titles[index], generator: made.generator,
                              plan: made.plans.isEmpty ? nil : made.plans[index])
                }, projectID: projectID, db: db)
            }
            FaultPoint.reached(.batchBeforeCommit, count: commit.batchNumber)
        }
        FaultPoint.reached(.batchCommitted, count: commit.batchNumber)
    }

    /// Writes the result of a pass over all of a run's keywords (the final refinement) in ONE
    /// transaction, and completes the run.
    /// Assignments keep the batch that first clustered them; only their cluster and similarity change.
    public func commitRefinement(_ commit: BatchCommit, projectID: Int64) throws(StoreError) {
        try write { db in
            try update(assignments: commit.assignments, db: db)
            try upsert(clusters: commit.changedClusters, projectID: projectID, db: db)
            try insertTitleJobs(commit.titleJobs, projectID: projectID, db: db)
            try insertCheckpoint(commit.checkpoint, db: db)
            try insertLog(commit, db: db)
            try write(pillars: commit.pillars, projectID: projectID, runID: commit.runID, batchNumber: commit.batchNumber, db: db)
            try completeRun(runID: commit.runID, refinementIterations: commit.log.iterations, db: db)
        }
        FaultPoint.reached(.refinementCommitted, count: 1)
    }

    /// Completes a run that needs no refinement.
    public func completeRun(runID: Int64, refinementIterations: Int?) throws(StoreError) {
        try write { db in try completeRun(runID: runID, refinementIterations: refinementIterations, db: db) }
    }

    private func completeRun(runID: Int64, refinementIterations: Int?, db: SQLConnection) throws {
        try db.send("""
            UPDATE processing_runs SET status = 'completed', completed_at = CURRENT_TIMESTAMP, error_message = NULL,
                   refinement_iterations = ?
            WHERE id = ?
            """, refinementIterations, runID)
    }

    /// Turns a create run whose batches keep failing into a one-pass (monolithic) run, in ONE
    /// transaction: everything its batches made is removed, one batch holding all its keywords
    /// is planned, and the reason is recorded.
    public func restartAsMonolithic(runID: Int64, projectID: Int64, parameters: String, keywordCount: Int,
                                    reason: String) throws(StoreError) {
        try write { db in
            for table in ["generated_content", "title_jobs", "assignments"] {
                try db.execute("DELETE FROM \(table) WHERE run_id = ?", runID)
            }
            try db.execute("DELETE FROM clusters WHERE project_id = ? AND created_run_id = ?", projectID, runID)
            // A create run's topics are all the project has: their pillars go with them.
            try db.execute("DELETE FROM topic_pillars WHERE project_id = ?", projectID)
            try db.execute("DELETE FROM pillars WHERE project_id = ?", projectID)
            for table in ["batch_checkpoints", "batch_logs", "batch_runs"] {
                try db.execute("DELETE FROM \(table) WHERE run_id = ?", runID)
            }
            try db.execute("INSERT INTO batch_runs (run_id, batch_number, batch_size, status) VALUES (?, 1, ?, 'pending')",
                           runID, keywordCount)
            try db.execute("""
                UPDATE processing_runs SET parameters = ?, total_batches = 1, fallback_reason = ?, status = 'processing',
                       error_message = NULL
                WHERE id = ?
                """, parameters, reason, runID)
        }
    }

    private func insertLog(_ commit: BatchCommit, db: SQLConnection) throws {
        try db.send("""
            INSERT INTO batch_logs (run_id, batch_number, iterations, inertia, new_clusters, far_keywords)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, batch_number) DO UPDATE SET iterations = excluded.iterations, inertia = excluded.inertia,
              new_clusters = excluded.new_clusters, far_keywords = excluded.far_keywords
            """, commit.runID, commit.batchNumber, commit.log.iterations, commit.log.inertia, commit.log.newClusters,
                       commit.log.farKeywords)
    }

    private func upsert(assignments: [Assignment], projectID: Int64, runID: Int64, batchNumber: Int, db: SQLConnection) throws {
        try db.insertRows("INSERT INTO assignments (keyword_id, project_id, cluster_id, similarity, run_id, batch_number)",
                          columns: 6, count: assignments.count, suffix: """
                            ON CONFLICT (keyword_id) DO UPDATE SET project_id = excluded.project_id, cluster_id = excluded.cluster_id,
                              similarity = excluded.similarity, run_id = excluded.run_id, batch_number = excluded.batch_number
                            """) { index, values in
            let assignment = assignments[index]
            values += [.integer(assignment.keywordID), .integer(projectID), .integer(Int64(assignment.clusterID)),
                       .real(Double(assignment.similarity)), .integer(runID), .integer(Int64(batchNumber))]
        }
    }

    /// Moves assignments to other clusters (their batch and run stay): the new values go into a
    /// temporary table in bulk, then one `UPDATE ... FROM` writes them all.
    func update(assignments: [Assignment], db: SQLConnection) throws {
        guard !assignments.isEmpty else { return }
        try db.send("""
            CREATE TEMP TABLE moved_assignments (keyword_id BIGINT NOT NULL, cluster_id BIGINT NOT NULL,
                                                 similarity DOUBLE PRECISION NOT NULL)
            """)
        try db.insertRows("INSERT INTO moved_assignments (keyword_id, cluster_id, similarity)", columns: 3,
                          count: assignments.count) { index, values in
            let assignment = assignments[index]
            values += [.integer(assignment.keywordID), .integer(Int64(assignment.clusterID)), .real(Double(assignment.similarity))]
        }
        // When most rows change (the callers move all of a project's), SQLite updates its
        // by-cluster index a random page per row; dropping it and building it again (a sort) is
        // far faster, in the same transaction, from a thousand rows up (the bundled sample's
        // 3,000: 43 ms -> 2.4 ms). (PostgreSQL would lock the table for every reader while the
        // index is gone.)
        let rebuildIndex = db.dialect.name == .sqlite && assignments.count >= 1_000
        if rebuildIndex { try db.send("DROP INDEX assignments_by_cluster") }
        try db.send("""
            UPDATE assignments SET cluster_id = m.cluster_id, similarity = m.similarity
            FROM moved_assignments m WHERE assignments.keyword_id = m.keyword_id
            """)
        if rebuildIndex { try db.send("CREATE INDEX assignments_by_cluster ON assignments(project_id, cluster_id)") }
        try db.send("DROP TABLE moved_assignments")
    }

    /// Writes each cluster's row, inserting those that do not exist yet (an update in place
    /// leaves the key's index alone).
    func upsert(clusters: [ClusterRow], projectID: Int64, db: SQLConnection) throws {
        let columns = ClusterRow.columns
        try db.insertRows("INSERT INTO clusters (project_id, \(columns.joined(separator: ", ")))",
                          columns: columns.count + 1, count: clusters.count, suffix: """
            ON CONFLICT (project_id, cluster_id) DO UPDATE SET \(columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """) { index, values in
            values.append(.integer(projectID))
            values += clusters[index].values
        }
    }

    /// Inserts title jobs, pending or `done` (their titles stored apart, by `storeTitles`); ids
    /// follow the jobs' order.
    func insertTitleJobs(_ titleJobs: [TitleJob], done: Bool = false, projectID: Int64, db: SQLConnection) throws {
        let status = SQLValue.text(done ? "done" : "pending")
        try db.insertRows("INSERT INTO title_jobs (project_id, cluster_id, cluster_version, run_id, batch_number, status, inputs)",
                          columns: 7, count: titleJobs.count) { index, values in
            let job = titleJobs[index]
            values += [.integer(projectID), .integer(Int64(job.clusterID)), .integer(Int64(job.clusterVersion)), .integer(job.runID),
                       .integer(Int64(job.batchNumber)), status, .text(job.inputs)]
        }
    }

    /// Inserts a checkpoint; a checkpoint with a centroid snapshot clears the snapshots between
    /// the run's first one and itself, so at most two stay (storage grows with keywords, not
    /// batches x clusters).
    func insertCheckpoint(_ checkpoint: BatchCheckpoint, db: SQLConnection) throws {
        if checkpoint.centroids != nil {
            let first: Int? = try db.scalar("""
                SELECT MIN(batch_number) AS value FROM batch_checkpoints WHERE run_id = ? AND centroids IS NOT NULL
                """, checkpoint.runID)
            try db.send("""
                UPDATE batch_checkpoints SET centroids = NULL
                WHERE run_id = ? AND centroids IS NOT NULL AND batch_number <> ? AND batch_number <> ?
                """, checkpoint.runID, first ?? checkpoint.batchNumber, checkpoint.batchNumber)
        }
        try db.send("""
            INSERT INTO batch_checkpoints (run_id, batch_number, cluster_state, processed_keywords, centroids)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (run_id, batch_number) DO UPDATE SET cluster_state = excluded.cluster_state,
              processed_keywords = excluded.processed_keywords, centroids = excluded.centroids, created_at = CURRENT_TIMESTAMP
            """, checkpoint.runID, checkpoint.batchNumber, checkpoint.clusterState, checkpoint.processedKeywords,
                       checkpoint.centroids)
    }
}

extension ProcessingRun {
    init(row: SQLRow) throws {
        self.init(id: try row["id"], projectID: try row["project_id"], kind: Kind(rawValue: try row["kind"]) ?? .create,
                  status: Status(rawValue: try row["status"]) ?? .failed, parameters: try row["parameters"], seed: try row["seed"],
                  totalKeywords: try row["total_keywords"], totalBatches: try row["total_batches"],
                  refinementIterations: try row["refinement_iterations"], newKeywords: try row["new_keywords"],
                  newClusters: try row["new_clusters"], changedClusters: try row["changed_clusters"],
                  unchangedClusters: try row["unchanged_clusters"], fallbackReason: try row["fallback_reason"],
                  errorMessage: try row["error_message"], createdAt: try row["created_at"], startedAt: try row["started_at"],
                  completedAt: try row["completed_at"])
    }
}

extension BatchRun {
    init(row: SQLRow) throws {
        self.init(runID: try row["run_id"], batchNumber: try row["batch_number"], batchSize: try row["batch_size"],
                  status: Status(rawValue: try row["status"] as String? ?? "pending") ?? .pending,
                  keywordsProcessed: try row["keywords_processed"] as Int? ?? 0,
                  clustersGenerated: try row["clusters_generated"] as Int? ?? 0,
                  titlesGenerated: try row["titles_generated"] as Int? ?? 0, startedAt: try row["started_at"],
                  completedAt: try row["completed_at"], errorMessage: try row["error_message"],
                  processingTimeMs: try row["processing_time_ms"])
    }
}
