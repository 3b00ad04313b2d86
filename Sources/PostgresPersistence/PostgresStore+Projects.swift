import Foundation
import Ingest
import Persistence
import PostgresNIO

extension PostgresStore {
    static let projectColumns = "id, slug, domain, \(timestamp("created_at"))"

    public func createProject(slug: String, domain: String, imported: KeywordImport, order: [Int]?,
                              lexicalSpace: [UInt8], run: NewRun) throws(StoreError) -> (project: Project, runID: Int64) {
        try write { db in
            if try db.row("SELECT id FROM projects WHERE slug = $1", binds(slug)) != nil {
                throw StoreError("project '\(slug)' already exists",
                                 hint: "use `kwcluster rescrape --project=\(slug)` to bring new keywords into it, or `kwcluster resume --project=\(slug)` to finish its run")
            }
            let row = try db.row("INSERT INTO projects (slug, domain, lexical_space) VALUES ($1, $2, $3) RETURNING \(Self.projectColumns)",
                                 binds(slug, domain, ByteBuffer(bytes: lexicalSpace)))!
            let project = try Self.projectRecord(row)
            try insertFiles(imported.files, projectID: project.id, db: db)
            let runID = try insertRun(run, projectID: project.id, totalKeywords: imported.keywords.count, db: db)
            try insertKeywords(imported.keywords, order: order ?? Array(imported.keywords.indices), projectID: project.id,
                               runID: runID, db: db)
            return (project, runID)
        }
    }

    public func project(slug: String) throws(StoreError) -> Project? {
        try read { db in
            try db.row("SELECT \(Self.projectColumns) FROM projects WHERE slug = $1", binds(slug)).map(Self.projectRecord)
        }
    }

    public func projects() throws(StoreError) -> [Project] {
        try read { db in
            try db.rows("SELECT \(Self.projectColumns) FROM projects ORDER BY slug COLLATE \"C\"").map(Self.projectRecord)
        }
    }

    public func lexicalSpace(projectID: Int64) throws(StoreError) -> [UInt8] {
        try read { db in
            guard let row = try db.row("SELECT lexical_space FROM projects WHERE id = $1", binds(projectID)),
                  var buffer = try row.decode(ByteBuffer?.self) else { return [] }
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        }
    }

    static func projectRecord(_ row: PostgresRow) throws -> Project {
        var c = Columns(row)
        return Project(id: try c.next(), slug: try c.next(), domain: try c.next(), createdAt: try c.next())
    }

    func insertFiles(_ files: [ImportedFile], projectID: Int64, db: PostgresSession) throws {
        for file in files {
            try db.run("""
                INSERT INTO keyword_files (project_id, path, format, rows_read, keywords_kept, duplicates, skipped)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, binds(projectID, file.path, file.format.rawValue, file.rowsRead, file.keywordsKept, file.duplicates,
                           file.skippedTooLong + file.skippedControlCharacters + file.skippedEmpty))
        }
    }

    /// Inserts `keywords[order[0]]`, `keywords[order[1]]`, ... with multi-row INSERTs, with
    /// consecutive ids in that order (as SQLite gives them), even while other processes insert
    /// keywords of other projects: the range is reserved under a transaction-level advisory lock
    /// (held until this transaction ends, so two imports of keywords take turns).
    /// - Complexity: O(keywords), 1,000 keywords a statement.
    func insertKeywords(_ keywords: [ImportedKeyword], order: [Int], projectID: Int64, runID: Int64, db: PostgresSession) throws {
        guard !order.isEmpty else { return }
        let ids = try reserveKeywordIDs(order.count, db: db)
        var sourcesJSON: [[String]: String] = [:]
        try db.insertRows("""
            INSERT INTO keywords (id, project_id, text, volume, cpc, difficulty, clicks, impressions, ctr, position,
                                  competition, intent, url, parent_keyword, sources, last_run_id)
            """, columns: 16, count: order.count) { index, b in
            let keyword = keywords[order[index]]
            let sources: String
            if let json = sourcesJSON[keyword.sources] {
                sources = json
            } else {
                sources = JSONText.array(keyword.sources)
                sourcesJSON[keyword.sources] = sources
            }
            let m = keyword.metrics
            b.append(ids[index])
            b.append(projectID)
            b.append(keyword.text)
            b.add(m.volume)
            b.add(m.cpc)
            b.add(m.difficulty)
            b.add(m.clicks)
            b.add(m.impressions)
            b.add(m.ctr)
            b.add(m.position)
            b.add(m.competition)
            b.add(m.intent)
            b.add(m.url)
            b.add(m.parentKeyword)
            b.append(sources)
            b.append(runID)
        }
    }

    /// `count` consecutive new keyword ids from the identity sequence, ascending.
    private func reserveKeywordIDs(_ count: Int, db: PostgresSession) throws -> [Int64] {
        try db.run("SELECT pg_advisory_xact_lock(\(Self.keywordIDLockKey))")
        let first = try db.row("SELECT nextval(pg_get_serial_sequence('keywords', 'id'))")!.decode(Int64.self)
        if count > 1 {
            try db.run("SELECT setval(pg_get_serial_sequence('keywords', 'id'), $1)", binds(first + Int64(count) - 1))
        }
        return Array(first..<(first + Int64(count)))
    }

    /// The advisory lock key of keyword id reservations ("kwcl" "kwid" in ASCII).
    private static let keywordIDLockKey: Int64 = 0x6B77_636C_6B77_6964

    func insertRun(_ run: NewRun, projectID: Int64, totalKeywords: Int, db: PostgresSession) throws -> Int64 {
        let row = try db.row("""
            INSERT INTO processing_runs (project_id, kind, status, parameters, seed, total_keywords, new_keywords, total_batches)
            VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7) RETURNING id
            """, binds(projectID, run.kind.rawValue, run.parameters, run.seed, totalKeywords, totalKeywords, run.batchSizes.count))!
        let runID = try row.decode(Int64.self)
        try db.insertRows("INSERT INTO batch_runs (run_id, batch_number, batch_size, status)", columns: 4,
                          count: run.batchSizes.count) { index, b in
            b.append(runID)
            b.append(index + 1)
            b.append(run.batchSizes[index])
            b.append("pending")
        }
        return runID
    }
}
