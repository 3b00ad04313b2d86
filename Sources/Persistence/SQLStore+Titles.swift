extension SQLStore {
    /// The oldest title job not done yet. Jobs are done strictly in id order, so the titles a
    /// run makes do not depend on timing.
    public func nextPendingTitleJob(projectID: Int64) throws(StoreError) -> TitleJob? {
        try pendingTitleJobs(projectID: projectID, limit: 1).first
    }

    /// The oldest `limit` title jobs not done yet, in id order.
    public func pendingTitleJobs(projectID: Int64, limit: Int) throws(StoreError) -> [TitleJob] {
        try read { db in
            try db.rows("SELECT * FROM title_jobs WHERE project_id = ? AND status = 'pending' ORDER BY id LIMIT ?",
                        projectID, limit, decode: TitleJob.init(row:))
        }
    }

    /// How many title jobs wait.
    public func pendingTitleJobCount(projectID: Int64) throws(StoreError) -> Int {
        try pendingTitleJobCount(projectID: projectID, upToBatch: Int.max)
    }

    /// How many title jobs of batches up to `batchNumber` wait.
    public func pendingTitleJobCount(projectID: Int64, upToBatch batchNumber: Int) throws(StoreError) -> Int {
        try read { db in
            try db.scalar("SELECT COUNT(*) AS value FROM title_jobs WHERE project_id = ? AND status = 'pending' AND batch_number <= ?",
                          projectID, batchNumber) ?? 0
        }
    }

    /// How many title jobs a project has had in all.
    public func titleJobCount(projectID: Int64) throws(StoreError) -> Int {
        try read { db in try db.scalar("SELECT COUNT(*) AS value FROM title_jobs WHERE project_id = ?", projectID) ?? 0 }
    }

    /// The newest title of every cluster, by cluster id.
    public func currentTitles(projectID: Int64) throws(StoreError) -> [Int: StoredTitle] {
        try read { db in try currentTitles(projectID: projectID, db: db) }
    }

    func currentTitles(projectID: Int64, db: SQLConnection) throws -> [Int: StoredTitle] {
        var titles: [Int: StoredTitle] = [:]
        // Every version is read and the newest kept here: one scan, whatever plan the database
        // picks. (A join on each cluster's MAX(version), or a NOT EXISTS for a newer one, ran as
        // a nested loop over the whole table on PostgreSQL while the table had no statistics yet,
        // as after a first batch: 21k titles took minutes.)
        try db.stream("""
            SELECT cluster_id, content, version, generator, page_type, place, no_page_reason FROM generated_content
            WHERE project_id = ? AND content_type = 'title'
            """, projectID) { row in
            let version: Int = try row["version"]
            let clusterID: Int = try row["cluster_id"]
            if let known = titles[clusterID], known.version > version { return }
            let pageType: String? = try row["page_type"]
            let plan = try pageType.map { PagePlan(pageType: $0, place: try row["place"], noPageReason: try row["no_page_reason"]) }
            let title = StoredTitle(clusterID: clusterID, title: try row["content"], version: version,
                                    generator: try row["generator"], plan: plan)
            titles[title.clusterID] = title
        }
        return titles
    }

    /// Stores several titles in ONE transaction, each as `saveTitle` does.
    /// - Complexity: O(titles)
    public func saveTitles(_ made: [MadeTitle], projectID: Int64) throws(StoreError) {
        try write { db in
            var newlyDone = Set<Int64>()
            for chunk in stride(from: 0, to: made.count, by: 10_000) {
                let ids = made[chunk..<min(chunk + 10_000, made.count)].map { SQLValue.integer($0.job.id) }
                try db.forEachRow("UPDATE title_jobs SET status = 'done' WHERE id IN (\(db.placeholders(ids.count))) AND status = 'pending' RETURNING id",
                                  ids) { row in newlyDone.insert(try row["id"]) }
            }
            try storeTitles(made.filter { newlyDone.remove($0.job.id) != nil }, projectID: projectID, db: db)
        }
    }

    /// Stores each title as its cluster's title for the job's cluster version (a later one for
    /// the same version replaces an earlier one), and counts it in the job's batch
    /// (`batch_runs.titles_generated`): what `saveTitles` and title jobs stored done with their
    /// batch both write.
    func storeTitles(_ made: [MadeTitle], projectID: Int64, db: SQLConnection) throws {
        guard !made.isEmpty else { return }
        // One row per cluster version, the last title given for it (one statement cannot update a row twice).
        var last: [String: Int] = [:]
        for (index, item) in made.enumerated() { last["\(item.job.clusterID) \(item.job.clusterVersion)"] = index }
        let rows = last.values.sorted().map { made[$0] }
        try db.insertRows("""
            INSERT INTO generated_content (project_id, cluster_id, content_type, content, version, generator, run_id, batch_number,
                                           page_type, place, no_page_reason)
            """, columns: 11, count: rows.count, suffix: """
            ON CONFLICT (project_id, cluster_id, content_type, version) DO UPDATE SET content = excluded.content,
              generator = excluded.generator, run_id = excluded.run_id, batch_number = excluded.batch_number,
              page_type = excluded.page_type, place = excluded.place, no_page_reason = excluded.no_page_reason,
              created_at = CURRENT_TIMESTAMP
            """) { index, values in
            let item = rows[index]
            values += [.integer(projectID), .integer(Int64(item.job.clusterID)), .text("title"), .text(item.title),
                       .integer(Int64(item.job.clusterVersion)), .text(item.generator), .integer(item.job.runID),
                       .integer(Int64(item.job.batchNumber)), (item.plan?.pageType).sqlValue, (item.plan?.place).sqlValue,
                       (item.plan?.noPageReason).sqlValue]
        }
        var perBatch: [Int64: [Int: Int]] = [:]
        for item in made { perBatch[item.job.runID, default: [:]][item.job.batchNumber, default: 0] += 1 }
        for (run, batches) in perBatch {
            for (batch, count) in batches {
                try db.send("""
                    UPDATE batch_runs SET titles_generated = COALESCE(titles_generated, 0) + ? WHERE run_id = ? AND batch_number = ?
                    """, count, run, batch)
            }
        }
    }
}

extension TitleJob {
    init(row: SQLRow) throws {
        self.init(id: try row["id"], clusterID: try row["cluster_id"], clusterVersion: try row["cluster_version"],
                  runID: try row["run_id"], batchNumber: try row["batch_number"], inputs: try row["inputs"])
    }
}
