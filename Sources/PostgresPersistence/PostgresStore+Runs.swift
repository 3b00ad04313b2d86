import Foundation
import Persistence
import PostgresNIO

extension PostgresStore {
    static let runColumns = """
        id, project_id, kind, status, parameters, seed, total_keywords, total_batches, refinement_iterations, new_keywords,
        new_clusters, changed_clusters, unchanged_clusters, fallback_reason, error_message, \(timestamp("created_at")),
        \(timestamp("started_at")), \(timestamp("completed_at"))
        """
    static let batchColumns = """
        run_id, batch_number, batch_size, status, keywords_processed, clusters_generated, titles_generated,
        \(timestamp("started_at")), \(timestamp("completed_at")), error_message, processing_time_ms
        """

    static func runRecord(_ row: PostgresRow) throws -> ProcessingRun {
        var c = Columns(row)
        return ProcessingRun(id: try c.next(), projectID: try c.next(), kind: ProcessingRun.Kind(rawValue: try c.next()) ?? .create,
                             status: ProcessingRun.Status(rawValue: try c.next()) ?? .failed, parameters: try c.next(),
                             seed: try c.next(), totalKeywords: try c.next(), totalBatches: try c.next(),
                             refinementIterations: try c.next(), newKeywords: try c.next(), newClusters: try c.next(),
                             changedClusters: try c.next(), unchangedClusters: try c.next(), fallbackReason: try c.next(),
                             errorMessage: try c.next(), createdAt: try c.next(), startedAt: try c.next(), completedAt: try c.next())
    }

    static func batch(_ row: PostgresRow) throws -> BatchRun {
        var c = Columns(row)
        return BatchRun(runID: try c.next(), batchNumber: try c.next(), batchSize: try c.next(),
                        status: BatchRun.Status(rawValue: try c.next(String?.self) ?? "pending") ?? .pending,
                        keywordsProcessed: try c.next(Int?.self) ?? 0, clustersGenerated: try c.next(Int?.self) ?? 0,
                        titlesGenerated: try c.next(Int?.self) ?? 0, startedAt: try c.next(), completedAt: try c.next(),
                        errorMessage: try c.next(), processingTimeMs: try c.next())
    }

    public func runs(projectID: Int64) throws(StoreError) -> [ProcessingRun] {
        try read { db in
            try db.rows("SELECT \(Self.runColumns) FROM processing_runs WHERE project_id = $1 ORDER BY id", binds(projectID)).map(Self.runRecord)
        }
    }

    public func run(id: Int64) throws(StoreError) -> ProcessingRun? {
        try read { db in try db.row("SELECT \(Self.runColumns) FROM processing_runs WHERE id = $1", binds(id)).map(Self.runRecord) }
    }

    public func batchRuns(runID: Int64) throws(StoreError) -> [BatchRun] {
        try read { db in
            try db.rows("SELECT \(Self.batchColumns) FROM batch_runs WHERE run_id = $1 ORDER BY batch_number", binds(runID)).map(Self.batch)
        }
    }

    public func batchRun(runID: Int64, number: Int) throws(StoreError) -> BatchRun? {
        try read { db in
            try db.row("SELECT \(Self.batchColumns) FROM batch_runs WHERE run_id = $1 AND batch_number = $2", binds(runID, number))
                .map(Self.batch)
        }
    }

    public func batchLogs(runID: Int64) throws(StoreError) -> [Int: BatchLog] {
        try read { db in
            var logs: [Int: BatchLog] = [:]
            for row in try db.rows("SELECT batch_number, iterations, inertia, new_clusters, far_keywords FROM batch_logs WHERE run_id = $1",
                                   binds(runID)) {
                let (batch, iterations, inertia, newClusters, far) = try row.decode((Int, Int, Double, Int, Int).self)
                logs[batch] = BatchLog(iterations: iterations, inertia: inertia, newClusters: newClusters, farKeywords: far)
            }
            return logs
        }
    }

