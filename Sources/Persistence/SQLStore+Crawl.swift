import Foundation

extension SQLStore {
    /// Begins a crawl with its first frontier, in ONE transaction.
    /// - Complexity: O(seeds)
    public func startCrawl(slug: String, kind: CrawlRecord.Kind, projectID: Int64?, startURL: String, settings: String,
                           robotsText: String?, warnings: [String], seeds: [(url: String, depth: Int)]) throws(StoreError) -> Int64 {
        try write { db in
            let baseRun: Int64? = try projectID.flatMap {
                try db.scalar("SELECT MAX(id) AS value FROM processing_runs WHERE project_id = ?", $0)
            }
            let crawlID: Int64 = try db.scalar("""
                INSERT INTO crawls (slug, kind, project_id, base_run_id, start_url, status, settings, robots_txt, warnings)
                VALUES (?, ?, ?, ?, ?, 'crawling', ?, ?, ?) RETURNING id AS value
                """, slug, kind.rawValue, projectID, baseRun, startURL, settings, robotsText, JSONText.array(warnings))!
            try queue(seeds, crawlID: crawlID, db: db)
            return crawlID
        }
    }

    /// Records what became of one URL, the page a redirect led to, and the URLs it found, in
    /// ONE transaction (so a kill loses at most the page in flight).
    /// - Complexity: O(discovered)
    public func recordCrawlPage(crawlID: Int64, page: CrawlPageRecord, final: CrawlPageRecord?,
                                discovered: [(url: String, depth: Int)]) throws(StoreError) {
        try write { db in
            try upsertCrawlPage(page, crawlID: crawlID, db: db)
            if let final { try upsertCrawlPage(final, crawlID: crawlID, db: db) }
            try queue(discovered, crawlID: crawlID, db: db)
        }
    }

    /// Queues the URLs the crawl does not know yet.
    private func queue(_ urls: [(url: String, depth: Int)], crawlID: Int64, db: SQLConnection) throws {
        // One row per URL: one statement cannot insert a URL twice.
        var seen = Set<String>()
        let urls = urls.filter { seen.insert($0.url).inserted }
        try db.insertRows("INSERT INTO crawl_pages (crawl_id, url, depth, state)", columns: 4, count: urls.count,
                          suffix: "ON CONFLICT (crawl_id, url) DO NOTHING") { index, values in
            values += [.integer(crawlID), .text(urls[index].url), .integer(Int64(urls[index].depth)), .text("queued")]
        }
    }

    private func upsertCrawlPage(_ page: CrawlPageRecord, crawlID: Int64, db: SQLConnection) throws {
        try db.execute("""
            INSERT INTO crawl_pages (crawl_id, url, depth, state, robots_blocked, detail, http_status, etag, last_modified, facts, fetched_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(db.dialect.preciseNow))
            ON CONFLICT (crawl_id, url) DO UPDATE SET state = excluded.state, robots_blocked = excluded.robots_blocked,
              detail = excluded.detail, http_status = excluded.http_status, etag = excluded.etag,
              last_modified = excluded.last_modified, facts = excluded.facts, fetched_at = excluded.fetched_at
            """, crawlID, page.url, page.depth, page.state, page.robotsBlocked, page.detail, page.httpStatus, page.etag,
                       page.lastModified, page.facts)
    }

    /// The crawl's URLs in queue order.
    public func crawlPages(crawlID: Int64) throws(StoreError) -> [CrawlPageRecord] {
        try read { db in
            try db.rows("""
                SELECT url, depth, state, robots_blocked, detail, http_status, etag, last_modified, facts
                FROM crawl_pages WHERE crawl_id = ? ORDER BY id
                """, crawlID) { row in
                CrawlPageRecord(url: try row["url"], depth: try row["depth"], state: try row["state"],
                                robotsBlocked: try row["robots_blocked"], detail: try row["detail"], httpStatus: try row["http_status"],
                                etag: try row["etag"], lastModified: try row["last_modified"], facts: try row["facts"])
            }
        }
    }

    /// The newest crawl for a slug whose keywords are not yet in the project, if any.
    public func pendingCrawl(slug: String) throws(StoreError) -> CrawlRecord? {
        try read { db in
            try db.row("SELECT * FROM crawls WHERE slug = ? AND status <> 'imported' ORDER BY id DESC LIMIT 1", slug,
                       decode: CrawlRecord.init(row:))
        }
    }

    /// The newest crawl whose keywords the project holds, if any.
    public func latestImportedCrawl(projectID: Int64) throws(StoreError) -> CrawlRecord? {
        try read { db in
            try db.row("SELECT * FROM crawls WHERE project_id = ? AND status = 'imported' ORDER BY id DESC LIMIT 1", projectID,
                       decode: CrawlRecord.init(row:))
        }
    }

    /// The newest crawl of a slug, whatever its status.
    public func latestCrawl(slug: String) throws(StoreError) -> CrawlRecord? {
        try read { db in try db.row("SELECT * FROM crawls WHERE slug = ? ORDER BY id DESC LIMIT 1", slug, decode: CrawlRecord.init(row:)) }
    }

