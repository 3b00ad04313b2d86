import Foundation

/// A well-mannered site crawler: breadth first from a frontier, on one site only, obeying
/// robots.txt, `nofollow`, canonical links and a depth and page budget, with a rate limit and
/// a concurrency limit. It keeps no state of its own between calls: the caller hands it the
/// frontier and what is already known, and records every outcome (so a crawl stored as it
/// goes can be resumed after a kill without fetching a page twice).
public final class SiteCrawler: Sendable {
    public let start: URL
    public let options: CrawlOptions
    let scope: SiteScope
    let fetcher: PageFetcher

    /// - Parameter retryConnections: false for the discovery of a site (an unreachable one fails at once).
    public init(start: URL, options: CrawlOptions, retryConnections: Bool = true) {
        self.start = start
        self.options = options
        scope = SiteScope(start: start)
        fetcher = PageFetcher(options: options, scope: scope, limiter: RateLimiter(interval: options.interval(crawlDelay: nil)),
                              retryConnections: retryConnections)
    }

    /// Shuts the HTTP client down; call once done.
    public func close() async {
        await fetcher.shutdown()
    }

    /// What a crawl call did.
    public struct Summary: Sendable {
        public var pagesFetched = 0
        /// The frontier still held URLs when the page budget ran out.
        public var budgetExhausted = false
    }

    /// Validators and stored facts of a page from an earlier crawl (for rescrape).
    public struct Previous: Sendable {
        public var etag: String?
        public var lastModified: String?

        public init(etag: String?, lastModified: String?) {
            self.etag = etag
            self.lastModified = lastModified
        }
    }

    /// Crawls until the frontier is empty or `fetchedBefore` + the pages fetched now reach the budget.
    /// - Parameters:
    ///   - frontier: queued URLs, in the order they were queued (breadth first).
    ///   - known: every URL already queued, fetched or skipped (never queued again).
    ///   - fetchedBefore: HTML pages already fetched by this crawl (they count against `maxPages`).
    ///   - robots: the rules to obey.
    ///   - previous: validators of an earlier crawl's pages, for conditional requests.
    ///   - record: called for every outcome, one at a time, in completion order; a throw stops the crawl.
    /// - Complexity: O(pages × links per page), network bound.
    public func crawl(frontier: [FrontierEntry], known: Set<String>, fetchedBefore: Int, robots: RobotsRules,
                      previous: [String: Previous] = [:],
                      record: (PageOutcome) async throws -> Void) async throws -> Summary {
        await fetcher.limiter.setInterval(options.interval(crawlDelay: robots.crawlDelay))
        var queue = frontier
        var head = 0
        var known = known
        for entry in frontier { known.insert(entry.url) }
        var fetched = fetchedBefore
        var summary = Summary()
        try await withThrowingTaskGroup(of: PageOutcome.self) { group in
            var inFlight = 0
            func launch() async throws {
                while inFlight < options.concurrency, fetched + inFlight < options.maxPages, head < queue.count {
                    let entry = queue[head]
                    head += 1
                    if let skipped = precheck(entry, robots: robots) {
                        try await record(skipped)
                        continue
                    }
                    let validators = previous[entry.url]
                    group.addTask { await self.fetch(entry, robots: robots, previous: validators) }
                    inFlight += 1
                }
            }
            try await launch()
            while let outcome = try await group.next() {
                inFlight -= 1
                var outcome = outcome
                if let final = outcome.finalURL, !known.insert(final).inserted {
                    // Redirected to a page the crawl already has: nothing new here.
                    outcome.finalURL = nil
                    outcome.finalState = nil
                    outcome.facts = nil
                    outcome.discovered = []
                    outcome.detail = "redirects to \(final), already crawled"
                }
                outcome.discovered = outcome.discovered.filter { known.insert($0.url).inserted }
                queue += outcome.discovered
                if outcome.pageState == .fetched || outcome.pageState == .unchanged {
                    fetched += 1
                    summary.pagesFetched += 1
                }
                try await record(outcome)
                try await launch()
            }
        }
        summary.budgetExhausted = head < queue.count
        return summary
    }

    /// The outcome of an entry that needs no request (robots.txt, a file type that is never HTML).
    func precheck(_ entry: FrontierEntry, robots: RobotsRules) -> PageOutcome? {
        guard let url = URL(string: entry.url), scope.contains(url) else {
            return PageOutcome(entry: entry, state: .skipped, detail: "not on the site")
        }
        if !robots.allows(path: CrawlURL.robotsPath(of: url)) {
            var outcome = PageOutcome(entry: entry, state: .skipped, detail: "disallowed by robots.txt")
            outcome.blockedByRobots = true
            return outcome
        }
        if CrawlURL.looksLikeNonPage(url) {
            return PageOutcome(entry: entry, state: .skipped, detail: "not HTML (.\(url.pathExtension.lowercased()))")
        }
        return nil
    }

