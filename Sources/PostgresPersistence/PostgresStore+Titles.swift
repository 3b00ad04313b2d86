import Persistence
import PostgresNIO

extension PostgresStore {
    private static let jobColumns = "id, cluster_id, cluster_version, run_id, batch_number, inputs"

    private static func job(_ row: PostgresRow) throws -> TitleJob {
        let (id, cluster, version, run, batch, inputs) = try row.decode((Int64, Int, Int, Int64, Int, String).self)
        return TitleJob(id: id, clusterID: cluster, clusterVersion: version, runID: run, batchNumber: batch, inputs: inputs)
    }

    public func nextPendingTitleJob(projectID: Int64) throws(StoreError) -> TitleJob? {
        try pendingTitleJobs(projectID: projectID, limit: 1).first
    }

    public func pendingTitleJobCount(projectID: Int64) throws(StoreError) -> Int {
        try read { db in
            try db.row("SELECT COUNT(*) FROM title_jobs WHERE project_id = $1 AND status = 'pending'", binds(projectID))!.decode(Int.self)
        }
    }

    public func pendingTitleJobCount(projectID: Int64, upToBatch batchNumber: Int) throws(StoreError) -> Int {
        try read { db in
            try db.row("SELECT COUNT(*) FROM title_jobs WHERE project_id = $1 AND status = 'pending' AND batch_number <= $2",
                       binds(projectID, batchNumber))!.decode(Int.self)
        }
    }

    public func pendingTitleJobs(projectID: Int64, limit: Int) throws(StoreError) -> [TitleJob] {
        try read { db in
            try db.rows("SELECT \(Self.jobColumns) FROM title_jobs WHERE project_id = $1 AND status = 'pending' ORDER BY id LIMIT $2",
                        binds(projectID, limit)).map(Self.job)
        }
    }

    public func titleJobCount(projectID: Int64) throws(StoreError) -> Int {
        try read { db in try db.row("SELECT COUNT(*) FROM title_jobs WHERE project_id = $1", binds(projectID))!.decode(Int.self) }
    }

    public func currentTitles(projectID: Int64) throws(StoreError) -> [Int: StoredTitle] {
        try read { db in try currentTitles(projectID: projectID, db: db) }
    }

    func currentTitles(projectID: Int64, db: PostgresSession) throws -> [Int: StoredTitle] {
        var titles: [Int: StoredTitle] = [:]
        try db.forEachRow("""
            SELECT DISTINCT ON (cluster_id) cluster_id, content, version, generator FROM generated_content
            WHERE project_id = \(projectID) AND content_type = 'title'
            ORDER BY cluster_id, version DESC
            """) { row in
            let (cluster, content, version, generator) = try row.decode((Int, String, Int, String).self)
            titles[cluster] = StoredTitle(clusterID: cluster, title: content, version: version, generator: generator)
        }
        return titles
    }

    public func saveTitles(_ made: [MadeTitle], projectID: Int64) throws(StoreError) {
        try write { db in
            var newlyDone: [MadeTitle] = []
            for item in made {
                if try db.run("UPDATE title_jobs SET status = 'done' WHERE id = $1 AND status = 'pending'", binds(item.job.id)) == 1 {
                    newlyDone.append(item)
                }
            }
            try storeTitles(newlyDone, projectID: projectID, db: db)
        }
    }

    /// Stores each title for its job's cluster version and counts it in the job's batch.
    func storeTitles(_ made: [MadeTitle], projectID: Int64, db: PostgresSession) throws {
        guard !made.isEmpty else { return }
        // One statement per title: a later title for the same cluster version replaces an earlier one, in order.
        var perBatch: [Int64: [Int: Int]] = [:]
        for item in made {
            try db.run("""
                INSERT INTO generated_content (project_id, cluster_id, content_type, content, version, generator, run_id, batch_number)
                VALUES ($1, $2, 'title', $3, $4, $5, $6, $7)
                ON CONFLICT (project_id, cluster_id, content_type, version) DO UPDATE SET content = excluded.content,
                  generator = excluded.generator, run_id = excluded.run_id, batch_number = excluded.batch_number,
                  created_at = CURRENT_TIMESTAMP
                """, binds(projectID, item.job.clusterID, item.title, item.job.clusterVersion, item.generator, item.job.runID,
                           item.job.batchNumber))
            perBatch[item.job.runID, default: [:]][item.job.batchNumber, default: 0] += 1
        }
        for (run, batches) in perBatch {
            for (batch, count) in batches {
                try db.run("""
                    UPDATE batch_runs SET titles_generated = COALESCE(titles_generated, 0) + $1 WHERE run_id = $2 AND batch_number = $3
                    """, binds(count, run, batch))
            }
        }
    }
}
