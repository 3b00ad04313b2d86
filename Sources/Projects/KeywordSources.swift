import Crawler

/// Where a project's keywords come from: keyword files, the site (crawled), Search Console's
/// queries, or several merged. `create` and `rescrape` take one.
public struct KeywordSources: Sendable {
    /// Keyword files (any supported export, or one keyword per line).
    public var files: [String]
    /// The keyword column of a CSV no format is detected for.
    public var column: String?
    /// The sheet of a workbook, or the CSV of a ZIP archive, to read.
    public var sheet: String?
    /// Whether the site is crawled: as asked, or nil for the use case's default (`create`: when
    /// there is no other source; `rescrape`: when no file is given and the site is a source).
    public var crawl: Bool?
    /// How far and how politely the site is crawled.
    public var crawlOptions: CrawlOptions
    /// Search Console's queries (its `property` nil: not asked for, unless a rescrape's project
    /// has them as a source).
    public var searchConsole: SearchConsoleRequest

    public init(files: [String] = [], column: String? = nil, sheet: String? = nil, crawl: Bool? = nil,
                crawlOptions: CrawlOptions = CrawlOptions(), searchConsole: SearchConsoleRequest = SearchConsoleRequest()) {
        self.files = files
        self.column = column
        self.sheet = sheet
        self.crawl = crawl
        self.crawlOptions = crawlOptions
        self.searchConsole = searchConsole
    }
}
