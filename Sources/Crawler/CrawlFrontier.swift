/// A URL waiting to be fetched, and how many link hops it is from the start page.
public struct FrontierEntry: Sendable, Hashable, Codable {
    public var url: String
    public var depth: Int

    public init(url: String, depth: Int) {
        self.url = url
        self.depth = depth
    }
}

/// What became of one URL taken from the frontier.
public struct PageOutcome: Sendable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// An HTML page fetched and parsed.
        case fetched
        /// A conditional request answered 304: the page is as the previous crawl saw it.
        case unchanged
        /// The URL redirected to another page of the site (recorded under `finalURL`).
        case redirected
        /// Not fetched or not used: robots.txt, not HTML, too large, redirect off the site.
        case skipped
        /// Unreachable, an HTTP error, a redirect loop, unparseable HTML.
        case error
    }

    public var entry: FrontierEntry
    public var state: State
    /// Why it was skipped or failed, where it redirected to.
    public var detail: String?
    /// The page a redirect led to, fetched and recorded in this outcome (state of that page is
    /// `fetched` or `unchanged`; the entry itself is `redirected`). Nil without a redirect.
    public var finalURL: String?
    /// The state of the final page when the entry redirected.
    public var finalState: State?
    public var httpStatus: Int?
    public var etag: String?
    public var lastModified: String?
    public var facts: PageFacts?
    /// Skipped because robots.txt disallows it.
    public var blockedByRobots = false
    /// URLs first seen on this page, to be queued.
    public var discovered: [FrontierEntry] = []

    public init(entry: FrontierEntry, state: State, detail: String? = nil) {
        self.entry = entry
        self.state = state
        self.detail = detail
    }

    /// The URL the page's keywords belong to.
    public var pageURL: String { finalURL ?? entry.url }

    /// The state of the page its keywords come from.
    public var pageState: State { finalState ?? state }
}
