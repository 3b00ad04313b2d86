/// A Search Console import as stored: one row of `search_imports`, how far its paging got.
public struct SearchImportRecord: Sendable, Hashable {
    public enum Kind: String, Sendable { case create, rescrape }
    /// importing: pages are still being asked for; fetched: the last (short) page is stored;
    /// imported: the project holds its keywords.
    public enum Status: String, Sendable { case importing, fetched, imported }

    public var id: Int64
    public var slug: String
    public var kind: Kind
    public var projectID: Int64?
    /// A rescrape's base: the project's latest run when the import began.
    public var baseRunID: Int64?
    public var property: String
    /// `YYYY-MM-DD`, first and last day asked for.
    public var startDate: String
    public var endDate: String
    /// The `startRow` of the next page to ask for.
    public var nextStartRow: Int
    public var pagesStored: Int
    public var status: Status
    /// JSON of what the command needs to finish after a kill (credentials file, endpoints, files).
    public var settings: String

    public init(id: Int64, slug: String, kind: Kind, projectID: Int64?, baseRunID: Int64?, property: String, startDate: String,
                endDate: String, nextStartRow: Int, pagesStored: Int, status: Status, settings: String) {
        self.id = id
        self.slug = slug
        self.kind = kind
        self.projectID = projectID
        self.baseRunID = baseRunID
        self.property = property
        self.startDate = startDate
        self.endDate = endDate
        self.nextStartRow = nextStartRow
        self.pagesStored = pagesStored
        self.status = status
        self.settings = settings
    }
}

/// One stored row of a Search Console answer: a query, a page it showed, and its numbers.
public struct SearchImportRow: Sendable, Hashable {
    public var query: String
    public var page: String
    public var clicks: Double
    public var impressions: Double
    public var ctr: Double
    public var position: Double

    public init(query: String, page: String, clicks: Double, impressions: Double, ctr: Double, position: Double) {
        self.query = query
        self.page = page
        self.clicks = clicks
        self.impressions = impressions
        self.ctr = ctr
        self.position = position
    }
}
