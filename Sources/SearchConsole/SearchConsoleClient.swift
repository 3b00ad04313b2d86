import AsyncHTTPClient
import NIOCore
import Foundation

/// Reads a property's search analytics rows by query and page, one page of up to 25,000 rows
/// a request, asking for the next page (`startRow`) until a page comes back short.
///
/// Each page is handed to the caller before the next is asked for, so a caller can store it
/// (one transaction per page, with its ``SearchAnalyticsPage/nextStartRow``) and, after a kill,
/// start again from the stored `startRow`. A failure throws before any part of the failing page
/// is handed over: what the caller stored is always whole pages.
public struct SearchConsoleClient: Sendable {
    /// Where the token and the API are asked; tests point both at a fixture on 127.0.0.1.
    public struct Endpoints: Sendable {
        /// The API's root, `https://www.googleapis.com` (the path `/webmasters/v3/...` follows).
        public var apiBase: String
        /// The token endpoint; nil: the credentials file's `token_uri` (Google's by default).
        public var tokenURL: String?

        public init(apiBase: String = "https://www.googleapis.com", tokenURL: String? = nil) {
            self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
            self.tokenURL = tokenURL
        }

        public static let google = Endpoints()
    }

    public let credentials: SearchConsoleCredentials
    public let endpoints: Endpoints
    public let retry: RetryPolicy
    private let exchange: HTTPExchange
    private let tokens: AccessTokenSource

    /// - Parameter answerTimeout: the longest one answer may take (a page of 25,000 rows is a
    ///   few MB).
    public init(credentials: SearchConsoleCredentials, endpoints: Endpoints = .google, retry: RetryPolicy = RetryPolicy(),
                httpClient: HTTPClient = .shared, answerTimeout: TimeAmount = .seconds(120),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.credentials = credentials
        self.endpoints = endpoints
        self.retry = retry
        exchange = HTTPExchange(client: httpClient, timeout: answerTimeout)
        tokens = AccessTokenSource(credentials: credentials, tokenURL: endpoints.tokenURL, exchange: exchange, now: now)
    }

    /// Asks for the pages of `query` from `startRow` on, handing each to `body` in order.
    /// - Throws: ``SearchConsoleError`` (credentials refused, 401 after a refresh, 403, 429 or
    ///   5xx after ``RetryPolicy/maxAttempts``, an answer that is not the API's), or what
    ///   `body` throws; either way no later page is asked for.
    /// - Complexity: one request per `rowLimit` rows (more when retried); memory for one page.
    public func forEachPage(of query: SearchAnalyticsQuery, from startRow: Int = 0,
                            _ body: (SearchAnalyticsPage) async throws -> Void) async throws {
        var start = max(0, startRow)
        while true {
            let rows = try await page(of: query, startRow: start)
            let page = SearchAnalyticsPage(startRow: start, rows: rows, isLast: rows.count < query.rowLimit)
            try await body(page)
            if page.isLast { return }
            start = page.nextStartRow
        }
    }

    /// Every row from `startRow` on, in the API's order.
    public func rows(of query: SearchAnalyticsQuery, from startRow: Int = 0) async throws -> [SearchAnalyticsRow] {
        var rows: [SearchAnalyticsRow] = []
        try await forEachPage(of: query, from: startRow) { rows += $0.rows }
        return rows
    }

    /// One page: a token refreshed once on a 401, 429 and 5xx asked again after a backoff.
    func page(of query: SearchAnalyticsQuery, startRow: Int) async throws -> [SearchAnalyticsRow] {
        let url = "\(endpoints.apiBase)/webmasters/v3/sites/\(query.pathSegment)/searchAnalytics/query"
        let body = query.body(startRow: startRow)
        var token = try await tokens.current()
        var refreshed = false
        var attempt = 1
        while true {
            let answer = try await exchange.post(url, contentType: "application/json", body: body, bearer: token)
            switch answer.status {
            case 200:
                return try decodeRows(answer.body, query: query, startRow: startRow)
            case 401 where !refreshed:
                token = try await tokens.replace(token)
                refreshed = true
            case let status where RetryPolicy.isTransient(status) && attempt < retry.maxAttempts:
                let retryAfter = answer.headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                try await retry.sleep(retry.delay(afterAttempt: attempt, retryAfterSeconds: retryAfter))
                attempt += 1
            default:
                throw APIErrorAnswer(answer.body).error(status: answer.status, query: query, account: credentials, attempts: attempt,
                                                        startRow: startRow)
            }
        }
    }

    private struct Answer: Decodable {
        struct Row: Decodable {
            var keys: [String]
            var clicks: Double
            var impressions: Double
            var ctr: Double
            var position: Double
        }
        /// Absent when the range has no (more) rows.
        var rows: [Row]?
    }

    private func decodeRows(_ data: Data, query: SearchAnalyticsQuery, startRow: Int) throws -> [SearchAnalyticsRow] {
        let answer: Answer
        do {
            answer = try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw SearchConsoleError(.badResponse, subject: "Search Console property \(query.property)",
                                     problem: "the answer for rows from \(startRow) is not the API's JSON (\(error))",
                                     hint: "check --gsc-api-url names Google's API (https://www.googleapis.com), then run the command again")
        }
        return try (answer.rows ?? []).map { row in
            guard row.keys.count == 2 else {
                throw SearchConsoleError(.badResponse, subject: "Search Console property \(query.property)",
                                         problem: "a row from \(startRow) has \(row.keys.count) keys, not a query and a page",
                                         hint: "check --gsc-api-url names Google's API (https://www.googleapis.com)")
            }
            return SearchAnalyticsRow(query: row.keys[0], page: row.keys[1], clicks: row.clicks, impressions: row.impressions,
                                      ctr: row.ctr, position: row.position)
        }
    }
}