    /// Fetches and parses one page.
    func fetch(_ entry: FrontierEntry, robots: RobotsRules, previous: Previous?) async -> PageOutcome {
        guard let url = URL(string: entry.url) else { return PageOutcome(entry: entry, state: .error, detail: "malformed URL") }
        let response: PageFetcher.Response
        do {
            response = try await fetcher.get(url, accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1", cap: options.maxPageBytes,
                                             robots: robots,
                                             validators: previous.map { .init(etag: $0.etag, lastModified: $0.lastModified) })
        } catch {
            switch error {
            case .offSite(let target): return PageOutcome(entry: entry, state: .skipped, detail: "redirects off the site to \(target.absoluteString)")
            case .robots(let target):
                var outcome = PageOutcome(entry: entry, state: .skipped, detail: "redirects to \(target.absoluteString), disallowed by robots.txt")
                outcome.blockedByRobots = true
                return outcome
            case .tooManyRedirects(let count): return PageOutcome(entry: entry, state: .error, detail: "more than \(count - 1) redirects")
            case .redirectLoop(let target): return PageOutcome(entry: entry, state: .error, detail: "redirect loop at \(target.absoluteString)")
            case .transport(let reason): return PageOutcome(entry: entry, state: .error, detail: reason)
            }
        }
        let finalURL = CrawlURL.normalize(response.url.absoluteString) ?? response.url
        var outcome = PageOutcome(entry: entry, state: .fetched)
        let redirected = finalURL.absoluteString != entry.url
        func settle(_ state: PageOutcome.State, _ detail: String? = nil) -> PageOutcome {
            if redirected, state == .fetched || state == .unchanged {
                outcome.state = .redirected
                outcome.detail = "redirects to \(finalURL.absoluteString)"
                outcome.finalURL = finalURL.absoluteString
                outcome.finalState = state
            } else {
                outcome.state = state
                outcome.detail = detail ?? (redirected ? "redirects to \(finalURL.absoluteString)" : nil)
            }
            return outcome
        }
        outcome.httpStatus = response.status
        outcome.etag = response.headers.first(name: "etag")
        outcome.lastModified = response.headers.first(name: "last-modified")
        if response.status == 304 {
            outcome.etag = outcome.etag ?? previous?.etag
            outcome.lastModified = outcome.lastModified ?? previous?.lastModified
            return settle(.unchanged)
        }
        guard (200..<300).contains(response.status) else { return settle(.error, "HTTP \(response.status)") }
        if response.tooLarge { return settle(.skipped, "larger than \(options.maxPageBytes) bytes") }
        let contentType = response.headers.first(name: "content-type")?.lowercased() ?? ""
        guard contentType.isEmpty || contentType.contains("text/html") || contentType.contains("application/xhtml") else {
            return settle(.skipped, "not HTML (\(contentType.split(separator: ";").first.map(String.init) ?? contentType))")
        }
        let charset = contentType.split(separator: ";").compactMap { part -> String? in
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces) == "charset" else { return nil }
            return pair[1].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"'")))
        }.first
        guard var facts = PageFacts.parse(response.body, url: finalURL, charset: charset,
                                          robotsHeader: response.headers.first(name: "x-robots-tag")) else {
            return settle(.error, "not parseable HTML (empty document)")
        }
        var discovered: [FrontierEntry] = []
        let nextDepth = entry.depth + 1
        let depthAllowed = options.maxDepth.map { nextDepth <= $0 } ?? true
        if let canonical = facts.canonical, canonical != finalURL.absoluteString, let canonicalURL = URL(string: canonical),
           scope.contains(canonicalURL), !CrawlURL.looksLikeNonPage(canonicalURL) {
            discovered.append(FrontierEntry(url: canonical, depth: entry.depth))
        }
        // Only the site's own links are kept (their anchor texts describe the pages they point to).
        facts.links = facts.links.filter { URL(string: $0.url).map(scope.contains) ?? false }
        if !facts.nofollow, depthAllowed {
            for link in facts.links where !link.nofollow {
                guard let target = URL(string: link.url), !CrawlURL.looksLikeNonPage(target) else { continue }
                discovered.append(FrontierEntry(url: link.url, depth: nextDepth))
            }
        }
        outcome.facts = facts
        outcome.discovered = discovered
        return settle(.fetched)
    }
}
