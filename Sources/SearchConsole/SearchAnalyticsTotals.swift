import Ingest

/// Sums query-and-page rows into per-query totals, one page of rows at a time. The pages of a
/// resumed import, added in their order, give what one pass gives: the totals depend only on
/// the rows (and the order of their floating-point sums), not on which run fetched them.
public struct SearchAnalyticsTotals: Sendable {
    /// How many of a query's pages are kept.
    public static let topPageCount = 5

    private struct Sums {
        var clicks = 0.0
        var impressions = 0.0
        /// Σ position × impressions, for the impression-weighted average.
        var weightedPosition = 0.0
        /// Σ position and row count, for queries without impressions.
        var positionSum = 0.0
        var rowCount = 0
        var pages: [String: (clicks: Double, impressions: Double)] = [:]

        mutating func add(_ row: SearchAnalyticsRow) {
            clicks += row.clicks
            impressions += row.impressions
            weightedPosition += row.position * row.impressions
            positionSum += row.position
            rowCount += 1
            pages[row.page, default: (0, 0)].clicks += row.clicks
            pages[row.page, default: (0, 0)].impressions += row.impressions
        }
    }

    private var sums: [String: Sums] = [:]
    /// Rows whose query is no keyword (empty or only punctuation once normalised).
    public private(set) var skippedRows = 0
    public private(set) var rowCount = 0

    public init() {}

    /// The source name a keyword lists for the property: `gsc:sc-domain:example.com`.
    public static func sourceName(property: String) -> String { "gsc:\(property)" }

    /// - Complexity: O(rows), amortised.
    public mutating func add(_ rows: some Sequence<SearchAnalyticsRow>) {
        for row in rows {
            rowCount += 1
            guard let keyword = KeywordNormalizer.normalize(row.query) else {
                skippedRows += 1
                continue
            }
            sums[keyword, default: Sums()].add(row)
        }
    }

    /// Every query's totals, most clicks first (ties: more impressions, then the keyword).
    /// - Complexity: O(q log q) in the queries, plus O(p log p) per query in its pages.
    public var queries: [QueryTotals] {
        sums.map { keyword, sums in
            let pages = sums.pages.map { QueryTotals.PageClicks(page: $0.key, clicks: Int($0.value.clicks.rounded()),
                                                               impressions: Int($0.value.impressions.rounded())) }
                .sorted { ($1.clicks, $1.impressions, $0.page) < ($0.clicks, $0.impressions, $1.page) }
            let position = sums.impressions > 0 ? sums.weightedPosition / sums.impressions : sums.positionSum / Double(sums.rowCount)
            return QueryTotals(keyword: keyword, clicks: Int(sums.clicks.rounded()), impressions: Int(sums.impressions.rounded()),
                               ctr: sums.impressions > 0 ? sums.clicks / sums.impressions : 0, position: position,
                               topPages: Array(pages.prefix(Self.topPageCount)))
        }
        .sorted { ($1.clicks, $1.impressions, $0.keyword) < ($0.clicks, $0.impressions, $1.keyword) }
    }

    /// The queries as a keyword source, merged with files and a crawl as files are merged
    /// (``KeywordImport/merged(with:)``).
    public func keywordImport(property: String) -> KeywordImport {
        keywordImport(property: property, queries: queries)
    }

    /// ``keywordImport(property:)`` of ``queries`` already computed.
    public func keywordImport(property: String, queries: [QueryTotals]) -> KeywordImport {
        var warnings: [String] = []
        if skippedRows > 0 {
            warnings.append("\(Self.sourceName(property: property)): \(skippedRows) of \(rowCount) rows skipped: their query is no keyword once normalised")
        }
        return KeywordImport(keywords: queries.map { $0.importedKeyword(property: property) }, files: [], warnings: warnings)
    }
}
