import Foundation
import Persistence
import PostgresNIO

extension PostgresStore {
    private static let crawlColumns = "id, slug, kind, project_id, base_run_id, start_url, status, settings, robots_txt, warnings"

    private static func crawl(_ row: PostgresRow) throws -> CrawlRecord {
        var c = Columns(row)
        let id: Int64 = try c.next()
        let slug: String = try c.next()
        let kind = CrawlRecord.Kind(rawValue: try c.next()) ?? .create
        let projectID: Int64? = try c.next()
        let baseRunID: Int64? = try c.next()
        let startURL: String = try c.next()
        let status = CrawlRecord.Status(rawValue: try c.next()) ?? .crawling
        let settings: String = try c.next()
        let robots: String? = try c.next()
        let warningsJSON: String = try c.next()
        let warnings = (try? JSONDecoder().decode([String].self, from: Data(warningsJSON.utf8))) ?? []
        return CrawlRecord(id: id, slug: slug, kind: kind, projectID: projectID, baseRunID: baseRunID, startURL: startURL,
                           status: status, settings: settings, robotsText: robots, warnings: warnings)
    }

    public func startCrawl(slug: String, kind: CrawlRecord.Kind, projectID: Int64?, startURL: String, settings: String,
                           robotsText: String?, warnings: [String], seeds: [(url: String, depth: Int)]) throws(StoreError) -> Int64 {
        try write { db in
            let baseRun = try projectID.flatMap {
                try db.row("SELECT MAX(id) FROM processing_runs WHERE project_id = $1", binds($0))?.decode(Int64?.self)
            }
            let crawlID = try db.row("""
                INSERT INTO crawls (slug, kind, project_id, base_run_id, start_url, status, settings, robots_txt, warnings)
                VALUES ($1, $2, $3, $4, $5, 'crawling', $6, $7, $8) RETURNING id
                """, binds(slug, kind.rawValue, projectID, baseRun, startURL, settings, robotsText, JSONText.array(warnings)))!
                .decode(Int64.self)
            try insertQueued(seeds, crawlID: crawlID, db: db)
            return crawlID
        }
    }

    /// Queues URLs not yet known to the crawl, in order (one statement per URL keeps the queue order of ids).
    private func insertQueued(_ urls: [(url: String, depth: Int)], crawlID: Int64, db: PostgresSession) throws {
        for url in urls {
            try db.run("INSERT INTO crawl_pages (crawl_id, url, depth, state) VALUES ($1, $2, $3, 'queued') ON CONFLICT DO NOTHING",
                       binds(crawlID, url.url, url.depth))
        }
    }

    public func recordCrawlPage(crawlID: Int64, page: CrawlPageRecord, final: CrawlPageRecord?,
                                discovered: [(url: String, depth: Int)]) throws(StoreError) {
        try write { db in
            try upsertCrawlPage(page, crawlID: crawlID, db: db)
            if let final { try upsertCrawlPage(final, crawlID: crawlID, db: db) }
            try insertQueued(discovered, crawlID: crawlID, db: db)
        }
    }

    private func upsertCrawlPage(_ page: CrawlPageRecord, crawlID: Int64, db: PostgresSession) throws {
        try db.run("""
            INSERT INTO crawl_pages (crawl_id, url, depth, state, robots_blocked, detail, http_status, etag, last_modified, facts, fetched_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, clock_timestamp())
            ON CONFLICT (crawl_id, url) DO UPDATE SET state = excluded.state, robots_blocked = excluded.robots_blocked,
              detail = excluded.detail, http_status = excluded.http_status, etag = excluded.etag,
              last_modified = excluded.last_modified, facts = excluded.facts, fetched_at = excluded.fetched_at
            """, binds(crawlID, page.url, page.depth, page.state, page.robotsBlocked ? 1 : 0, page.detail, page.httpStatus,
                       page.etag, page.lastModified, page.facts))
    }

    public func crawlPages(crawlID: Int64) throws(StoreError) -> [CrawlPageRecord] {
        try read { db in
            var pages: [CrawlPageRecord] = []
            try db.forEachRow("""
                SELECT url, depth, state, robots_blocked, detail, http_status, etag, last_modified, facts
                FROM crawl_pages WHERE crawl_id = \(crawlID) ORDER BY id
                """, chunk: 2_000) { row in
                var c = Columns(row)
                pages.append(CrawlPageRecord(url: try c.next(), depth: try c.next(), state: try c.next(),
                                             robotsBlocked: try c.next(Int.self) != 0, detail: try c.next(), httpStatus: try c.next(),
                                             etag: try c.next(), lastModified: try c.next(), facts: try c.next()))
            }
            return pages
        }
    }

    public func pendingCrawl(slug: String) throws(StoreError) -> CrawlRecord? {
        try read { db in
            try db.row("SELECT \(Self.crawlColumns) FROM crawls WHERE slug = $1 AND status <> 'imported' ORDER BY id DESC LIMIT 1",
                       binds(slug)).map(Self.crawl)
        }
    }

