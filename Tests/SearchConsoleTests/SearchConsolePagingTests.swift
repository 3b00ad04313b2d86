import Foundation
import Ingest
import Testing
@testable import SearchConsole
import SearchConsoleFixture

/// The client against the fixture: paging, tokens refreshed mid-run, restarts.
@Suite struct SearchConsolePagingTests {
    static let property = "sc-domain:example.com"
    static let rows = SearchConsoleFixture.generatedRows(count: 60_000)
    let query = SearchAnalyticsQuery(property: property, startDate: "2026-09-01", endDate: "2026-11-30")

    @Test func sixtyThousandRowsArriveInThreePagesAndSumPerQuery() async throws {
        // Given a property with 60,000 query-and-page rows (20,000 queries, 3 pages each)
        let fixture = SearchConsoleFixture(property: Self.property, rows: Self.rows, serviceAccount: TestAccount.fixtureAccount)
        let folder = try TemporaryFolder()
        // When every page is read
        let (pages, totals) = try await fixture.serve { root in
            let client = try SearchConsoleClient.ofFixture(root: root, credentialsFile: TestAccount.keyFile(tokenURI: root + "/token", in: folder))
            var pages: [(Int, Int, Bool)] = []
            var totals = SearchAnalyticsTotals()
            try await client.forEachPage(of: query) { page in
                pages.append((page.startRow, page.rows.count, page.isLast))
                totals.add(page.rows)
            }
            return (pages.map { "\($0.0):\($0.1):\($0.2)" }, totals)
        }
        // Then three requests of 25,000 rows ask for rows 0, 25,000 and 50,000; the last, short, ends it
        #expect(pages == ["0:25000:false", "25000:25000:false", "50000:10000:true"])
        #expect(fixture.queryRequests.map(\.startRow) == [0, 25_000, 50_000])
        #expect(fixture.queryRequests.allSatisfy { $0.rowLimit == 25_000 && $0.dimensions == ["query", "page"] && $0.startDate == "2026-09-01" })
        #expect(fixture.tokenGrants == ["urn:ietf:params:oauth:grant-type:jwt-bearer"])
        // And each query's totals are its rows' sums, CTR their ratio, position impression-weighted
        let expected = expectedTotals(Self.rows)
        let queries = totals.queries
        #expect(totals.rowCount == 60_000)
        #expect(queries.count == 20_000)
        #expect(queries.count == expected.count)
        var mismatches = 0
        for totals in queries {
            guard let want = expected[totals.keyword], totals.clicks == want.clicks, totals.impressions == want.impressions,
                  abs(totals.position - want.position) < 1e-9, abs(totals.ctr - Double(want.clicks) / Double(want.impressions)) < 1e-12,
                  totals.topPages.count == 3
            else { mismatches += 1; continue }
        }
        #expect(mismatches == 0)
        #expect(zip(queries, queries.dropFirst()).allSatisfy { $0.clicks >= $1.clicks })
    }

    @Test func anEmptyLastPageEndsTheRunWhenTheRowsFillWholePages() async throws {
        let rows = SearchConsoleFixture.generatedRows(count: 200)
        let fixture = SearchConsoleFixture(property: Self.property, rows: rows, serviceAccount: TestAccount.fixtureAccount)
        let folder = try TemporaryFolder()
        let small = SearchAnalyticsQuery(property: Self.property, startDate: "2026-11-01", endDate: "2026-11-30", rowLimit: 100)
        let counts = try await fixture.serve { root in
            let client = try SearchConsoleClient.ofFixture(root: root, credentialsFile: TestAccount.keyFile(tokenURI: root + "/token", in: folder))
            var counts: [Int] = []
            try await client.forEachPage(of: small) { counts.append($0.rows.count) }
            return counts
        }
        #expect(counts == [100, 100, 0])
        #expect(fixture.queryRequests.map(\.startRow) == [0, 100, 200])
    }

    @Test func aTokenExpiredMidRunIsReplacedOnceAndTheRunGoesOn() async throws {
        // Given a token endpoint that forgets its tokens before the second page
        let fixture = SearchConsoleFixture(property: Self.property, rows: Self.rows, serviceAccount: TestAccount.fixtureAccount)
        fixture.script([.rows, .expireTokens])
        let folder = try TemporaryFolder()
        // When every page is read
        let rows = try await fixture.serve { root in
            try await SearchConsoleClient.ofFixture(root: root, credentialsFile: TestAccount.keyFile(tokenURI: root + "/token", in: folder))
                .rows(of: query)
        }
        // Then the 401 brought a second token, the page was asked again with it, and nothing is lost
        #expect(fixture.queryRequests.map(\.status) == [200, 401, 200, 200])
        #expect(fixture.queryRequests.map(\.startRow) == [0, 25_000, 25_000, 50_000])
        #expect(fixture.queryRequests.map(\.token) == ["fixture-token-1", "fixture-token-1", "fixture-token-2", "fixture-token-2"])
        #expect(fixture.tokenGrants.count == 2)
        #expect(rows.count == 60_000)
        #expect(rows.map(\.query) == Self.rows.map(\.query))
    }

