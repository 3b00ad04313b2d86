import Ingest

extension SearchConsoleClient {
    /// Every page of `query` summed into a keyword source in one pass, held in memory (a few
    /// hundred bytes a row): for callers that do not store pages as they come. `pageRead` sees
    /// each page after it arrived (for progress), before the next is asked for.
    /// - Complexity: O(rows) time; memory for the per-query sums.
    public func keywordImport(of query: SearchAnalyticsQuery,
                              pageRead: (SearchAnalyticsPage) async throws -> Void = { _ in }) async throws -> KeywordImport {
        var totals = SearchAnalyticsTotals()
        try await forEachPage(of: query) { page in
            totals.add(page.rows)
            try await pageRead(page)
        }
        return totals.keywordImport(property: query.property)
    }
}
