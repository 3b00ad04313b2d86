import AsyncHTTPClient
import Foundation
import Testing
@testable import SearchConsole
import SearchConsoleFixture

/// 403, 429 and 5xx answers: retried or stopped with what to do, never a page half handed over.
@Suite struct SearchConsoleErrorAnswerTests {
    static let property = "sc-domain:example.com"
    static let rows = SearchConsoleFixture.generatedRows(count: 600)
    let query = SearchAnalyticsQuery(property: property, startDate: "2026-11-01", endDate: "2026-11-28", rowLimit: 250)

    func run(_ fixture: SearchConsoleFixture, query: SearchAnalyticsQuery? = nil, retry: RetryPolicy = RetryPolicy(maxAttempts: 1))
        async throws -> [SearchAnalyticsPage] {
        let folder = try TemporaryFolder()
        let query = query ?? self.query
        return try await fixture.serve { root in
            let client = try SearchConsoleClient.ofFixture(root: root, credentialsFile: TestAccount.keyFile(tokenURI: root + "/token", in: folder),
                                                           retry: retry)
            var pages: [SearchAnalyticsPage] = []
            do {
                try await client.forEachPage(of: query) { pages.append($0) }
            } catch let error as SearchConsoleError {
                throw PagesThenError(pages: pages, error: error)
            }
            return pages
        }
    }

    struct PagesThenError: Error {
        var pages: [SearchAnalyticsPage]
        var error: SearchConsoleError
    }

    @Test func aPropertyTheAccountCannotReadIsAForbiddenErrorNamingBoth() async throws {
        // Given a service account that is a user of example.com only
        let fixture = SearchConsoleFixture(property: Self.property, rows: Self.rows, serviceAccount: TestAccount.fixtureAccount)
        // When it asks for another property
        let other = SearchAnalyticsQuery(property: "sc-domain:other.example", startDate: "2026-11-01", endDate: "2026-11-28")
        let failure = await #expect(throws: PagesThenError.self) { try await run(fixture, query: other) }
        // Then nothing was handed over and the error names the account, the property, the API's reason and the fix
        #expect(failure?.pages.isEmpty == true)
        #expect(failure?.error.kind == .forbidden)
        let text = failure?.error.description ?? ""
        #expect(text.hasPrefix("Search Console property sc-domain:other.example: \(TestAccount.email) cannot read this property (forbidden: User does not have sufficient permission for site 'sc-domain:other.example'."))
        #expect(text.contains("add \(TestAccount.email) as a user of the property"))
        #expect(fixture.queryRequests.map(\.status) == [403])
    }

    @Test func aForbiddenAnswerMidRunKeepsTheWholePagesBeforeIt() async throws {
        let fixture = SearchConsoleFixture(property: Self.property, rows: Self.rows, serviceAccount: TestAccount.fixtureAccount)
        fixture.script([.rows, .error(status: 403, reason: "accessNotConfigured",
                                      message: "Google Search Console API has not been used in project 1234567890 before or it is disabled.")])
        let failure = await #expect(throws: PagesThenError.self) { try await run(fixture) }
        #expect(failure?.pages.map(\.startRow) == [0])
        #expect(failure?.pages.first?.rows.count == 250)
        #expect(failure?.error.kind == .forbidden)
        #expect(failure?.error.description.contains("the Search Console API is not enabled for the Google Cloud project of \(TestAccount.email)") == true)
        #expect(failure?.error.description.contains("APIs & Services > Library") == true)
    }

    @Test func quotaAndServerErrorsAreAskedAgainAfterGrowingDelays() async throws {
        // Given answers 429, 429 (Retry-After: 30), 503 before the second page
        let fixture = SearchConsoleFixture(property: Self.property, rows: Self.rows, serviceAccount: TestAccount.fixtureAccount)
        fixture.script([.rows, .error(status: 429, reason: "rateLimitExceeded", message: "Search Analytics QPS quota exceeded."),
                        .error(status: 429, reason: "rateLimitExceeded", message: "Search Analytics QPS quota exceeded.", retryAfter: 30),
                        .error(status: 503, reason: "backendError", message: "The service is currently unavailable.")])
        let sleeps = RecordedSleeps()
        // When the pages are read
        let pages = try await run(fixture, retry: sleeps.policy())
        // Then the waits doubled from 2 s (or took the server's 30 s), and every row arrived once
        #expect(sleeps.recorded == [.seconds(2), .seconds(30), .seconds(8)])
        #expect(fixture.queryRequests.map(\.status) == [200, 429, 429, 503, 200, 200])
        #expect(pages.map(\.startRow) == [0, 250, 500])
        #expect(pages.flatMap(\.rows).count == 600)
    }