    /// Every crawl of a slug, oldest first.
    public func crawls(slug: String) throws(StoreError) -> [CrawlRecord] {
        try read { db in try db.rows("SELECT * FROM crawls WHERE slug = ? ORDER BY id", slug, decode: CrawlRecord.init(row:)) }
    }

    /// Marks a crawl as done fetching.
    public func finishCrawl(crawlID: Int64) throws(StoreError) {
        try write { db in
            try db.execute("UPDATE crawls SET status = 'crawled', completed_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'crawling'",
                           crawlID)
        }
    }

    /// Removes a crawl that gathered nothing (a failed create leaves no rows), in ONE transaction.
    public func deleteCrawl(crawlID: Int64) throws(StoreError) {
        try write { db in
            try db.execute("DELETE FROM crawl_pages WHERE crawl_id = ?", crawlID)
            try db.execute("DELETE FROM crawls WHERE id = ?", crawlID)
        }
    }

    /// Whether the project has a run newer than the crawl's base run (a rescrape crawl's import happened).
    public func hasRun(after runID: Int64?, projectID: Int64) throws(StoreError) -> Bool {
        try read { db in
            try db.scalar("SELECT COUNT(*) AS value FROM processing_runs WHERE project_id = ? AND id > ?", projectID, runID ?? 0) ?? 0 > 0
        }
    }

    /// Ties a crawl's keywords to their pages in ONE transaction: the project's keyword_pages are
    /// replaced by `pages` (keywords found by text; texts the project lacks are ignored) and the
    /// crawl is marked imported into the project. Running it twice gives the same rows.
    /// - Complexity: O(pages + keywords of the project)
    public func linkCrawl(crawlID: Int64, projectID: Int64, pages: [(keyword: String, url: String, score: Double)]) throws(StoreError) {
        try write { db in
            let ids = try keywordIDs(projectID: projectID, db: db)
            try db.execute("DELETE FROM keyword_pages WHERE keyword_id IN (SELECT id FROM keywords WHERE project_id = ?)", projectID)
            // One row per keyword and page, the last score given (one statement cannot write a row twice).
            var rows: [Int64: [String: Double]] = [:]
            for page in pages {
                guard let id = ids[page.keyword] else { continue }
                rows[id, default: [:]][page.url] = page.score
            }
            let flat = rows.sorted { $0.key < $1.key }.flatMap { id, urls in urls.sorted { $0.key < $1.key }.map { (id, $0.key, $0.value) } }
            try db.insertRows("INSERT INTO keyword_pages (keyword_id, url, score)", columns: 3, count: flat.count) { index, values in
                values += [.integer(flat[index].0), .text(flat[index].1), .real(flat[index].2)]
            }
            try db.execute("""
                UPDATE crawls SET status = 'imported', project_id = ?, completed_at = COALESCE(completed_at, CURRENT_TIMESTAMP)
                WHERE id = ?
                """, projectID, crawlID)
        }
    }

    /// The project's keyword ids by text.
    func keywordIDs(projectID: Int64, db: SQLConnection) throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        try db.stream("SELECT id, text FROM keywords WHERE project_id = ?", projectID) { row in ids[try row["text"]] = try row["id"] }
        return ids
    }

    /// Every page of the project's keywords: keyword text, URL, score, best first per keyword.
    public func keywordPages(projectID: Int64) throws(StoreError) -> [(keyword: String, url: String, score: Double)] {
        try read { db in
            try db.rows("""
                SELECT k.text, p.url, p.score FROM keyword_pages p JOIN keywords k ON k.id = p.keyword_id
                WHERE k.project_id = ? ORDER BY k.text \(db.dialect.bytewise), p.score DESC, p.url \(db.dialect.bytewise)
                """, projectID) { row in (try row["text"], try row["url"], try row["score"]) }
        }
    }

    /// Counts of the crawl's URLs by state.
    public func crawlProgress(crawlID: Int64) throws(StoreError) -> CrawlProgress {
        try read { db in
            var progress = CrawlProgress()
            try db.forEachRow("""
                SELECT state, robots_blocked, COUNT(*) AS total FROM crawl_pages WHERE crawl_id = ? GROUP BY state, robots_blocked
                """, crawlID) { row in
                let count: Int = try row["total"]
                switch try row["state"] as String {
                case "fetched": progress.fetched += count
                case "unchanged": progress.unchanged += count
                case "queued": progress.queued += count
                case "redirected": progress.redirected += count
                case "error": progress.errors += count
                default:
                    if try row["robots_blocked"] { progress.skippedByRobots += count } else { progress.skipped += count }
                }
            }
            return progress
        }
    }
}

extension CrawlRecord {
    init(row: SQLRow) throws {
        let warningsJSON: String = try row["warnings"]
        let warnings = (try? JSONDecoder().decode([String].self, from: Data(warningsJSON.utf8))) ?? []
        self.init(id: try row["id"], slug: try row["slug"], kind: Kind(rawValue: try row["kind"]) ?? .create,
                  projectID: try row["project_id"], baseRunID: try row["base_run_id"], startURL: try row["start_url"],
                  status: Status(rawValue: try row["status"]) ?? .crawling, settings: try row["settings"],
                  robotsText: try row["robots_txt"], warnings: warnings)
    }
}
