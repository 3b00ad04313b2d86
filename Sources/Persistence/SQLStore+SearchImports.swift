extension SQLStore {
    /// Begins a Search Console import, in ONE transaction.
    /// - Returns: the import's id.
    public func startSearchImport(slug: String, kind: SearchImportRecord.Kind, projectID: Int64?, property: String,
                                  startDate: String, endDate: String, settings: String) throws(StoreError) -> Int64 {
        try write { db in
            let baseRun: Int64? = try projectID.flatMap {
                try db.scalar("SELECT MAX(id) AS value FROM processing_runs WHERE project_id = ?", $0)
            }
            let importID: Int64 = try db.scalar("""
                INSERT INTO search_imports (slug, kind, project_id, base_run_id, property, start_date, end_date, status, settings)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'importing', ?) RETURNING id AS value
                """, slug, kind.rawValue, projectID, baseRun, property, startDate, endDate, settings)!
            return importID
        }
    }

    /// Stores one page of rows and advances the import past it, in ONE transaction: a kill
    /// keeps the page and its advance together or neither. The last page marks the import
    /// fetched.
    /// - Throws: when the import is not at `startRow` (the page was stored already, or the
    ///   import is not importing): nothing is written.
    /// - Complexity: O(rows), inserted in bulk.
    public func storeSearchPage(importID: Int64, startRow: Int, rows: [SearchImportRow], isLast: Bool) throws(StoreError) {
        try write { db in
            let advanced = try db.execute("""
                UPDATE search_imports SET next_start_row = ?, pages_stored = pages_stored + 1, status = ?
                WHERE id = ? AND next_start_row = ? AND status = 'importing'
                """, startRow + rows.count, isLast ? "fetched" : "importing", importID, startRow)
            guard advanced == 1 else {
                throw StoreError("Search Console import \(importID) is not waiting for rows from \(startRow)",
                                 hint: "another process may be importing it: let it finish, or run `kwcluster resume` once it has stopped")
            }
            if isLast { try db.execute("UPDATE search_imports SET completed_at = CURRENT_TIMESTAMP WHERE id = ?", importID) }
            try db.insertRows("INSERT INTO search_import_rows (import_id, row_index, query, page, clicks, impressions, ctr, position)",
                              columns: 8, count: rows.count) { index, values in
                let row = rows[index]
                values += [.integer(importID), .integer(Int64(startRow + index)), .text(row.query), .text(row.page),
                           .real(row.clicks), .real(row.impressions), .real(row.ctr), .real(row.position)]
            }
        }
    }

    /// Every stored row of an import, in the API's order.
    /// - Complexity: O(rows), streamed.
    public func forEachSearchImportRow(importID: Int64, _ body: (SearchImportRow) throws -> Void) throws(StoreError) {
        try read { db in
            try db.stream("""
                SELECT query, page, clicks, impressions, ctr, position FROM search_import_rows WHERE import_id = ? ORDER BY row_index
                """, importID) { row in
                try body(SearchImportRow(query: try row["query"], page: try row["page"], clicks: try row["clicks"],
                                         impressions: try row["impressions"], ctr: try row["ctr"], position: try row["position"]))
            }
        }
    }

    /// The newest import of a slug whose keywords no project holds yet, if any.
    public func pendingSearchImport(slug: String) throws(StoreError) -> SearchImportRecord? {
        try read { db in
            try db.row("SELECT * FROM search_imports WHERE slug = ? AND status <> 'imported' ORDER BY id DESC LIMIT 1", slug,
                       decode: SearchImportRecord.init(row:))
        }
    }

    /// The newest import whose keywords the project holds, if any (what a rescrape builds on).
    public func latestImportedSearchImport(projectID: Int64) throws(StoreError) -> SearchImportRecord? {
        try read { db in
            try db.row("SELECT * FROM search_imports WHERE project_id = ? AND status = 'imported' ORDER BY id DESC LIMIT 1",
                       projectID, decode: SearchImportRecord.init(row:))
        }
    }

    /// Removes an import and its rows (a failed create leaves nothing behind), in ONE transaction.
    public func deleteSearchImport(importID: Int64) throws(StoreError) {
        try write { db in
            try db.execute("DELETE FROM search_import_rows WHERE import_id = ?", importID)
            try db.execute("DELETE FROM search_imports WHERE id = ?", importID)
        }
    }

    /// Ties an import's queries to their top pages and marks it imported into the project, in
    /// ONE transaction. Pages are added to the project's `keyword_pages` (a crawl's stay),
    /// a page both know taking this score; texts the project lacks are ignored. Running it
    /// twice gives the same rows.
    /// - Complexity: O(pages + keywords of the project)
    public func linkSearchImport(importID: Int64, projectID: Int64,
                                 pages: [(keyword: String, url: String, score: Double)]) throws(StoreError) {
        try write { db in
            let ids = try keywordIDs(projectID: projectID, db: db)
            var rows: [Int64: [String: Double]] = [:]
            for page in pages {
                guard let id = ids[page.keyword] else { continue }
                rows[id, default: [:]][page.url] = page.score
            }
            let flat = rows.sorted { $0.key < $1.key }.flatMap { id, urls in urls.sorted { $0.key < $1.key }.map { (id, $0.key, $0.value) } }
            try db.insertRows("INSERT INTO keyword_pages (keyword_id, url, score)", columns: 3, count: flat.count,
                              suffix: "ON CONFLICT (keyword_id, url) DO UPDATE SET score = excluded.score") { index, values in
                values += [.integer(flat[index].0), .text(flat[index].1), .real(flat[index].2)]
            }
            try db.execute("UPDATE search_imports SET status = 'imported', project_id = ? WHERE id = ?", projectID, importID)
        }
    }
}

extension SearchImportRecord {
    init(row: SQLRow) throws {
        self.init(id: try row["id"], slug: try row["slug"], kind: Kind(rawValue: try row["kind"]) ?? .create,
                  projectID: try row["project_id"], baseRunID: try row["base_run_id"], property: try row["property"],
                  startDate: try row["start_date"], endDate: try row["end_date"], nextStartRow: try row["next_start_row"],
                  pagesStored: try row["pages_stored"], status: Status(rawValue: try row["status"]) ?? .importing,
                  settings: try row["settings"])
    }
}
