import ArgumentParser
import Crawler

/// Whether the site is crawled for keywords.
enum CrawlSwitch: String, ExpressibleByArgument, CaseIterable {
    case on, off
}

/// How far and how politely `create` and `rescrape` crawl the site.
struct CrawlCommandOptions: ParsableArguments {
    @Option(help: "on: crawl the site and turn its pages into keywords (merged with --keywords); off: files only. Default: on when no --keywords is given.")
    var crawl: CrawlSwitch?

    @Option(help: "HTML pages fetched at most.")
    var maxPages: Int = CrawlOptions().maxPages

    @Option(help: "Link hops from the start page at most (sitemap pages are one hop). Default: no limit.")
    var maxDepth: Int?

    @Option(help: "Requests in flight at once.")
    var crawlConcurrency: Int = CrawlOptions().concurrency

    @Option(help: "Requests per second at most (a robots.txt Crawl-delay lowers it).")
    var crawlRate: Double = CrawlOptions().requestsPerSecond

    @Option(help: "Bytes of one page at most; larger pages are skipped and counted.")
    var maxPageBytes: Int = CrawlOptions().maxPageBytes

    @Option(help: "Seconds one request may take.")
    var crawlTimeout: Double = CrawlOptions().timeoutSeconds

    /// Whether to crawl as asked: true, false, or nil for the default (see ``KeywordSources/crawl``).
    var choice: Bool? { crawl.map { $0 == .on } }

    func validate() throws {
        guard maxPages >= 1 else { throw ValidationError("--max-pages must be at least 1") }
        if let maxDepth, maxDepth < 0 { throw ValidationError("--max-depth must be 0 or more") }
        guard (1...32).contains(crawlConcurrency) else { throw ValidationError("--crawl-concurrency must be 1-32") }
        guard crawlRate > 0, crawlRate <= 10_000 else { throw ValidationError("--crawl-rate must be above 0 and at most 10000 requests per second") }
        guard maxPageBytes >= 1_024 else { throw ValidationError("--max-page-bytes must be at least 1024") }
        guard crawlTimeout > 0 else { throw ValidationError("--crawl-timeout must be above 0 seconds") }
    }

    var options: CrawlOptions {
        var options = CrawlOptions()
        options.maxPages = maxPages
        options.maxDepth = maxDepth
        options.concurrency = crawlConcurrency
        options.requestsPerSecond = crawlRate
        options.maxPageBytes = maxPageBytes
        options.timeoutSeconds = crawlTimeout
        return options
    }
}