    @Test func quotaErrorsOutlastingTheRetriesStopWithWhatToDo() async throws {
        let fixture = SearchConsoleFixture(property: Self.property, rows: Self.rows, serviceAccount: TestAccount.fixtureAccount)
        let quota = SearchConsoleFixture.Scripted.error(status: 429, reason: "rateLimitExceeded", message: "Search Analytics QPS quota exceeded.")
        fixture.script([.rows, quota, quota, quota, quota])
        let sleeps = RecordedSleeps()
        let failure = await #expect(throws: PagesThenError.self) { try await run(fixture, retry: sleeps.policy(maxAttempts: 4)) }
        #expect(sleeps.recorded == [.seconds(2), .seconds(4), .seconds(8)])
        #expect(fixture.queryRequests.count == 5)
        #expect(failure?.pages.map(\.startRow) == [0])
        #expect(failure?.error.kind == .unavailable)
        #expect(failure?.error.description == "Search Console property sc-domain:example.com: HTTP 429 for rows from 250, 4 times in a row (rateLimitExceeded: Search Analytics QPS quota exceeded.). Fix: the property's or the project's Search Console quota is used up for now: run the command again later; no part of this request was kept")
    }

    @Test func anEndpointThatDoesNotAnswerIsANetworkErrorNamingIt() async throws {
        // Given a token endpoint on a port nothing listens on (port 1 is never a test server's)
        let folder = try TemporaryFolder()
        let path = try TestAccount.keyFile(tokenURI: "http://127.0.0.1:1/token", in: folder)
        // (an HTTP client that does not retry connecting: the shared one retries for 90 s)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let client = SearchConsoleClient(credentials: try SearchConsoleCredentials.load(from: path),
                                         endpoints: .init(apiBase: "http://127.0.0.1:1"), retry: RetryPolicy(maxAttempts: 1), httpClient: http)
        let error = await #expect(throws: SearchConsoleError.self) { try await client.rows(of: query) }
        try await http.shutdown()
        #expect(error?.kind == .network)
        #expect(error?.subject == "http://127.0.0.1:1/token")
        #expect(error?.problem.hasPrefix("no answer from 127.0.0.1") == true)
    }

    @Test func theBackoffIsCapped() {
        let policy = RetryPolicy(maxAttempts: 20)
        #expect((1...8).map { policy.delay(afterAttempt: $0) } == [2, 4, 8, 16, 32, 64, 64, 64].map { Duration.seconds($0) })
        #expect(policy.delay(afterAttempt: 1, retryAfterSeconds: 3_600) == .seconds(64))
    }

    @Test func aURLPrefixPropertyIsOnePercentEncodedPathSegment() async throws {
        let property = "https://www.example.com/"
        let fixture = SearchConsoleFixture(property: property, rows: Self.rows, serviceAccount: TestAccount.fixtureAccount)
        let pages = try await run(fixture, query: SearchAnalyticsQuery(property: property, startDate: "2026-11-01", endDate: "2026-11-28"))
        #expect(pages.map(\.rows.count) == [600])
        #expect(fixture.queryRequests.map(\.property) == [property])
        #expect(SearchAnalyticsQuery(property: property, startDate: "", endDate: "").pathSegment == "https%3A%2F%2Fwww.example.com%2F")
    }
}

/// The property names and day counts `--gsc` and `--gsc-days` take, and the whole import as a keyword source.
@Suite struct SearchConsoleImportTests {
    @Test(arguments: ["sc-domain:example.com", "https://www.example.com/", "http://example.com/shop/"])
    func aPropertyAsSearchConsoleListsItIsTaken(property: String) throws {
        try SearchConsoleProperty.validate(property, days: 90)
    }

    @Test(arguments: [("example.com", 90, "--gsc"), ("https://www.example.com", 90, "--gsc"), ("sc-domain:", 90, "--gsc"),
                      ("sc-domain:example.com", 0, "--gsc-days"), ("sc-domain:example.com", 487, "--gsc-days")])
    func anythingElseIsAUsageError(property: String, days: Int, option: String) {
        let error = #expect(throws: SearchConsoleError.self) { try SearchConsoleProperty.validate(property, days: days) }
        #expect(error?.kind == .usage)
        #expect(error?.subject == option)
    }

    @Test func theWholeImportIsOneKeywordPerQueryWithItsSource() async throws {
        let rows = SearchConsoleFixture.generatedRows(count: 600)
        let fixture = SearchConsoleFixture(property: "sc-domain:example.com", rows: rows, serviceAccount: TestAccount.fixtureAccount)
        let folder = try TemporaryFolder()
        let query = SearchAnalyticsQuery(property: "sc-domain:example.com", startDate: "2026-11-01", endDate: "2026-11-28", rowLimit: 250)
        let (imported, seen) = try await fixture.serve { root in
            var seen: [Int] = []
            let imported = try await SearchConsoleClient.ofFixture(root: root, credentialsFile: TestAccount.keyFile(tokenURI: root + "/token", in: folder))
                .keywordImport(of: query) { seen.append($0.startRow) }
            return (imported, seen)
        }
        #expect(seen == [0, 250, 500])
        #expect(imported.keywords.count == 200)
        #expect(imported.keywords.allSatisfy { $0.sources == ["gsc:sc-domain:example.com"] && $0.metrics.volume == $0.metrics.impressions })
        #expect(imported.keywords.map { $0.metrics.clicks ?? 0 }.reduce(0, +) == rows.map(\.clicks).reduce(0, +))
    }
}
