import Foundation
import GRDB

/// A site crawl as stored: one row of `crawls`.
public struct CrawlRecord: Sendable, Hashable {
    public enum Kind: String, Sendable { case create, rescrape }
    public enum Status: String, Sendable { case crawling, crawled, imported }

    public var id: Int64
    public var slug: String
    public var kind: Kind
    public var projectID: Int64?
    public var baseRunID: Int64?
    public var startURL: String
    public var status: Status
    /// JSON of the crawl options and the command's run parameters.
    public var settings: String
    public var robotsText: String?
    public var warnings: [String]

    public init(id: Int64, slug: String, kind: Kind, projectID: Int64?, baseRunID: Int64?, startURL: String, status: Status, settings: String, robotsText: String?, warnings: [String]) {
        self.id = id
        self.slug = slug
        self.kind = kind
        self.projectID = projectID
        self.baseRunID = baseRunID
        self.startURL = startURL
        self.status = status
        self.settings = settings
        self.robotsText = robotsText
        self.warnings = warnings
    }
}

/// One URL of a crawl: queued, fetched, skipped...
public struct CrawlPageRecord: Sendable, Hashable {
    public var url: String
    public var depth: Int
    /// queued, fetched, unchanged, redirected, skipped or error.
    public var state: String
    public var robotsBlocked = false
    public var detail: String?
    public var httpStatus: Int?
    public var etag: String?
    public var lastModified: String?
    /// JSON of the page's facts (fetched and unchanged pages).
    public var facts: String?

    public init(url: String, depth: Int, state: String, robotsBlocked: Bool = false, detail: String? = nil, httpStatus: Int? = nil,
                etag: String? = nil, lastModified: String? = nil, facts: String? = nil) {
        self.url = url
        self.depth = depth
        self.state = state
        self.robotsBlocked = robotsBlocked
        self.detail = detail
        self.httpStatus = httpStatus
        self.etag = etag
        self.lastModified = lastModified
        self.facts = facts
    }
}

/// How far a crawl has got: what `status` shows.
public struct CrawlProgress: Sendable, Hashable, Codable {
    public var fetched = 0
    public var unchanged = 0
    public var queued = 0
    public var redirected = 0
    public var skippedByRobots = 0
    public var skipped = 0
    public var errors = 0

    public init() {}
}

extension SQLiteStore {
    /// Begins a crawl with its first frontier, in ONE transaction.
    /// - Complexity: O(seeds)
    public func startCrawl(slug: String, kind: CrawlRecord.Kind, projectID: Int64?, startURL: String, settings: String,
                           robotsText: String?, warnings: [String], seeds: [(url: String, depth: Int)]) throws(StoreError) -> Int64 {
        try write { db in
            let baseRun = try projectID.flatMap {
                try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM processing_runs WHERE project_id = ?", arguments: [$0])
            }
            try db.execute(sql: """
                INSERT INTO crawls (slug, kind, project_id, base_run_id, start_url, status, settings, robots_txt, warnings)
                VALUES (?, ?, ?, ?, ?, 'crawling', ?, ?, ?)
                """, arguments: [slug, kind.rawValue, projectID, baseRun, startURL, settings, robotsText, JSONText.array(warnings)])
            let crawlID = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO crawl_pages (crawl_id, url, depth, state) VALUES (?, ?, ?, 'queued')")
            for seed in seeds { try insert.execute(arguments: [crawlID, seed.url, seed.depth]) }
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
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO crawl_pages (crawl_id, url, depth, state) VALUES (?, ?, ?, 'queued')")
            for url in discovered { try insert.execute(arguments: [crawlID, url.url, url.depth]) }
        }
    }

    private func upsertCrawlPage(_ page: CrawlPageRecord, crawlID: Int64, db: Database) throws {
        try db.execute(sql: """
            INSERT INTO crawl_pages (crawl_id, url, depth, state, robots_blocked, detail, http_status, etag, last_modified, facts, fetched_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%d %H:%M:%f', 'now'))
            ON CONFLICT(crawl_id, url) DO UPDATE SET state = excluded.state, robots_blocked = excluded.robots_blocked,
              detail = excluded.detail, http_status = excluded.http_status, etag = excluded.etag,
              last_modified = excluded.last_modified, facts = excluded.facts, fetched_at = excluded.fetched_at
            """, arguments: [crawlID, page.url, page.depth, page.state, page.robotsBlocked, page.detail, page.httpStatus,
                             page.etag, page.lastModified, page.facts])
    }

