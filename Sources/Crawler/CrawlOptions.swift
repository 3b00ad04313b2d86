/// How politely and how far a crawl goes.
public struct CrawlOptions: Sendable, Hashable, Codable {
    /// HTML pages fetched at most.
    public var maxPages = 2_000
    /// Link hops from the start page at most (sitemap pages count as one hop); nil: no limit.
    public var maxDepth: Int?
    /// Requests in flight at once.
    public var concurrency = 2
    /// Requests per second at most; a robots.txt Crawl-delay lowers it further.
    public var requestsPerSecond = 4.0
    /// Bytes of one page at most; a larger page is skipped and counted.
    public var maxPageBytes = 2_000_000
    /// Seconds one request may take.
    public var timeoutSeconds = 20.0
    /// Redirects followed per request at most.
    public var maxRedirects = 5
    /// The User-Agent header: names kwcluster and where to read about it.
    public var userAgent = CrawlOptions.defaultUserAgent
    /// A keyword's total score must reach this to be kept (a title or h1 alone scores 3).
    public var minimumKeywordScore = 3.0

    public static let defaultUserAgent = "kwcluster/1.0 (+https://github.com/kwcluster/kwcluster#crawling-a-site)"
    /// The product token robots.txt groups are matched against.
    public static let robotsToken = "kwcluster"

    public init() {}

    /// Seconds between two requests: the rate limit, or the Crawl-delay when it is longer.
    public func interval(crawlDelay: Double?) -> Double {
        max(1 / max(requestsPerSecond, 0.001), crawlDelay ?? 0)
    }
}