    public func markRunProcessing(runID: Int64) throws(StoreError) {
        try write { db in
            try db.run("""
                UPDATE processing_runs SET status = 'processing', error_message = NULL,
                       started_at = COALESCE(started_at, CURRENT_TIMESTAMP)
                WHERE id = $1
                """, binds(runID))
        }
    }

    public func markBatchProcessing(runID: Int64, batchNumber: Int) throws(StoreError) {
        try write { db in
            try db.run("""
                UPDATE batch_runs SET status = 'processing', started_at = CURRENT_TIMESTAMP, error_message = NULL
                WHERE run_id = $1 AND batch_number = $2
                """, binds(runID, batchNumber))
        }
    }

    public func markBatchFailed(runID: Int64, batchNumber: Int, error: String) throws(StoreError) {
        try write { db in
            try db.run("UPDATE batch_runs SET status = 'failed', error_message = $1 WHERE run_id = $2 AND batch_number = $3",
                       binds(error, runID, batchNumber))
            try db.run("UPDATE processing_runs SET error_message = $1 WHERE id = $2", binds(error, runID))
        }
    }

    public func markRunFailed(runID: Int64, error: String) throws(StoreError) {
        try write { db in
            try db.run("UPDATE processing_runs SET status = 'failed', error_message = $1 WHERE id = $2", binds(error, runID))
        }
    }

    public func recordFallback(runID: Int64, reason: String) throws(StoreError) {
        try write { db in try db.run("UPDATE processing_runs SET fallback_reason = $1 WHERE id = $2", binds(reason, runID)) }
    }

    public func commitBatch(_ commit: BatchCommit, projectID: Int64, titleJobs: () throws -> [TitleJob],
                            titles: (() throws -> JobTitles)?) throws(StoreError) {
        try write { db in
            try upsert(assignments: commit.assignments, projectID: projectID, runID: commit.runID, batchNumber: commit.batchNumber, db: db)
            try upsert(clusters: commit.changedClusters, projectID: projectID, db: db)
            try insertTitleJobs(commit.titleJobs, projectID: projectID, db: db)
            try insertCheckpoint(commit.checkpoint, db: db)
            try insertLog(commit, db: db)
            let changed = try db.run("""
                UPDATE batch_runs SET status = 'completed', keywords_processed = $1, clusters_generated = $2,
                       completed_at = CURRENT_TIMESTAMP, started_at = COALESCE(started_at, CURRENT_TIMESTAMP),
                       error_message = NULL, processing_time_ms = $3
                WHERE run_id = $4 AND batch_number = $5
                """, binds(commit.assignments.count, commit.newClusterCount, commit.processingTimeMs, commit.runID, commit.batchNumber))
            guard changed == 1 else {
                throw StoreError("batch \(commit.batchNumber) of run \(commit.runID) is not planned")
            }
            let jobs = try titleJobs()
            let stored = try insertTitleJobs(jobs, done: titles != nil, projectID: projectID, db: db)
            if let titles, !jobs.isEmpty {
                let made = try titles()
                precondition(made.titles.count == jobs.count, "one title per job")
                try storeTitles(zip(stored, made.titles).map { MadeTitle(job: $0, title: $1, generator: made.generator) },
                                projectID: projectID, db: db)
            }
        }
    }

    public func commitRefinement(_ commit: BatchCommit, projectID: Int64) throws(StoreError) {
        try write { db in
            // Every assignment changes: one UPDATE ... FROM (VALUES ...) per 1,000 rows.
            try db.insertRows("UPDATE assignments AS a SET cluster_id = v.cluster_id, similarity = v.similarity FROM (",
                              columns: 3, count: commit.assignments.count,
                              suffix: ") AS v(keyword_id, cluster_id, similarity) WHERE a.keyword_id = v.keyword_id") { index, b in
                let assignment = commit.assignments[index]
                b.append(assignment.keywordID)
                b.append(Int64(assignment.clusterID))
                b.append(Double(assignment.similarity))
            }
            try upsert(clusters: commit.changedClusters, projectID: projectID, db: db)
            try insertTitleJobs(commit.titleJobs, projectID: projectID, db: db)
            try insertCheckpoint(commit.checkpoint, db: db)
            try insertLog(commit, db: db)
            try completeRun(runID: commit.runID, refinementIterations: commit.log.iterations, db: db)
        }
    }

