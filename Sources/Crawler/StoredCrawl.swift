import FaultPoints
import Foundation
import Ingest
import Persistence

/// A site crawl stored in the project database as it goes: the frontier and every fetched page
/// are rows of `crawl_pages`, each outcome committed on its own, so a crawl killed at any
/// instant continues where it stopped and never fetches a recorded page twice.
public enum StoredCrawl {
    /// What a crawl was started with, stored with it so `resume` finishes it the same way.
    public struct Settings: Sendable, Codable, Hashable {
        /// What the user typed as `--domain`.
        public var domain: String
        public var options: CrawlOptions
        /// Keyword files merged with the crawl's keywords.
        public var files: [String]
        public var column: String?
        /// `--sheet`: the sheet of a workbook, or the CSV of a ZIP archive, to read.
        public var sheet: String?
        /// The run parameters of a create (JSON of `RunParameters`); nil for a rescrape.
        public var runParameters: String?
        /// A rescrape's `--batch-size`.
        public var batchSize: Int?

        public init(domain: String, options: CrawlOptions, files: [String], column: String?, sheet: String? = nil,
                    runParameters: String?, batchSize: Int?) {
            self.domain = domain
            self.options = options
            self.files = files
            self.column = column
            self.sheet = sheet
            self.runParameters = runParameters
            self.batchSize = batchSize
        }

        func json() -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
        }

