import Ingest

extension SQLStore {
    /// The paths of the files a project was imported from, in first-import order.
    public func recordedSources(projectID: Int64) throws(StoreError) -> [String] {
        try read { db in
            var seen = Set<String>()
            return try db.rows("SELECT path FROM keyword_files WHERE project_id = ? ORDER BY id", projectID) { try $0["path"] as String }
                .filter { seen.insert($0).inserted }
        }
    }

    /// The `--sheet` each recorded file was read with, by path (files read without one are absent).
    public func recordedSheets(projectID: Int64) throws(StoreError) -> [String: String] {
        try read { db in
            var sheets: [String: String] = [:]
            try db.forEachRow("SELECT path, sheet FROM keyword_files WHERE project_id = ? ORDER BY id", projectID) { row in
                let path: String = try row["path"]
                sheets[path] = try row["sheet"] as String?
            }
            return sheets
        }
    }

    /// Brings a new export into a project in ONE transaction: known keywords get the new metrics
    /// and sources (and are no longer absent), new keywords are added, keywords missing from the
    /// export are kept and marked absent, and a rescrape run is created with its batches planned
    /// by the caller for the new keywords.
    /// - Complexity: O(keywords of the export + keywords of the project)
    public func importRescrape(projectID: Int64, imported: KeywordImport, parameters: String, seed: Int64,
                               batchSizes: (_ newKeywords: Int) -> [Int]) throws(StoreError) -> RescrapeImport {
        try write { db in
            let known = try keywordIDs(projectID: projectID, db: db)
            try insertFiles(imported.files, projectID: projectID, db: db)
            try storeWrittenSpellings(of: imported, projectID: projectID, db: db)
            let newKeywords = imported.keywords.filter { known[$0.text] == nil }
            let run = NewRun(kind: .rescrape, parameters: parameters, seed: seed, batchSizes: batchSizes(newKeywords.count))
            let runID = try insertRun(run, projectID: projectID, totalKeywords: newKeywords.count, db: db)
            let updates = imported.keywords.compactMap { keyword in known[keyword.text].map { (id: $0, keyword: keyword) } }
            // The new metrics go into a temporary table in bulk, then one UPDATE ... FROM writes them.
            try db.execute("""
                CREATE TEMP TABLE rescraped_keywords (id BIGINT NOT NULL, volume BIGINT, cpc DOUBLE PRECISION,
                  difficulty DOUBLE PRECISION, clicks BIGINT, impressions BIGINT, ctr DOUBLE PRECISION, position DOUBLE PRECISION,
                  competition DOUBLE PRECISION, intent TEXT, url TEXT, parent_keyword TEXT, sources TEXT NOT NULL)
                """)
            try db.insertRows("""
                INSERT INTO rescraped_keywords (id, volume, cpc, difficulty, clicks, impressions, ctr, position, competition,
                                                intent, url, parent_keyword, sources)
                """, columns: 13, count: updates.count) { index, values in
                let (id, keyword) = updates[index]
                let m = keyword.metrics
                values += [.integer(id), m.volume.sqlValue, m.cpc.sqlValue, m.difficulty.sqlValue, m.clicks.sqlValue,
                           m.impressions.sqlValue, m.ctr.sqlValue, m.position.sqlValue, m.competition.sqlValue, m.intent.sqlValue,
                           m.url.sqlValue, m.parentKeyword.sqlValue, .text(JSONText.array(keyword.sources))]
            }
            try db.execute("""
                UPDATE keywords SET volume = r.volume, cpc = r.cpc, difficulty = r.difficulty, clicks = r.clicks,
                       impressions = r.impressions, ctr = r.ctr, position = r.position, competition = r.competition,
                       intent = r.intent, url = r.url, parent_keyword = r.parent_keyword, sources = r.sources, is_absent = 0,
                       last_run_id = ?
                FROM rescraped_keywords r WHERE keywords.id = r.id
                """, runID)
            try db.execute("DROP TABLE rescraped_keywords")
            try insertKeywords(newKeywords, order: Array(newKeywords.indices), projectID: projectID, runID: runID, db: db)
            let absent = try db.execute("""
                UPDATE keywords SET is_absent = 1 WHERE project_id = ? AND (last_run_id IS NULL OR last_run_id <> ?)
                """, projectID, runID)
            return RescrapeImport(runID: runID, newKeywords: newKeywords.count, updatedKeywords: updates.count, absentKeywords: absent)
        }
    }

    /// Writes the start of a rescrape run in ONE transaction: the cluster rows recomputed with
    /// the new metrics, title jobs for clusters whose primary keyword or intent changed, and the
    /// checkpoint (batch 0) holding the model the run starts from.
    public func commitRescrapeStart(_ commit: BatchCommit, projectID: Int64) throws(StoreError) {
        try write { db in
            try upsert(clusters: commit.changedClusters, projectID: projectID, db: db)
            try insertTitleJobs(commit.titleJobs, projectID: projectID, db: db)
            try insertCheckpoint(commit.checkpoint, db: db)
            try write(pillars: commit.pillars, projectID: projectID, runID: commit.runID, batchNumber: commit.batchNumber, db: db)
        }
    }

    /// Records how many clusters a run created, changed and left alone.
    public func recordClusterChanges(runID: Int64, projectID: Int64) throws(StoreError) {
        try write { db in
            try db.execute("""
                UPDATE processing_runs SET
                  new_clusters = (SELECT COUNT(*) FROM clusters WHERE project_id = ? AND created_run_id = ?),
                  changed_clusters = (SELECT COUNT(*) FROM clusters WHERE project_id = ? AND created_run_id <> ? AND updated_run_id = ?),
                  unchanged_clusters = (SELECT COUNT(*) FROM clusters WHERE project_id = ? AND updated_run_id <> ?)
                WHERE id = ?
                """, projectID, runID, projectID, runID, runID, projectID, runID, runID)
        }
    }
}
