import Ingest

/// One query's numbers over every page it showed (the rows of one query summed), and its pages
/// that got the most clicks.
public struct QueryTotals: Sendable, Equatable {
    /// The normalised keyword (see ``KeywordNormalizer``); queries that normalise alike are one.
    public var keyword: String
    public var clicks: Int
    public var impressions: Int
    /// Clicks / impressions over all its pages (0 without impressions).
    public var ctr: Double
    /// The average position, each page's weighted by its impressions.
    public var position: Double
    /// Up to ``SearchAnalyticsTotals/topPageCount`` pages, most clicks first (ties: more
    /// impressions, then the URL).
    public var topPages: [PageClicks]

    public struct PageClicks: Sendable, Equatable {
        public var page: String
        public var clicks: Int
        public var impressions: Int
    }

    /// As a keyword source: impressions stand in for volume (as for Search Console's exports),
    /// the top page is the keyword's URL, and the source is `gsc:PROPERTY`.
    public func importedKeyword(property: String) -> ImportedKeyword {
        ImportedKeyword(text: keyword,
                        metrics: KeywordMetrics(volume: impressions, clicks: clicks, impressions: impressions, ctr: ctr,
                                                position: position, url: topPages.first?.page),
                        sources: [SearchAnalyticsTotals.sourceName(property: property)])
    }
}