    public func latestImportedCrawl(projectID: Int64) throws(StoreError) -> CrawlRecord? {
        try read { db in
            try db.row("SELECT \(Self.crawlColumns) FROM crawls WHERE project_id = $1 AND status = 'imported' ORDER BY id DESC LIMIT 1",
                       binds(projectID)).map(Self.crawl)
        }
    }

    public func latestCrawl(slug: String) throws(StoreError) -> CrawlRecord? {
        try read { db in
            try db.row("SELECT \(Self.crawlColumns) FROM crawls WHERE slug = $1 ORDER BY id DESC LIMIT 1", binds(slug)).map(Self.crawl)
        }
    }

    public func crawls(slug: String) throws(StoreError) -> [CrawlRecord] {
        try read { db in
            try db.rows("SELECT \(Self.crawlColumns) FROM crawls WHERE slug = $1 ORDER BY id", binds(slug)).map(Self.crawl)
        }
    }

    public func finishCrawl(crawlID: Int64) throws(StoreError) {
        try write { db in
            try db.run("UPDATE crawls SET status = 'crawled', completed_at = CURRENT_TIMESTAMP WHERE id = $1 AND status = 'crawling'",
                       binds(crawlID))
        }
    }

    public func deleteCrawl(crawlID: Int64) throws(StoreError) {
        try write { db in
            try db.run("DELETE FROM crawl_pages WHERE crawl_id = $1", binds(crawlID))
            try db.run("DELETE FROM crawls WHERE id = $1", binds(crawlID))
        }
    }

    public func hasRun(after runID: Int64?, projectID: Int64) throws(StoreError) -> Bool {
        try read { db in
            try db.row("SELECT COUNT(*) FROM processing_runs WHERE project_id = $1 AND id > $2", binds(projectID, runID ?? 0))!
                .decode(Int.self) > 0
        }
    }

    public func linkCrawl(crawlID: Int64, projectID: Int64, pages: [(keyword: String, url: String, score: Double)]) throws(StoreError) {
        try write { db in
            var ids: [String: Int64] = [:]
            try db.forEachRow("SELECT id, text FROM keywords WHERE project_id = \(projectID)", chunk: 50_000) { row in
                let (id, text) = try row.decode((Int64, String).self)
                ids[text] = id
            }
            try db.run("DELETE FROM keyword_pages WHERE keyword_id IN (SELECT id FROM keywords WHERE project_id = $1)", binds(projectID))
            // Later rows for the same (keyword, url) replace earlier ones, as SQLite's INSERT OR REPLACE does.
            var rows: [(id: Int64, url: String, score: Double)] = []
            var position: [String: Int] = [:]
            for page in pages {
                guard let id = ids[page.keyword] else { continue }
                let key = "\(id)\u{0}\(page.url)"
                if let index = position[key] { rows[index].score = page.score; continue }
                position[key] = rows.count
                rows.append((id, page.url, page.score))
            }
            try db.insertRows("INSERT INTO keyword_pages (keyword_id, url, score)", columns: 3, count: rows.count) { index, b in
                b.append(rows[index].id)
                b.append(rows[index].url)
                b.append(rows[index].score)
            }
            try db.run("""
                UPDATE crawls SET status = 'imported', project_id = $1, completed_at = COALESCE(completed_at, CURRENT_TIMESTAMP) WHERE id = $2
                """, binds(projectID, crawlID))
        }
    }

    public func keywordPages(projectID: Int64) throws(StoreError) -> [(keyword: String, url: String, score: Double)] {
        try read { db in
            try db.rows("""
                SELECT k.text, p.url, p.score FROM keyword_pages p JOIN keywords k ON k.id = p.keyword_id
                WHERE k.project_id = $1 ORDER BY k.text COLLATE "C", p.score DESC, p.url COLLATE "C"
                """, binds(projectID)).map { row in
                let (text, url, score) = try row.decode((String, String, Double).self)
                return (text, url, score)
            }
        }
    }

    public func crawlProgress(crawlID: Int64) throws(StoreError) -> CrawlProgress {
        try read { db in
            var progress = CrawlProgress()
            for row in try db.rows("""
                SELECT state, robots_blocked, COUNT(*) FROM crawl_pages WHERE crawl_id = $1 GROUP BY state, robots_blocked
                """, binds(crawlID)) {
                let (state, blocked, count) = try row.decode((String, Int, Int).self)
                switch state {
                case "fetched": progress.fetched += count
                case "unchanged": progress.unchanged += count
                case "queued": progress.queued += count
                case "redirected": progress.redirected += count
                case "error": progress.errors += count
                default:
                    if blocked != 0 { progress.skippedByRobots += count } else { progress.skipped += count }
                }
            }
            return progress
        }
    }
}
