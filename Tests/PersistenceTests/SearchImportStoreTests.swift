import Ingest
import Persistence
import Testing
import TestSupport

/// The stored Search Console import: each page's rows with the import's advance, a page never
/// stored twice, rows read back in the API's order, links added beside a crawl's, and removal.
@Suite struct SearchImportStoreTests {
    func row(_ query: String, _ page: String, clicks: Double) -> SearchImportRow {
        SearchImportRow(query: query, page: page, clicks: clicks, impressions: clicks * 10, ctr: 0.1, position: 3.5)
    }

    func begin(_ store: any Store) throws -> Int64 {
        try store.startSearchImport(slug: "example-com", kind: .create, projectID: nil, property: "sc-domain:example.com",
                                    startDate: "2026-05-11", endDate: "2026-06-07", settings: "{}")
    }

    @Test(arguments: StoreKind.allCases) func pagesAdvanceTheImportAndReadBackInTheirOrder(_ kind: StoreKind) throws {
        try TestStores.withStore(kind) { store in
            let id = try begin(store)
            try store.storeSearchPage(importID: id, startRow: 0, rows: [row("red shoes", "https://example.com/a", clicks: 5),
                                                                         row("blue shoes", "https://example.com/b", clicks: 4)],
                                      isLast: false)
            var pending = try #require(try store.pendingSearchImport(slug: "example-com"))
            #expect((pending.nextStartRow, pending.pagesStored, pending.status) == (2, 1, .importing))
            // The same page again (a second process, or a replay): refused, nothing written.
            #expect(throws: StoreError.self) {
                try store.storeSearchPage(importID: id, startRow: 0, rows: [row("green shoes", "https://example.com/c", clicks: 1)],
                                          isLast: false)
            }
            try store.storeSearchPage(importID: id, startRow: 2, rows: [row("red shoes", "https://example.com/c", clicks: 1)], isLast: true)
            pending = try #require(try store.pendingSearchImport(slug: "example-com"))
            #expect((pending.nextStartRow, pending.pagesStored, pending.status) == (3, 2, .fetched))
            var read: [String] = []
            try store.forEachSearchImportRow(importID: id) { read.append("\($0.query) \($0.page) \($0.clicks)") }
            #expect(read == ["red shoes https://example.com/a 5.0", "blue shoes https://example.com/b 4.0",
                             "red shoes https://example.com/c 1.0"])
            // A fetched import refuses further pages too.
            #expect(throws: StoreError.self) {
                try store.storeSearchPage(importID: id, startRow: 3, rows: [], isLast: true)
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func linkingAddsPagesBesideTheCrawlsAndMarksTheImportImported(_ kind: StoreKind) throws {
        try TestStores.withStore(kind) { store in
            let keywords = ["red shoes", "blue shoes"].map { ImportedKeyword(text: $0, metrics: KeywordMetrics(), sources: ["a.csv"]) }
            let (project, _) = try store.createProject(slug: "example-com", domain: "example.com",
                                                       imported: KeywordImport(keywords: keywords, files: [], warnings: []),
                                                       lexicalSpace: [], run: NewRun(kind: .create, parameters: "{}", seed: 1, batchSizes: [2]))
            let crawlID = try store.startCrawl(slug: "example-com", kind: .create, projectID: project.id, startURL: "https://example.com/",
                                               settings: "{}", robotsText: nil, warnings: [], seeds: [])
            try store.linkCrawl(crawlID: crawlID, projectID: project.id, pages: [("red shoes", "https://example.com/crawled", 0.5)])
            let id = try begin(store)
            try store.storeSearchPage(importID: id, startRow: 0, rows: [], isLast: true)
            try store.linkSearchImport(importID: id, projectID: project.id,
                                       pages: [("red shoes", "https://example.com/a", 0.75), ("unknown", "https://example.com/x", 1)])
            let pages = try store.keywordPages(projectID: project.id).map { "\($0.keyword) \($0.url) \($0.score)" }
            #expect(pages == ["red shoes https://example.com/a 0.75", "red shoes https://example.com/crawled 0.5"])
            #expect(try store.pendingSearchImport(slug: "example-com") == nil)
            #expect(try store.latestImportedSearchImport(projectID: project.id)?.id == id)
        }
    }

    @Test(arguments: StoreKind.allCases) func deletingAnImportRemovesItsRows(_ kind: StoreKind) throws {
        try TestStores.withStore(kind) { store in
            let id = try begin(store)
            try store.storeSearchPage(importID: id, startRow: 0, rows: [row("red shoes", "https://example.com/a", clicks: 5)], isLast: false)
            try store.deleteSearchImport(importID: id)
            #expect(try store.pendingSearchImport(slug: "example-com") == nil)
            var count = 0
            try store.forEachSearchImportRow(importID: id) { _ in count += 1 }
            #expect(count == 0)
        }
    }
}