    @Test func aTokenNearItsExpiryIsReplacedBeforeTheNextRequest() async throws {
        // Given a clock the client and the token endpoint share
        let clock = TestClock()
        let fixture = SearchConsoleFixture(property: Self.property, rows: Self.rows, serviceAccount: TestAccount.fixtureAccount,
                                           now: clock.now)
        let folder = try TemporaryFolder()
        try await fixture.serve { root in
            let client = try SearchConsoleClient.ofFixture(root: root, credentialsFile: TestAccount.keyFile(tokenURI: root + "/token", in: folder),
                                                           now: clock.now)
            // When 3,560 s pass while the first page is stored (tokens last 3,599 s: 39 s are left)
            try await client.forEachPage(of: query) { page in if page.startRow == 0 { clock.advance(by: 3_560) } }
        }
        // Then the token is replaced before the second request, which is answered at once
        #expect(fixture.queryRequests.map(\.status) == [200, 200, 200])
        #expect(fixture.queryRequests.map(\.token) == ["fixture-token-1", "fixture-token-2", "fixture-token-2"])
    }

    @Test func aTokenRefusedTwiceStopsWithAClearError() async throws {
        let fixture = SearchConsoleFixture(property: Self.property, rows: Self.rows, serviceAccount: TestAccount.fixtureAccount)
        let invalid = SearchConsoleFixture.Scripted.error(status: 401, reason: "authError", message: "Request had invalid authentication credentials.")
        fixture.script([invalid, invalid])
        let folder = try TemporaryFolder()
        let error = await #expect(throws: SearchConsoleError.self) {
            try await fixture.serve { root in
                try await SearchConsoleClient.ofFixture(root: root, credentialsFile: TestAccount.keyFile(tokenURI: root + "/token", in: folder))
                    .forEachPage(of: query) { _ in Issue.record("no page may be handed over") }
            }
        }
        #expect(error?.kind == .unauthorized)
        #expect(error?.description.contains("Request had invalid authentication credentials") == true)
        #expect(fixture.tokenGrants.count == 2)
        #expect(fixture.queryRequests.count == 2)
    }

    @Test func restartingFromAStoredStartRowGivesWhatOnePassGives() async throws {
        let fixture = SearchConsoleFixture(property: Self.property, rows: Self.rows, serviceAccount: TestAccount.fixtureAccount)
        let folder = try TemporaryFolder()
        struct Killed: Error {}
        let (stored, onePass) = try await fixture.serve { root in
            let keyFile = try TestAccount.keyFile(tokenURI: root + "/token", in: folder)
            // Given a run killed after storing its first page (the second was being stored)
            var stored: [SearchAnalyticsPage] = []
            do {
                try await SearchConsoleClient.ofFixture(root: root, credentialsFile: keyFile).forEachPage(of: query) { page in
                    if page.startRow > 0 { throw Killed() }
                    stored.append(page)
                }
                Issue.record("the run should have been killed")
            } catch is Killed {}
            // When a new process (new client, new token) resumes from the stored page's next row
            let resumeAt = stored.last!.nextStartRow
            try await SearchConsoleClient.ofFixture(root: root, credentialsFile: keyFile).forEachPage(of: query, from: resumeAt) {
                stored.append($0)
            }
            let onePass = try await SearchConsoleClient.ofFixture(root: root, credentialsFile: keyFile).rows(of: query)
            return (stored, onePass)
        }
        // Then the stored pages are whole, cover every row once, and give one pass's totals
        #expect(stored.map(\.startRow) == [0, 25_000, 50_000])
        #expect(fixture.queryRequests.map(\.startRow) == [0, 25_000, 25_000, 50_000, 0, 25_000, 50_000])
        #expect(stored.flatMap(\.rows) == onePass)
        var resumed = SearchAnalyticsTotals()
        for page in stored { resumed.add(page.rows) }
        var single = SearchAnalyticsTotals()
        single.add(onePass)
        #expect(resumed.queries == single.queries)
        #expect(resumed.keywordImport(property: Self.property).keywords == single.keywordImport(property: Self.property).keywords)
    }
}
