import FaultPoints
import Foundation
import Ingest
import Persistence

/// A Search Console import stored in the project database as it goes: every page's rows are
/// stored with the import's advance (`next_start_row`) in ONE transaction, so an import killed at
/// any instant continues from its last stored page and ends with what an uninterrupted one gives.
public enum StoredSearchImport {
    /// Asks for the pages the import still lacks, from its next start row, storing each as it
    /// comes; the last (short) page marks the import fetched.
    /// - Parameter progress: called after each stored page with the rows stored so far.
    /// - Throws: ``SearchConsoleError`` or `StoreError`; the pages stored before stay stored.
    /// - Complexity: one request and one transaction per `rowLimit` rows; memory for one page.
    public static func proceed(_ record: SearchImportRecord, client: SearchConsoleClient, rowLimit: Int = SearchAnalyticsQuery.maxRowLimit,
                               store: Store, progress: (_ rowsStored: Int) -> Void = { _ in }) async throws {
        guard record.status == .importing else { return }
        let query = SearchAnalyticsQuery(property: record.property, startDate: record.startDate, endDate: record.endDate,
                                         rowLimit: rowLimit)
        var pages = record.pagesStored
        try await client.forEachPage(of: query, from: record.nextStartRow) { page in
            try store.storeSearchPage(importID: record.id, startRow: page.startRow, rows: page.rows, isLast: page.isLast)
            pages += 1
            FaultPoint.reached(.searchPageStored, count: pages)
            progress(page.nextStartRow)
        }
    }

    /// What a fetched import gathered: its queries as a keyword source (one source,
    /// `gsc:PROPERTY`) and each query's top pages, scored by their share of its clicks (of its
    /// impressions when it has no clicks).
    public struct Gathered: Sendable {
        public var imported: KeywordImport
        public var pages: [(keyword: String, url: String, score: Double)]
    }

    /// Sums the stored rows of an import per query, in the API's order (so a resumed import
    /// gives what an uninterrupted one gives).
    /// - Complexity: O(rows), streamed; memory for the per-query sums.
    public static func gather(_ record: SearchImportRecord, store: Store) throws -> Gathered {
        var totals = SearchAnalyticsTotals()
        try store.forEachSearchImportRow(importID: record.id) { totals.add(CollectionOfOne($0)) }
        let queries = totals.queries
        var imported = totals.keywordImport(property: record.property, queries: queries)
        imported.files = [ImportedFile(path: SearchAnalyticsTotals.sourceName(property: record.property), format: .searchConsoleAPI,
                                       rowsRead: totals.rowCount, keywordsKept: imported.keywords.count,
                                       duplicates: totals.rowCount - totals.skippedRows - imported.keywords.count,
                                       skippedEmpty: totals.skippedRows)]
        var pages: [(keyword: String, url: String, score: Double)] = []
        for query in queries {
            let clicks = query.topPages.reduce(0) { $0 + $1.clicks }
            let impressions = query.topPages.reduce(0) { $0 + $1.impressions }
            for page in query.topPages {
                let score = clicks > 0 ? Double(page.clicks) / Double(clicks)
                    : impressions > 0 ? Double(page.impressions) / Double(impressions) : 0
                pages.append((query.keyword, page.page, score))
            }
        }
        return Gathered(imported: imported, pages: pages)
    }
}
