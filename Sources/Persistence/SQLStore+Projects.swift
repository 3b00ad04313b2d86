import Ingest

extension SQLStore {
    /// Creates a project with all its keywords, its vector space and its first run, in ONE
    /// transaction: a failure leaves the database exactly as it was.
    /// - Parameter order: the positions in `imported.keywords` to store them in (ids follow it);
    ///   nil stores them as imported.
    /// - Complexity: O(keywords), inserted in bulk.
    public func createProject(slug: String, domain: String, imported: KeywordImport, order: [Int]?,
                              lexicalSpace: [UInt8], run: NewRun) throws(StoreError) -> (project: Project, runID: Int64) {
        try write { db in
            if try db.scalar("SELECT id AS value FROM projects WHERE slug = ?", slug) as Int64? != nil {
                throw StoreError("project '\(slug)' already exists",
                                 hint: "use `kwcluster rescrape --project=\(slug)` to bring new keywords into it, or `kwcluster resume --project=\(slug)` to finish its run")
            }
            let project = try db.row("INSERT INTO projects (slug, domain, lexical_space) VALUES (?, ?, ?) RETURNING *",
                                     slug, domain, lexicalSpace, decode: Project.init(row:))!
            try insertFiles(imported.files, projectID: project.id, db: db)
            let runID = try insertRun(run, projectID: project.id, totalKeywords: imported.keywords.count, db: db)
            try insertKeywords(imported.keywords, order: order ?? Array(imported.keywords.indices), projectID: project.id,
                               runID: runID, db: db)
            try storeWrittenSpellings(of: imported, projectID: project.id, db: db)
            return (project, runID)
        }
    }

    /// The project with this slug, if any.
    public func project(slug: String) throws(StoreError) -> Project? {
        try read { db in try db.row("SELECT * FROM projects WHERE slug = ?", slug, decode: Project.init(row:)) }
    }

    /// Every project, by slug.
    public func projects() throws(StoreError) -> [Project] {
        try read { db in try db.rows("SELECT * FROM projects ORDER BY slug \(db.dialect.bytewise)", decode: Project.init(row:)) }
    }

    /// The project's stored vector space (a serialised LexicalVectorizer).
    public func lexicalSpace(projectID: Int64) throws(StoreError) -> [UInt8] {
        try read { db in try db.scalar("SELECT lexical_space AS value FROM projects WHERE id = ?", projectID) ?? [] }
    }

    func insertFiles(_ files: [ImportedFile], projectID: Int64, db: SQLConnection) throws {
        try db.insertRows("INSERT INTO keyword_files (project_id, path, format, rows_read, keywords_kept, duplicates, skipped, sheet)",
                          columns: 8, count: files.count) { index, values in
            let file = files[index]
            values += [.integer(projectID), .text(file.path), .text(file.format.rawValue), file.rowsRead.sqlValue,
                       file.keywordsKept.sqlValue, file.duplicates.sqlValue,
                       (file.skippedTooLong + file.skippedControlCharacters + file.skippedEmpty).sqlValue, file.sheetOption.sqlValue]
        }
    }

    /// Inserts `keywords[order[0]]`, `keywords[order[1]]`, ... in bulk with consecutive ids in
    /// that order, even while other processes insert keywords of other projects (see
    /// `SQLDialect.reserveIDs`).
    /// - Complexity: O(keywords)
    func insertKeywords(_ keywords: [ImportedKeyword], order: [Int], projectID: Int64, runID: Int64, db: SQLConnection) throws {
        guard !order.isEmpty else { return }
        let firstID = try db.dialect.reserveIDs(order.count, table: "keywords", lockKey: Self.keywordIDLockKey, on: db)
        // Most keywords share their file's sources array: the last one's JSON is reused without a
        // lookup (comparing arrays that share storage costs nothing).
        var sourcesJSON: [[String]: String] = [:]
        var last: (sources: [String], json: String) = ([], "[]")
        try db.insertRows("""
            INSERT INTO keywords (id, project_id, text, volume, cpc, difficulty, clicks, impressions, ctr, position,
                                  competition, intent, url, parent_keyword, sources, last_run_id)
            """, columns: 16, count: order.count) { index, values in
            let keyword = keywords[order[index]]
            if keyword.sources != last.sources {
                let json = sourcesJSON[keyword.sources] ?? JSONText.array(keyword.sources)
                sourcesJSON[keyword.sources] = json
                last = (keyword.sources, json)
            }
            let m = keyword.metrics
            values += [.integer(firstID + Int64(index)), .integer(projectID), .text(keyword.text), m.volume.sqlValue,
                       m.cpc.sqlValue, m.difficulty.sqlValue, m.clicks.sqlValue, m.impressions.sqlValue, m.ctr.sqlValue,
                       m.position.sqlValue, m.competition.sqlValue, m.intent.sqlValue, m.url.sqlValue,
                       m.parentKeyword.sqlValue, .text(last.json), .integer(runID)]
        }
    }

    /// The advisory lock key of keyword id reservations ("kwcl" "kwid" in ASCII).
    static var keywordIDLockKey: Int64 { 0x6B77_636C_6B77_6964 }

    func insertRun(_ run: NewRun, projectID: Int64, totalKeywords: Int, db: SQLConnection) throws -> Int64 {
        let runID: Int64 = try db.scalar("""
            INSERT INTO processing_runs (project_id, kind, status, parameters, seed, total_keywords, new_keywords, total_batches)
            VALUES (?, ?, 'pending', ?, ?, ?, ?, ?) RETURNING id AS value
            """, projectID, run.kind.rawValue, run.parameters, run.seed, totalKeywords, totalKeywords, run.batchSizes.count)!
        try db.insertRows("INSERT INTO batch_runs (run_id, batch_number, batch_size, status)", columns: 4,
                          count: run.batchSizes.count) { index, values in
            values += [.integer(runID), .integer(Int64(index + 1)), .integer(Int64(run.batchSizes[index])), .text("pending")]
        }
        return runID
    }
}

extension Project {
    init(row: SQLRow) throws {
        self.init(id: try row["id"], slug: try row["slug"], domain: try row["domain"], createdAt: try row["created_at"])
    }
}