    private func insertLog(_ commit: BatchCommit, db: PostgresSession) throws {
        try db.run("""
            INSERT INTO batch_logs (run_id, batch_number, iterations, inertia, new_clusters, far_keywords)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (run_id, batch_number) DO UPDATE SET iterations = excluded.iterations, inertia = excluded.inertia,
              new_clusters = excluded.new_clusters, far_keywords = excluded.far_keywords
            """, binds(commit.runID, commit.batchNumber, commit.log.iterations, commit.log.inertia, commit.log.newClusters,
                       commit.log.farKeywords))
    }

    public func completeRun(runID: Int64, refinementIterations: Int?) throws(StoreError) {
        try write { db in try completeRun(runID: runID, refinementIterations: refinementIterations, db: db) }
    }

    private func completeRun(runID: Int64, refinementIterations: Int?, db: PostgresSession) throws {
        try db.run("""
            UPDATE processing_runs SET status = 'completed', completed_at = CURRENT_TIMESTAMP, error_message = NULL,
                   refinement_iterations = $1
            WHERE id = $2
            """, binds(refinementIterations, runID))
    }

    private func upsert(assignments: [Assignment], projectID: Int64, runID: Int64, batchNumber: Int, db: PostgresSession) throws {
        try db.insertRows("INSERT INTO assignments (keyword_id, project_id, cluster_id, similarity, run_id, batch_number)",
                          columns: 6, count: assignments.count, suffix: """
                            ON CONFLICT (keyword_id) DO UPDATE SET project_id = excluded.project_id, cluster_id = excluded.cluster_id,
                              similarity = excluded.similarity, run_id = excluded.run_id, batch_number = excluded.batch_number
                            """) { index, b in
            let assignment = assignments[index]
            b.append(assignment.keywordID)
            b.append(projectID)
            b.append(Int64(assignment.clusterID))
            b.append(Double(assignment.similarity))
            b.append(runID)
            b.append(Int64(batchNumber))
        }
    }

    /// Writes each cluster's row, inserting those that do not exist yet.
    func upsert(clusters: [ClusterRow], projectID: Int64, db: PostgresSession) throws {
        try db.insertRows("""
            INSERT INTO clusters (project_id, cluster_id, created_run_id, created_batch, keyword_count, total_volume,
                                  primary_keyword_id, primary_volume, primary_similarity, label, intent, intent_votes,
                                  version, updated_run_id, updated_batch)
            """, columns: 15, count: clusters.count, suffix: """
            ON CONFLICT (project_id, cluster_id) DO UPDATE SET created_run_id = excluded.created_run_id,
              created_batch = excluded.created_batch, keyword_count = excluded.keyword_count, total_volume = excluded.total_volume,
              primary_keyword_id = excluded.primary_keyword_id, primary_volume = excluded.primary_volume,
              primary_similarity = excluded.primary_similarity, label = excluded.label, intent = excluded.intent,
              intent_votes = excluded.intent_votes, version = excluded.version, updated_run_id = excluded.updated_run_id,
              updated_batch = excluded.updated_batch
            """) { index, b in
            let c = clusters[index]
            b.append(projectID)
            b.append(Int64(c.clusterID))
            b.append(c.createdRunID)
            b.append(Int64(c.createdBatch))
            b.append(Int64(c.keywordCount))
            b.append(Int64(c.totalVolume))
            b.append(c.primaryKeywordID)
            b.add(c.primaryVolume.map(Int64.init))
            b.append(Double(c.primarySimilarity))
            b.append(c.label)
            b.append(c.intent)
            b.append("[" + c.intentVotes.map { String($0) }.joined(separator: ",") + "]")
            b.append(Int64(c.version))
            b.append(c.updatedRunID)
            b.append(Int64(c.updatedBatch))
        }
    }

