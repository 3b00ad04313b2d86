import Foundation
import Ingest
import Testing
@testable import SearchConsole

/// Per-query totals from query-and-page rows, worked by hand.
@Suite struct SearchAnalyticsTotalsTests {
    func row(_ query: String, _ page: String, clicks: Double, impressions: Double, position: Double) -> SearchAnalyticsRow {
        SearchAnalyticsRow(query: query, page: page, clicks: clicks, impressions: impressions,
                           ctr: impressions > 0 ? clicks / impressions : 0, position: position)
    }

    @Test func aQueryOnSeveralPagesSumsClicksAndWeighsPositionsByImpressions() {
        var totals = SearchAnalyticsTotals()
        totals.add([
            row("running shoes", "https://example.com/a", clicks: 30, impressions: 100, position: 2),
            row("trail boots", "https://example.com/t", clicks: 5, impressions: 50, position: 4),
        ])
        totals.add([
            row("Running  Shoes", "https://example.com/b", clicks: 10, impressions: 300, position: 6),
            row("running shoes", "https://example.com/a", clicks: 2, impressions: 100, position: 4),
            row("   ", "https://example.com/x", clicks: 1, impressions: 1, position: 1),
        ])
        let queries = totals.queries
        #expect(queries.map(\.keyword) == ["running shoes", "trail boots"])
        let shoes = queries[0]
        // clicks 30+10+2, impressions 100+300+100, CTR 42/500, position (2·100 + 6·300 + 4·100) / 500 = 4.8
        #expect(shoes.clicks == 42)
        #expect(shoes.impressions == 500)
        #expect(shoes.ctr == 42.0 / 500)
        #expect(abs(shoes.position - 4.8) < 1e-12)
        #expect(shoes.topPages == [.init(page: "https://example.com/a", clicks: 32, impressions: 200),
                                   .init(page: "https://example.com/b", clicks: 10, impressions: 300)])
        #expect(totals.skippedRows == 1)
        #expect(totals.rowCount == 5)

        let imported = totals.keywordImport(property: "sc-domain:example.com")
        #expect(imported.keywords.first == ImportedKeyword(
            text: "running shoes",
            metrics: KeywordMetrics(volume: 500, clicks: 42, impressions: 500, ctr: 42.0 / 500, position: shoes.position, url: "https://example.com/a"),
            sources: ["gsc:sc-domain:example.com"]))
        #expect(imported.warnings == ["gsc:sc-domain:example.com: 1 of 5 rows skipped: their query is no keyword once normalised"])
    }

    @Test func onlyTheTopFivePagesByClicksAreKept() {
        var totals = SearchAnalyticsTotals()
        totals.add((1...7).map { row("shoes", "https://example.com/\($0)", clicks: Double($0), impressions: 10, position: 1) })
        #expect(totals.queries[0].topPages.map(\.clicks) == [7, 6, 5, 4, 3])
        #expect(totals.queries[0].clicks == 28)
    }

    @Test func theSourceMergesWithAFileKeepingTheRicherMetrics() {
        var totals = SearchAnalyticsTotals()
        totals.add([row("running shoes", "https://example.com/a", clicks: 3, impressions: 90, position: 5)])
        let file = KeywordImport(keywords: [ImportedKeyword(text: "running shoes", metrics: KeywordMetrics(volume: 9_900, cpc: 1.2),
                                                            sources: ["semrush.csv"])], files: [], warnings: [])
        let merged = file.merged(with: totals.keywordImport(property: "sc-domain:example.com"))
        #expect(merged.keywords.count == 1)
        #expect(merged.keywords[0].sources == ["semrush.csv", "gsc:sc-domain:example.com"])
        #expect(merged.keywords[0].metrics.volume == 9_900)
    }

    @Test func theLastDaysEndThreeDaysBeforeTodayInPacificTime() {
        // 05:00 UTC on 7 December is still 6 December in California
        let now = ISO8601DateFormatter().date(from: "2026-12-07T05:00:00Z")!
        let query = SearchAnalyticsQuery(property: "sc-domain:example.com", lastDays: 28, now: now)
        #expect(query.endDate == "2026-12-03")
        #expect(query.startDate == "2026-11-06")
        #expect(query.rowLimit == 25_000)
        let oneDay = SearchAnalyticsQuery(property: "sc-domain:example.com", lastDays: 1, now: ISO8601DateFormatter().date(from: "2026-03-02T12:00:00Z")!)
        #expect(oneDay.startDate == "2026-02-27")
        #expect(oneDay.endDate == "2026-02-27")
    }
}
