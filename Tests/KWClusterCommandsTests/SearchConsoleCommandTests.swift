import _CryptoExtras
import Foundation
import Persistence
import PostgresPersistence
import Reports
import SearchConsoleFixture
import SiteFixture
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `create --gsc` and `rescrape` against Google's token endpoint and Search Console's
/// searchAnalytics/query served on 127.0.0.1 in the test process (SearchConsoleFixture): paging
/// past 25,000 rows, a token expired mid-run, a kill after a stored page (the process kills
/// itself at a named point: `KWCLUSTER_FAULT_POINT`), the newer days of a rescrape, and
/// failures that leave nothing half made.
@Suite(.serialized) struct SearchConsoleCommandTests {
    static let property = "sc-domain:example.com", slug = "example-com"
    static let email = "kwcluster-import@example-project.iam.gserviceaccount.com"
    static let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-gsc-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func fixture(_ rows: [SearchConsoleFixture.Row], property: String = property) -> SearchConsoleFixture {
        SearchConsoleFixture(property: property, rows: rows,
                             serviceAccount: .init(clientEmail: Self.email, publicKey: Self.key.publicKey))
    }

    /// The service account's key file, as Google Cloud Console writes one.
    func keyFile(root: String) throws -> String {
        let file = path("service-account.json")
        let fields: [String: Any] = [
            "type": "service_account", "project_id": "example-project", "private_key_id": "0123456789abcdef",
            "private_key": Self.key.pkcs8PEMRepresentation, "client_email": Self.email, "token_uri": root + "/token",
        ]
        try JSONSerialization.data(withJSONObject: fields, options: .sortedKeys).write(to: URL(fileURLWithPath: file))
        return file
    }

    func gscArguments(root: String, today: String = "2026-06-10", extra: [String] = []) throws -> [String] {
        ["--gsc-credentials=\(try keyFile(root: root))", "--gsc-api-url=\(root)", "--gsc-token-url=\(root)/token",
         "--gsc-today=\(today)"] + extra
    }

    func createArguments(root: String, db: String, extra: [String] = []) throws -> [String] {
        ["create", "--domain=example.com", "--gsc=\(Self.property)", "--gsc-days=28", "--db=\(db)", "--vectors=lexical",
         "--batch-size=200", "--quiet"] + (try gscArguments(root: root, extra: extra))
    }

