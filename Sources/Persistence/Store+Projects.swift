import Foundation
import GRDB
import Ingest

/// The first run of a project, created with it.
public struct NewRun: Sendable {
    public var kind: ProcessingRun.Kind
    /// JSON of the pipeline's run parameters.
    public var parameters: String
    public var seed: Int64
    /// One entry per batch, in order.
    public var batchSizes: [Int]

    public init(kind: ProcessingRun.Kind, parameters: String, seed: Int64, batchSizes: [Int]) {
        self.kind = kind
        self.parameters = parameters
        self.seed = seed
        self.batchSizes = batchSizes
    }
}

extension SQLiteStore {
    /// Creates a project with all its keywords, its vector space and its first run, in ONE
    /// transaction: a failure leaves the database exactly as it was.
    /// - Parameter order: the positions in `imported.keywords` to store them in (ids follow it);
    ///   nil stores them as imported.
    /// - Complexity: O(keywords), with one prepared statement.
    public func createProject(slug: String, domain: String, imported: KeywordImport, order: [Int]?,
                              lexicalSpace: [UInt8], run: NewRun) throws(StoreError) -> (project: Project, runID: Int64) {
        try write { db in
            if try Int64.fetchOne(db, sql: "SELECT id FROM projects WHERE slug = ?", arguments: [slug]) != nil {
                throw StoreError("project '\(slug)' already exists",
                                 hint: "use `kwcluster rescrape --project=\(slug)` to bring new keywords into it, or `kwcluster resume --project=\(slug)` to finish its run")
            }
            try db.execute(sql: "INSERT INTO projects (slug, domain, lexical_space) VALUES (?, ?, ?)",
                           arguments: [slug, domain, Data(lexicalSpace)])
            let projectID = db.lastInsertedRowID
            try insertFiles(imported.files, projectID: projectID, db: db)
            let runID = try insertRun(run, projectID: projectID, totalKeywords: imported.keywords.count, db: db)
            try insertKeywords(imported.keywords, order: order ?? Array(imported.keywords.indices), projectID: projectID,
                               runID: runID, db: db)
            let project = try fetchProject(db, sql: "SELECT * FROM projects WHERE id = ?", arguments: [projectID])!
            return (project, runID)
        }
    }

    /// The project with this slug, if any.
    public func project(slug: String) throws(StoreError) -> Project? {
        try read { db in try fetchProject(db, sql: "SELECT * FROM projects WHERE slug = ?", arguments: [slug]) }
    }

    /// Every project, by slug.
    public func projects() throws(StoreError) -> [Project] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM projects ORDER BY slug").map(Project.init(row:))
        }
    }

    /// The project's stored vector space (a serialised LexicalVectorizer).
    public func lexicalSpace(projectID: Int64) throws(StoreError) -> [UInt8] {
        try read { db in
            let data = try Data.fetchOne(db, sql: "SELECT lexical_space FROM projects WHERE id = ?", arguments: [projectID])
            return data.map { [UInt8]($0) } ?? []
        }
    }

    private func fetchProject(_ db: Database, sql: String, arguments: StatementArguments) throws -> Project? {
        try Row.fetchOne(db, sql: sql, arguments: arguments).map(Project.init(row:))
    }

    func insertFiles(_ files: [ImportedFile], projectID: Int64, db: Database) throws {
        for file in files {
            try db.execute(sql: """
                INSERT INTO keyword_files (project_id, path, format, rows_read, keywords_kept, duplicates, skipped)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [projectID, file.path, file.format.rawValue, file.rowsRead, file.keywordsKept, file.duplicates,
                                 file.skippedTooLong + file.skippedControlCharacters + file.skippedEmpty])
        }
    }

    /// Inserts `keywords[order[0]]`, `keywords[order[1]]`, ...
    func insertKeywords(_ keywords: [ImportedKeyword], order: [Int], projectID: Int64, runID: Int64, db: Database) throws {
        var insert = try RawStatement(db, sql: """
            INSERT INTO keywords (project_id, text, volume, cpc, difficulty, clicks, impressions, ctr, position,
                                  competition, intent, url, parent_keyword, sources, last_run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var sourcesJSON: [[String]: String] = [:]
        // Most keywords share their file's sources array: the last one's JSON is reused without a
        // lookup (comparing arrays that share storage costs nothing).
        var last: (sources: [String], json: String) = ([], "[]")
        for position in order {
            let keyword = keywords[position]
            if keyword.sources != last.sources {
                let json = sourcesJSON[keyword.sources] ?? JSONText.array(keyword.sources)
                sourcesJSON[keyword.sources] = json
                last = (keyword.sources, json)
            }
            let sources = last.json
            let m = keyword.metrics
            insert.bind(projectID)
            insert.bind(keyword.text)
            insert.bind(m.volume)
            insert.bind(m.cpc)
            insert.bind(m.difficulty)
            insert.bind(m.clicks)
            insert.bind(m.impressions)
            insert.bind(m.ctr)
            insert.bind(m.position)
            insert.bind(m.competition)
            insert.bind(m.intent)
            insert.bind(m.url)
            insert.bind(m.parentKeyword)
            insert.bind(sources)
            insert.bind(runID)
            try insert.execute()
        }
    }

    func insertRun(_ run: NewRun, projectID: Int64, totalKeywords: Int, db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO processing_runs (project_id, kind, status, parameters, seed, total_keywords, new_keywords, total_batches)
            VALUES (?, ?, 'pending', ?, ?, ?, ?, ?)
            """, arguments: [projectID, run.kind.rawValue, run.parameters, run.seed, totalKeywords, totalKeywords,
                             run.batchSizes.count])
        let runID = db.lastInsertedRowID
        let statement = try db.makeStatement(sql: """
            INSERT INTO batch_runs (run_id, batch_number, batch_size, status) VALUES (?, ?, ?, 'pending')
            """)
        for (index, size) in run.batchSizes.enumerated() {
            try statement.execute(arguments: [runID, index + 1, size])
        }
        return runID
    }
}

extension Project {
    init(row: Row) {
        self.init(id: row["id"], slug: row["slug"], domain: row["domain"], createdAt: row["created_at"])
    }
}
