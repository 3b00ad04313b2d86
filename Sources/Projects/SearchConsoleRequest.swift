import Foundation
import Persistence
import Pipeline
import SearchConsole

/// What to ask Search Console for (`--gsc=PROPERTY --gsc-credentials=FILE --gsc-days=N`) and
/// where: the property, the credentials file, the days, and the endpoints (Google's, or the
/// tests' fixture).
public struct SearchConsoleRequest: Sendable {
    /// The property, e.g. sc-domain:example.com; nil: none named (a rescrape then asks for its
    /// project's, if it has one).
    public var property: String?
    /// The credentials file; nil: none named (a rescrape then reads its last import's).
    public var credentials: String?
    /// Days of data to read, ending `SearchAnalyticsQuery.lagDays` before `now`.
    public var days: Int
    /// The moment taken as now.
    public var now: Date
    public var rowLimit: Int
    /// The API's root; nil: the last import's, else Google's.
    public var apiURL: String?
    /// The token endpoint; nil: the last import's, else the credentials file's `token_uri`.
    public var tokenURL: String?
    /// Requests per page at most on 429 and 5xx answers (nil: ``RetryPolicy``'s default).
    public var attempts: Int?

    public init(property: String? = nil, credentials: String? = nil, days: Int = 90, now: Date = Date(),
                rowLimit: Int = SearchAnalyticsQuery.maxRowLimit, apiURL: String? = nil, tokenURL: String? = nil,
                attempts: Int? = nil) {
        self.property = property
        self.credentials = credentials
        self.days = days
        self.now = now
        self.rowLimit = rowLimit
        self.apiURL = apiURL
        self.tokenURL = tokenURL
        self.attempts = attempts
    }

    /// The query of `create`: the last `days` days with final data.
    func query(property: String) -> SearchAnalyticsQuery {
        SearchAnalyticsQuery(property: property, lastDays: days, now: now, rowLimit: rowLimit)
    }

    /// The query of a rescrape: the days after the project's last import, up to the last day
    /// with final data, for the same property unless `property` names another.
    func rescrapeQuery(last: SearchImportRecord?) throws -> SearchAnalyticsQuery {
        guard let property = property ?? last?.property else {
            throw PipelineError.badUsage("the project has no Search Console source; pass --gsc=PROPERTY and --gsc-credentials=FILE")
        }
        let latest = query(property: property)
        guard let last, last.property == property else { return latest }
        let firstNewDay = SearchAnalyticsQuery.day(after: last.endDate)
        guard firstNewDay <= latest.endDate else {
            throw PipelineError.failed("Search Console \(property): the days up to \(last.endDate) are imported and \(latest.endDate) is the last day with final data; rescrape again after a day or more")
        }
        return SearchAnalyticsQuery(property: property, startDate: firstNewDay, endDate: latest.endDate, rowLimit: latest.rowLimit)
    }

    /// The settings an import is stored with: where to ask, with which credentials.
    func settings(credentials: String, recorded: SearchConsoleSource.Settings? = nil) -> SearchConsoleSource.Settings {
        SearchConsoleSource.Settings(credentials: credentials,
                                     apiURL: apiURL ?? recorded?.apiURL ?? SearchConsoleClient.Endpoints.google.apiBase,
                                     tokenURL: tokenURL ?? recorded?.tokenURL, rowLimit: rowLimit, attempts: attempts)
    }
}