    /// Inserts title jobs, pending or `done`; returns them with their ids.
    @discardableResult
    func insertTitleJobs(_ titleJobs: [TitleJob], done: Bool = false, projectID: Int64, db: PostgresSession) throws -> [TitleJob] {
        guard !titleJobs.isEmpty else { return [] }
        var stored: [TitleJob] = []
        let status = done ? "done" : "pending"
        // One statement per job: the returned id is the job's (ids follow job order, as in SQLite).
        for job in titleJobs {
            let row = try db.row("""
                INSERT INTO title_jobs (project_id, cluster_id, cluster_version, run_id, batch_number, status, inputs)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                """, binds(projectID, job.clusterID, job.clusterVersion, job.runID, job.batchNumber, status, job.inputs))!
            var copy = job
            copy.id = try row.decode(Int64.self)
            stored.append(copy)
        }
        return stored
    }

    /// Inserts a checkpoint; a checkpoint with a centroid snapshot clears the snapshots between
    /// the run's first one and itself, so at most two stay.
    func insertCheckpoint(_ checkpoint: BatchCheckpoint, db: PostgresSession) throws {
        if checkpoint.centroids != nil {
            let first = try db.row("""
                SELECT MIN(batch_number) FROM batch_checkpoints WHERE run_id = $1 AND centroids IS NOT NULL
                """, binds(checkpoint.runID))?.decode(Int?.self)
            try db.run("""
                UPDATE batch_checkpoints SET centroids = NULL
                WHERE run_id = $1 AND centroids IS NOT NULL AND batch_number <> $2 AND batch_number <> $3
                """, binds(checkpoint.runID, first ?? checkpoint.batchNumber, checkpoint.batchNumber))
        }
        try db.run("""
            INSERT INTO batch_checkpoints (run_id, batch_number, cluster_state, processed_keywords, centroids)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (run_id, batch_number) DO UPDATE SET cluster_state = excluded.cluster_state,
              processed_keywords = excluded.processed_keywords, centroids = excluded.centroids, created_at = CURRENT_TIMESTAMP
            """, binds(checkpoint.runID, checkpoint.batchNumber, checkpoint.clusterState, checkpoint.processedKeywords,
                       checkpoint.centroids))
    }

    public func restartAsMonolithic(runID: Int64, projectID: Int64, parameters: String, keywordCount: Int,
                                    reason: String) throws(StoreError) {
        try write { db in
            let run = binds(runID)
            try db.run("DELETE FROM generated_content WHERE run_id = $1", run)
            try db.run("DELETE FROM title_jobs WHERE run_id = $1", run)
            try db.run("DELETE FROM assignments WHERE run_id = $1", run)
            try db.run("DELETE FROM clusters WHERE project_id = $1 AND created_run_id = $2", binds(projectID, runID))
            try db.run("DELETE FROM batch_checkpoints WHERE run_id = $1", run)
            try db.run("DELETE FROM batch_logs WHERE run_id = $1", run)
            try db.run("DELETE FROM batch_runs WHERE run_id = $1", run)
            try db.run("INSERT INTO batch_runs (run_id, batch_number, batch_size, status) VALUES ($1, 1, $2, 'pending')",
                       binds(runID, keywordCount))
            try db.run("""
                UPDATE processing_runs SET parameters = $1, total_batches = 1, fallback_reason = $2, status = 'processing',
                       error_message = NULL
                WHERE id = $3
                """, binds(parameters, reason, runID))
        }
    }
}