        public static func decode(_ text: String) throws -> Settings {
            do {
                return try JSONDecoder().decode(Settings.self, from: Data(text.utf8))
            } catch {
                throw CrawlError(url: "", problem: "the stored crawl's settings cannot be read (\(error))",
                                 hint: "start again with `kwcluster create --domain=...` in a new database")
            }
        }
    }

    /// Stores a crawl with its first frontier: the start page and the sitemaps' pages that
    /// ``SiteCrawler/discover(domain:options:)`` found (the network is asked before anything is
    /// written, so a site that cannot be crawled leaves nothing behind).
    public static func begin(_ discovery: SiteDiscovery, slug: String, kind: CrawlRecord.Kind, projectID: Int64?,
                             settings: Settings, store: Store) throws -> CrawlRecord {
        let crawlID = try store.startCrawl(slug: slug, kind: kind, projectID: projectID, startURL: discovery.start.absoluteString,
                                           settings: settings.json(), robotsText: discovery.robotsText,
                                           warnings: discovery.warnings, seeds: discovery.seeds.map { ($0.url, $0.depth) })
        guard let crawl = try store.latestCrawl(slug: slug), crawl.id == crawlID else {
            throw CrawlError(url: discovery.start.absoluteString, problem: "the crawl just stored cannot be read back",
                             hint: "run `kwcluster check` on the database")
        }
        return crawl
    }

    /// What an earlier crawl of the project knew of a page: its validators and facts.
    public typealias PreviousPages = [String: CrawlPageRecord]

    /// The fetched pages of the project's last imported crawl, for a rescrape's conditional requests.
    public static func previousPages(projectID: Int64, store: Store) throws -> PreviousPages {
        guard let crawl = try store.latestImportedCrawl(projectID: projectID) else { return [:] }
        var pages: PreviousPages = [:]
        for page in try store.crawlPages(crawlID: crawl.id) where page.facts != nil {
            pages[page.url] = page
        }
        return pages
    }

    /// Fetches every URL the stored crawl still has queued, recording each outcome as it comes,
    /// then marks the crawl crawled.
    /// - Parameter progress: called after every recorded outcome with the crawl's counts.
    /// - Complexity: O(pages × links per page), network bound.
    public static func proceed(_ crawl: CrawlRecord, store: Store, previous: PreviousPages = [:],
                               progress: (CrawlProgress) -> Void = { _ in }) async throws {
        guard crawl.status == .crawling else { return }
        let settings = try Settings.decode(crawl.settings)
        guard let start = URL(string: crawl.startURL) else {
            throw CrawlError(url: crawl.startURL, problem: "the stored start URL is not a URL", hint: "start a new crawl")
        }
        let robots = crawl.robotsText.map { RobotsRules(parsing: $0, userAgent: CrawlOptions.robotsToken) } ?? .allowAll
        let pages = try store.crawlPages(crawlID: crawl.id)
        let frontier = pages.filter { $0.state == "queued" }.map { FrontierEntry(url: $0.url, depth: $0.depth) }
        let known = Set(pages.map(\.url))
        let fetchedBefore = pages.count { $0.state == "fetched" || $0.state == "unchanged" }
        var counts = try store.crawlProgress(crawlID: crawl.id)
        let crawler = SiteCrawler(start: start, options: settings.options)
        let validators = previous.mapValues { SiteCrawler.Previous(etag: $0.etag, lastModified: $0.lastModified) }
        do {
            _ = try await crawler.crawl(frontier: frontier, known: known, fetchedBefore: fetchedBefore, robots: robots,
                                        previous: validators) { outcome in
                let (page, final) = records(of: outcome, previous: previous)
                try store.recordCrawlPage(crawlID: crawl.id, page: page, final: final,
                                          discovered: outcome.discovered.map { ($0.url, $0.depth) })
                FaultPoint.passed(.crawlPageStored)
                counts.count(outcome)
                progress(counts)
            }
        } catch {
            await crawler.close()
            throw error
        }
        await crawler.close()
        try store.finishCrawl(crawlID: crawl.id)
        FaultPoint.reached(.crawlFinished, count: 1)
    }

    /// The rows one outcome writes: the URL taken from the frontier and, after a redirect, the
    /// page it led to. A page answered 304 keeps the facts the previous crawl stored.
    static func records(of outcome: PageOutcome, previous: PreviousPages) -> (CrawlPageRecord, CrawlPageRecord?) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let facts = outcome.facts.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
            ?? (outcome.pageState == .unchanged ? previous[outcome.pageURL]?.facts : nil)
        var page = CrawlPageRecord(url: outcome.entry.url, depth: outcome.entry.depth, state: outcome.state.rawValue,
                                   robotsBlocked: outcome.blockedByRobots, detail: outcome.detail, httpStatus: outcome.httpStatus,
                                   etag: outcome.etag, lastModified: outcome.lastModified)
        guard let finalURL = outcome.finalURL, let finalState = outcome.finalState else {
            page.facts = facts
            return (page, nil)
        }
        let final = CrawlPageRecord(url: finalURL, depth: outcome.entry.depth, state: finalState.rawValue,
                                    httpStatus: outcome.httpStatus, etag: outcome.etag, lastModified: outcome.lastModified,
                                    facts: facts)
        return (page, final)
    }

    /// What a finished crawl gathered: its keywords as an import (one source: the start URL)
    /// and the pages each keyword came from.
    public struct Gathered: Sendable {
        public var imported: KeywordImport
        public var pages: [(keyword: String, url: String, score: Double)]
        public var progress: CrawlProgress
        /// HTML pages whose keywords were read (indexable: not noindex, canonical to themselves).
        public var indexablePages: Int
    }

    /// Extracts the keywords of a crawled crawl's pages. Pages are read in URL order, so the
    /// result does not depend on the order the pages arrived in.
    /// - Complexity: O(text of the pages) plus sorting.
    public static func gather(_ crawl: CrawlRecord, store: Store) throws -> Gathered {
        let settings = try Settings.decode(crawl.settings)
        let rows = try store.crawlPages(crawlID: crawl.id).sorted { $0.url < $1.url }
        var aliases: [String: String] = [:]
        var linking: [KeywordExtractor.Page] = []
        var indexable: [KeywordExtractor.Page] = []
        let decoder = JSONDecoder()
        for row in rows {
            if row.state == "redirected", let target = row.detail?.replacingOccurrences(of: "redirects to ", with: "") {
                aliases[row.url] = target
            }
            guard row.state == "fetched" || row.state == "unchanged", let json = row.facts,
                  let facts = try? decoder.decode(PageFacts.self, from: Data(json.utf8)) else { continue }
            let page = KeywordExtractor.Page(url: row.url, facts: facts)
            linking.append(page)
            if let canonical = facts.canonical, canonical != row.url {
                aliases[row.url] = canonical
                continue
            }
            if !facts.noindex { indexable.append(page) }
        }
        let keywords = KeywordExtractor.keywords(pages: indexable, linkingPages: linking, aliases: aliases,
                                                 minimumScore: settings.options.minimumKeywordScore)
        let source = [crawl.startURL]
        var imported: [ImportedKeyword] = []
        var pages: [(keyword: String, url: String, score: Double)] = []
        for keyword in keywords {
            var metrics = KeywordMetrics()
            metrics.url = keyword.pages.first?.url
            imported.append(ImportedKeyword(text: keyword.text, metrics: metrics, sources: source))
            pages += keyword.pages.map { (keyword.text, $0.url, $0.score) }
        }
        let progress = try store.crawlProgress(crawlID: crawl.id)
        let file = ImportedFile(path: crawl.startURL, format: .siteCrawl, rowsRead: progress.fetched + progress.unchanged,
                                keywordsKept: imported.count)
        var warnings = crawl.warnings
        let skipped = progress.skipped + progress.skippedByRobots
        if progress.errors > 0 || skipped > 0 {
            warnings.append("\(crawl.startURL): \(progress.errors) page(s) failed and \(skipped) skipped "
                + "(\(progress.skippedByRobots) by robots.txt); `kwcluster status --project=\(crawl.slug)` lists them")
        }
        return Gathered(imported: KeywordImport(keywords: imported, files: [file], warnings: warnings), pages: pages,
                        progress: progress, indexablePages: indexable.count)
    }
}

extension CrawlProgress {
    /// Counts one outcome (and the page a redirect led to).
    mutating func count(_ outcome: PageOutcome) {
        queued += outcome.discovered.count - 1
        switch outcome.state {
        case .fetched: fetched += 1
        case .unchanged: unchanged += 1
        case .redirected: redirected += 1
        case .error: errors += 1
        case .skipped: if outcome.blockedByRobots { skippedByRobots += 1 } else { skipped += 1 }
        }
        if outcome.finalURL != nil {
            if outcome.finalState == .unchanged { unchanged += 1 } else { fetched += 1 }
        }
    }
}