    func export(_ db: String) async throws -> String {
        let result = try await KWClusterCLI.runOffThread(["export", "--project=\(Self.slug)", "--db=\(db)"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    /// The rows of a keyword CSV export by keyword, each as column -> value.
    func rows(_ csv: String) -> [String: [String: String]] {
        let lines = csv.split(separator: "\n").map { CSVLine.fields(String($0)) }
        guard let header = lines.first else { return [:] }
        let keyed = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        return Dictionary(keyed.map { ($0["keyword"] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func createImportsSixtyThousandRowsInThreePagesWithATokenRefreshedMidRun() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = SearchConsoleFixture.generatedRows(count: 60_000, pagesPerQuery: 20)
        let server = fixture(data)
        // The second request finds its token expired: refreshed once, asked again.
        server.script([.rows, .expireTokens])
        let db = path("gsc.sqlite")
        let keywords = try await server.serve { root in
            let created = try await KWClusterCLI.runOffThread(try createArguments(root: root, db: db))
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("created project \(Self.slug): 3000 keywords"), "\(created.stdout)")
            return rows(try await export(db))
        }
        let asked = server.queryRequests
        #expect(asked.map(\.startRow) == [0, 25_000, 25_000, 50_000])
        #expect(asked.map(\.status) == [200, 401, 200, 200])
        #expect(asked.allSatisfy { $0.rowLimit == 25_000 && $0.startDate == "2026-05-11" && $0.endDate == "2026-06-07" })
        #expect(server.tokenGrants.count == 2)
        // Every query once, with its clicks and impressions summed over its pages (computed here
        // from the fixture's rows), and its page with the most clicks as its URL.
        #expect(keywords.count == 3_000)
        for query in Set(data.map(\.query)).sorted().prefix(50) {
            let mine = data.filter { $0.query == query }
            let best = mine.max { ($0.clicks, $1.page) < ($1.clicks, $0.page) }!
            let row = keywords[query]
            #expect(row?["clicks"] == String(mine.reduce(0) { $0 + $1.clicks }), "\(query)")
            #expect(row?["impressions"] == String(mine.reduce(0) { $0 + $1.impressions }), "\(query)")
            #expect(row?["url"] == best.page || mine.filter { $0.clicks == best.clicks }.count > 1, "\(query)")
            #expect(row?["sources"]?.contains("gsc:\(Self.property)") == true, "\(String(describing: row))")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aKillAfterAStoredPageResumesToTheKeywordsOfAnUninterruptedImport(_ kind: StoreKind) async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = fixture(SearchConsoleFixture.generatedRows(count: 1_200, pagesPerQuery: 3))
        let limit = ["--gsc-row-limit=250"]
        try await server.serve { root in
            let expected = try await TestStores.withDatabase(kind) { db in
                let created = try await KWClusterCLI.runOffThread(try createArguments(root: root, db: db, extra: limit))
                #expect(created.status == 0, "\(created.stderr)")
                return try await export(db)
            }
            #expect(rows(expected).count == 400)
            let before = server.queryRequests.count
            try await TestStores.withDatabase(kind) { db in
                // The process kills itself once the second page and its advance are stored.
                let killed = try await KWClusterCLI.runOffThread(try createArguments(root: root, db: db, extra: limit),
                                                                 environment: ["KWCLUSTER_FAULT_POINT": "search-page-stored:2"])
                #expect(killed.status == SIGKILL, "\(killed.stderr)")
                let store = try StoreOpener.open(db)
                let pending = try #require(try store.pendingSearchImport(slug: Self.slug))
                #expect((pending.pagesStored, pending.nextStartRow, pending.status) == (2, 500, .importing))
                #expect(try store.project(slug: Self.slug) == nil)
                let status = try await KWClusterCLI.runOffThread(["status", "--project=\(Self.slug)", "--db=\(db)"])
                #expect(status.stdout.contains("not created yet: its Search Console import of \(Self.property)"), "\(status.stdout)")
                let again = try await KWClusterCLI.runOffThread(try createArguments(root: root, db: db, extra: limit))
                #expect(again.status != 0 && again.stderr.contains("resume --project=\(Self.slug)"), "\(again.stderr)")

                let resumed = try await KWClusterCLI.runOffThread(["resume", "--project=\(Self.slug)", "--db=\(db)", "--quiet"])
                #expect(resumed.status == 0, "\(resumed.stderr)")
                #expect(try await export(db) == expected)
                #expect(try store.pendingSearchImport(slug: Self.slug) == nil)
            }
            // The killed run asked for rows 0 and 250; resume went on from 500, asking no page twice.
            #expect(server.queryRequests.dropFirst(before).map(\.startRow) == [0, 250, 500, 750, 1_000])
        }
    }

    @Test func quotaErrorsOutlastingTheRetriesKeepTheStoredPagesForResume() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = fixture(SearchConsoleFixture.generatedRows(count: 900, pagesPerQuery: 3))
        server.script([.rows, .error(status: 429, reason: "rateLimitExceeded", message: "Search Analytics QPS quota exceeded.")])
        let db = path("quota.sqlite"), reference = path("reference.sqlite")
        try await server.serve { root in
            let extra = ["--gsc-row-limit=400", "--gsc-attempts=1"]
            let failed = try await KWClusterCLI.runOffThread(try createArguments(root: root, db: db, extra: extra))
            #expect(failed.status == 1)
            #expect(failed.stderr.contains("HTTP 429") && failed.stderr.contains("rateLimitExceeded"), "\(failed.stderr)")
            #expect(failed.stderr.contains("`kwcluster resume --project=\(Self.slug)` continues from row 400"), "\(failed.stderr)")
            let resumed = try await KWClusterCLI.runOffThread(["resume", "--project=\(Self.slug)", "--db=\(db)", "--quiet"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let uninterrupted = try await KWClusterCLI.runOffThread(try createArguments(root: root, db: reference, extra: extra))
            #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
            #expect(try await export(db) == export(reference))
        }
    }

    @Test func usageErrorsComeFirstAndWriteNothing() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = path("usage.sqlite")
        let cases: [([String], String)] = [
            (["--gsc=\(Self.property)"], "--gsc needs --gsc-credentials=FILE"),
            (["--gsc-credentials=\(path("key.json"))"], "--gsc-credentials needs --gsc=PROPERTY"),
            (["--gsc=example.com", "--gsc-credentials=\(path("key.json"))"], "is neither a domain property (sc-domain:example.com) nor a URL prefix"),
            (["--gsc=\(Self.property)", "--gsc-credentials=\(path("key.json"))", "--gsc-days=600"], "600 is not 1-486"),
        ]
        for (arguments, message) in cases {
            let result = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--db=\(db)"] + arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        // A credentials file that is not there: named, before anything is written.
        let missing = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--db=\(db)", "--gsc=\(Self.property)",
                                                           "--gsc-credentials=\(path("missing.json"))"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("missing.json: no such file. Fix: pass --gsc-credentials a service account's JSON key"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func aPropertyTheAccountCannotReadLeavesNoDatabase() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = fixture(SearchConsoleFixture.generatedRows(count: 300), property: "sc-domain:another.example")
        let db = path("forbidden.sqlite")
        try await server.serve { root in
            let failed = try await KWClusterCLI.runOffThread(try createArguments(root: root, db: db))
            #expect(failed.status == 1)
            #expect(failed.stderr.contains("\(Self.email) cannot read this property (forbidden: User does not have sufficient permission"),
                    "\(failed.stderr)")
            #expect(failed.stderr.contains("Users and permissions"))
        }
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(!FileManager.default.fileExists(atPath: db + ".\(Self.slug).lock"))
    }

    @Test(arguments: StoreKind.allCases)
    func aForbiddenAnswerMidImportLeavesNoProjectAndNoImport(_ kind: StoreKind) async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = fixture(SearchConsoleFixture.generatedRows(count: 900, pagesPerQuery: 3))
        server.script([.rows, .error(status: 403, reason: "forbidden", message: "User does not have sufficient permission for site 'sc-domain:example.com'.")])
        try await server.serve { root in
            try await TestStores.withDatabase(kind) { db in
                let failed = try await KWClusterCLI.runOffThread(try createArguments(root: root, db: db, extra: ["--gsc-row-limit=400"]))
                #expect(failed.status == 1)
                #expect(failed.stderr.contains("cannot read this property"), "\(failed.stderr)")
                if kind == .sqlite {
                    #expect(!FileManager.default.fileExists(atPath: db))
                } else {
                    let store = try StoreOpener.open(db)
                    #expect(try store.project(slug: Self.slug) == nil)
                    #expect(try store.pendingSearchImport(slug: Self.slug) == nil)
                }
            }
        }
    }

    @Test func rescrapeAsksForTheDaysAfterTheLastImport() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = path("rescrape.sqlite")
        // 200 queries at first; 300 later, the first 200 among them (the generator's texts follow the query number).
        let first = fixture(SearchConsoleFixture.generatedRows(count: 600, pagesPerQuery: 3))
        try await first.serve { root in
            let created = try await KWClusterCLI.runOffThread(try createArguments(root: root, db: db))
            #expect(created.status == 0, "\(created.stderr)")
        }
        let later = fixture(SearchConsoleFixture.generatedRows(count: 900, pagesPerQuery: 3))
        try await later.serve { root in
            let arguments = ["rescrape", "--project=\(Self.slug)", "--db=\(db)", "--quiet"]
            let rescraped = try await KWClusterCLI.runOffThread(arguments + (try gscArguments(root: root, today: "2026-06-20")))
            #expect(rescraped.status == 0, "\(rescraped.stderr)")
            #expect(rescraped.stdout.contains("100 new keywords, 200 known, 0 absent"), "\(rescraped.stdout)")
            #expect(later.queryRequests.map { "\($0.startDate) \($0.endDate)" } == ["2026-06-08 2026-06-17"])
            // The same day again: no newer day has final data yet.
            let again = try await KWClusterCLI.runOffThread(arguments + (try gscArguments(root: root, today: "2026-06-20")))
            #expect(again.status == 1)
            #expect(again.stderr.contains("the days up to 2026-06-17 are imported"), "\(again.stderr)")
            #expect(later.queryRequests.count == 1)
        }
        #expect(rows(try await export(db)).count == 300)
    }

    @Test func theQueriesMergeWithAFileAndACrawlListingEverySource() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let crawled = GeneratedSite.topic(7)
        let queries = SearchConsoleFixture.generatedRows(count: 300)
        let texts = queries.map(\.query).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let (richerInFile, richerInSearch, searchOnly) = (texts[0], texts[1], texts[99])
        let searchRows = queries + [.init(query: crawled, page: "https://example.com/p/7", clicks: 40, impressions: 900, position: 2.5)]
        // The file's volume beats the impressions of one query and loses to another's.
        let file = path("keywords.csv")
        try "keyword,volume\n\(richerInFile),9999999\n\(richerInSearch),1\n\(crawled),2\nonly in the file,10\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let site = FixtureSite(pages: GeneratedSite.pages(count: 20))
        let server = fixture(searchRows)
        let db = path("merged.sqlite")
        let keywords = try await site.serve { siteRoot in
            try await server.serve { root in
                let created = try await KWClusterCLI.runOffThread([
                    "create", "--domain=\(siteRoot.absoluteString)", "--keywords=\(file)", "--crawl=on", "--crawl-rate=500",
                    "--gsc=\(Self.property)", "--gsc-days=28", "--db=\(db)", "--vectors=lexical", "--quiet",
                ] + (try gscArguments(root: root)))
                #expect(created.status == 0, "\(created.stderr)")
                let exported = try await KWClusterCLI.runOffThread(["export", "--project=127-0-0-1", "--db=\(db)"])
                #expect(exported.status == 0, "\(exported.stderr)")
                return (rows(exported.stdout), siteRoot.absoluteString)
            }
        }
        let (merged, siteRoot) = keywords
        let gsc = "gsc:\(Self.property)"
        #expect(merged[crawled]?["sources"]?.split(separator: ";").map(String.init) == [file, gsc, siteRoot], "\(String(describing: merged[crawled]))")
        #expect(merged[richerInFile]?["volume"] == "9999999")
        #expect(merged[richerInFile]?["clicks"] == "")
        #expect(merged[richerInSearch]?["clicks"] == String(queries.filter { $0.query == richerInSearch }.reduce(0) { $0 + $1.clicks }))
        #expect(merged[richerInSearch]?["sources"] == "\(file);\(gsc)")
        #expect(merged["only in the file"]?["sources"] == file)
        #expect(merged[searchOnly]?["sources"] == gsc)
    }

    @Test func aRescrapeWithoutKeywordsReadsTheSheetTheProjectWasMadeWith() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = path("exports.zip"), db = path("sheet.sqlite")
        func writeArchive(_ chosen: [String]) throws {
            _ = FileManager.default.createFile(atPath: archive, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: archive))
            let zip = ZipWriter { try handle.write(contentsOf: $0) }
            try zip.addEntry("First.csv", text: "keyword,volume\nignored first one,10\nignored first two,20\n")
            try zip.addEntry("Chosen.csv", text: "keyword,volume\n" + chosen.map { "\($0),5\n" }.joined())
            try zip.finish()
            try handle.close()
        }
        let chosen = (1...30).map { "chosen keyword \($0)" }
        try writeArchive(chosen)
        let created = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(archive)", "--sheet=Chosen.csv",
                                                           "--db=\(db)", "--vectors=lexical", "--quiet"])
        #expect(created.status == 0, "\(created.stderr)")
        try writeArchive(chosen + ["chosen keyword 31"])
        let rescraped = try await KWClusterCLI.runOffThread(["rescrape", "--project=\(Self.slug)", "--db=\(db)", "--quiet"])
        #expect(rescraped.status == 0, "\(rescraped.stderr)")
        #expect(rescraped.stdout.contains("1 new keywords, 30 known, 0 absent"), "\(rescraped.stdout)")
        #expect(Set(rows(try await export(db)).keys) == Set(chosen + ["chosen keyword 31"]))
    }
}
