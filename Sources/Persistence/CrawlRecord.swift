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
