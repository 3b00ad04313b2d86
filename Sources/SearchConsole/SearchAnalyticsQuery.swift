import Foundation
import Persistence

/// What is asked of `searchAnalytics/query`: a property's rows by query and page over a range
/// of days, `rowLimit` rows a request.
public struct SearchAnalyticsQuery: Sendable, Equatable {
    /// `sc-domain:example.com` (a domain property) or a URL-prefix property such as
    /// `https://www.example.com/` (with its trailing slash), exactly as Search Console names it.
    public var property: String
    /// First and last day, `YYYY-MM-DD`, in Pacific time as Search Console counts days.
    public var startDate: String
    public var endDate: String
    /// Rows a request: 25,000 is the API's maximum.
    public var rowLimit: Int

    public static let maxRowLimit = 25_000

    public init(property: String, startDate: String, endDate: String, rowLimit: Int = maxRowLimit) {
        self.property = property
        self.startDate = startDate
        self.endDate = endDate
        self.rowLimit = min(max(1, rowLimit), Self.maxRowLimit)
    }

    /// Search Console's data lags: the final data of a day is there about 2-3 days later.
    public static let lagDays = 3

    /// The last `days` days with final data: ending `lagDays` days before `now`'s day in
    /// Pacific time (the time zone Search Console's days are counted in).
    public init(property: String, lastDays days: Int, now: Date = Date(), rowLimit: Int = maxRowLimit) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Los_Angeles") ?? TimeZone(secondsFromGMT: -8 * 3600)!
        let today = calendar.startOfDay(for: now)
        let end = calendar.date(byAdding: .day, value: -Self.lagDays, to: today)!
        let start = calendar.date(byAdding: .day, value: -(max(1, days) - 1), to: end)!
        func day(_ date: Date) -> String {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        }
        self.init(property: property, startDate: day(start), endDate: day(end), rowLimit: rowLimit)
    }

    /// The day after `day` (`YYYY-MM-DD`), as a rescrape's first new day.
    public static func day(after day: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let next = calendar.date(byAdding: .day, value: 1, to: date) else { return day }
        let fields = calendar.dateComponents([.year, .month, .day], from: next)
        return String(format: "%04d-%02d-%02d", fields.year!, fields.month!, fields.day!)
    }

    /// The request body for the page starting at `startRow`.
    func body(startRow: Int) -> Data {
        let object: [String: Any] = [
            "startDate": startDate, "endDate": endDate, "dimensions": ["query", "page"],
            "rowLimit": rowLimit, "startRow": startRow,
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: .sortedKeys)) ?? Data()
    }

    /// The property as one path segment: `sc-domain%3Aexample.com`, `https%3A%2F%2Fwww.example.com%2F`.
    var pathSegment: String { AccessTokenSource.percentEncoded(property) }
}

/// One row of the answer: a query, a page it showed, and its numbers over the range (clicks /
/// impressions as `ctr`, 0-1; the page's average `position`, 1 the top), as the store keeps it.
public typealias SearchAnalyticsRow = SearchImportRow

/// One answer of the paged query: its rows and where it starts.
public struct SearchAnalyticsPage: Sendable, Equatable {
    /// The `startRow` it was asked with.
    public var startRow: Int
    public var rows: [SearchAnalyticsRow]
    /// A page shorter than the row limit is the last one (it may be empty).
    public var isLast: Bool

    /// Where the next page starts; a caller that stored this page resumes from here.
    public var nextStartRow: Int { startRow + rows.count }
}