    /// The crawl's URLs in queue order.
    public func crawlPages(crawlID: Int64) throws(StoreError) -> [CrawlPageRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT url, depth, state, robots_blocked, detail, http_status, etag, last_modified, facts
                FROM crawl_pages WHERE crawl_id = ? ORDER BY id
                """, arguments: [crawlID]).map {
                CrawlPageRecord(url: $0[0], depth: $0[1], state: $0[2], robotsBlocked: $0[3], detail: $0[4], httpStatus: $0[5],
                                etag: $0[6], lastModified: $0[7], facts: $0[8])
            }
        }
    }

    /// The newest crawl for a slug whose keywords are not yet in the project, if any.
    public func pendingCrawl(slug: String) throws(StoreError) -> CrawlRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM crawls WHERE slug = ? AND status != 'imported' ORDER BY id DESC LIMIT 1",
                             arguments: [slug]).map(CrawlRecord.init(row:))
        }
    }

    /// The newest crawl whose keywords the project holds, if any.
    public func latestImportedCrawl(projectID: Int64) throws(StoreError) -> CrawlRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM crawls WHERE project_id = ? AND status = 'imported' ORDER BY id DESC LIMIT 1",
                             arguments: [projectID]).map(CrawlRecord.init(row:))
        }
    }

    /// The newest crawl of a slug, whatever its status.
    public func latestCrawl(slug: String) throws(StoreError) -> CrawlRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM crawls WHERE slug = ? ORDER BY id DESC LIMIT 1", arguments: [slug])
                .map(CrawlRecord.init(row:))
        }
    }

    /// Every crawl of a slug, oldest first.
    public func crawls(slug: String) throws(StoreError) -> [CrawlRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM crawls WHERE slug = ? ORDER BY id", arguments: [slug]).map(CrawlRecord.init(row:))
        }
    }

    /// Marks a crawl as done fetching.
    public func finishCrawl(crawlID: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE crawls SET status = 'crawled', completed_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'crawling'",
                           arguments: [crawlID])
        }
    }

    /// Removes a crawl that gathered nothing (a failed create leaves no rows), in ONE transaction.
    public func deleteCrawl(crawlID: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM crawl_pages WHERE crawl_id = ?", arguments: [crawlID])
            try db.execute(sql: "DELETE FROM crawls WHERE id = ?", arguments: [crawlID])
        }
    }

    /// Whether the project has a run newer than the crawl's base run (a rescrape crawl's import happened).
    public func hasRun(after runID: Int64?, projectID: Int64) throws(StoreError) -> Bool {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM processing_runs WHERE project_id = ? AND id > ?",
                               arguments: [projectID, runID ?? 0])! > 0
        }
    }

    /// Ties a crawl's keywords to their pages in ONE transaction: the project's keyword_pages are
    /// replaced by `pages` (keywords found by text; texts the project lacks are ignored) and the
    /// crawl is marked imported into the project. Running it twice gives the same rows.
    /// - Complexity: O(pages + keywords of the project)
    public func linkCrawl(crawlID: Int64, projectID: Int64, pages: [(keyword: String, url: String, score: Double)]) throws(StoreError) {
        try write { db in
            var ids: [String: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, text FROM keywords WHERE project_id = ?", arguments: [projectID])
            while let row = try rows.next() { ids[row[1]] = row[0] }
            try db.execute(sql: "DELETE FROM keyword_pages WHERE keyword_id IN (SELECT id FROM keywords WHERE project_id = ?)",
                           arguments: [projectID])
            let insert = try db.makeStatement(sql: "INSERT OR REPLACE INTO keyword_pages (keyword_id, url, score) VALUES (?, ?, ?)")
            for page in pages {
                guard let id = ids[page.keyword] else { continue }
                try insert.execute(arguments: [id, page.url, page.score])
            }
            try db.execute(sql: "UPDATE crawls SET status = 'imported', project_id = ?, completed_at = COALESCE(completed_at, CURRENT_TIMESTAMP) WHERE id = ?",
                           arguments: [projectID, crawlID])
        }
    }

    /// Every page of the project's keywords: keyword text, URL, score, best first per keyword.
    public func keywordPages(projectID: Int64) throws(StoreError) -> [(keyword: String, url: String, score: Double)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT k.text, p.url, p.score FROM keyword_pages p JOIN keywords k ON k.id = p.keyword_id
                WHERE k.project_id = ? ORDER BY k.text, p.score DESC, p.url
                """, arguments: [projectID]).map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// Counts of the crawl's URLs by state.
    public func crawlProgress(crawlID: Int64) throws(StoreError) -> CrawlProgress {
        try read { db in
            var progress = CrawlProgress()
            for row in try Row.fetchAll(db, sql: """
                SELECT state, robots_blocked, COUNT(*) FROM crawl_pages WHERE crawl_id = ? GROUP BY state, robots_blocked
                """, arguments: [crawlID]) {
                let count: Int = row[2]
                switch row[0] as String {
                case "fetched": progress.fetched += count
                case "unchanged": progress.unchanged += count
                case "queued": progress.queued += count
                case "redirected": progress.redirected += count
                case "error": progress.errors += count
                default:
                    if row[1] as Bool { progress.skippedByRobots += count } else { progress.skipped += count }
                }
            }
            return progress
        }
    }
}

extension CrawlRecord {
    init(row: Row) {
        let warningsJSON: String = row["warnings"]
        let warnings = (try? JSONDecoder().decode([String].self, from: Data(warningsJSON.utf8))) ?? []
        self.init(id: row["id"], slug: row["slug"], kind: Kind(rawValue: row["kind"]) ?? .create, projectID: row["project_id"],
                  baseRunID: row["base_run_id"], startURL: row["start_url"], status: Status(rawValue: row["status"]) ?? .crawling,
                  settings: row["settings"], robotsText: row["robots_txt"], warnings: warnings)
    }
}
