import Foundation
import Testing
@testable import Ingest

/// XLSX workbooks import like the CSV of the same rows; every kind of cell reads as a CSV of
/// the sheet would show it. The `lo_*` fixtures are written by LibreOffice Calc from the CSV
/// fixtures (Fixtures/make_workbooks.sh).
@Suite struct WorkbookImportTests {
    /// The keywords with their metrics, and the counts, of an import: what must not depend on
    /// whether the rows came in a CSV or a workbook.
    struct Outcome: Equatable {
        var keywords: [String]
        var metrics: [KeywordMetrics]
        var format: KeywordFileFormat?
        var counts: [Int]

        init(_ result: KeywordImport) {
            keywords = result.texts
            metrics = result.keywords.map(\.metrics)
            format = result.files.first?.format
            counts = result.files.first.map {
                [$0.rowsRead, $0.keywordsKept, $0.duplicates, $0.skippedEmpty, $0.skippedTooLong, $0.skippedControlCharacters]
            } ?? []
        }
    }

    @Test("a workbook LibreOffice saved from a CSV imports to the same keywords, metrics and counts", arguments: [
        "semrush_magic.csv", "gsc_queries.csv", "ahrefs_organic_new.csv", "semrush_positions.csv",
        "google_ads_search_terms.csv", "bing_queries.csv", "moz.csv", "plain_list.txt",
    ])
    func libreOfficeWorkbook(csv: String) throws {
        // Given a CSV fixture and the workbook LibreOffice Calc saved from it
        let workbook = "lo_" + (csv as NSString).deletingPathExtension + ".xlsx"
        // When each is imported alone
        let fromCSV = try Fixture.importing(csv)
        let fromWorkbook = try Fixture.importing(workbook)
        // Then both give the same keywords with the same metrics, format and counts
        #expect(Outcome(fromWorkbook) == Outcome(fromCSV))
        #expect(!fromWorkbook.keywords.isEmpty)
        // And the workbook's file names its sheet (LibreOffice names it after the CSV)
        #expect(fromWorkbook.files.first?.part == .sheet((csv as NSString).deletingPathExtension))
        // And the notices say the same, about the sheet
        #expect(fromWorkbook.warnings.count == fromCSV.warnings.count)
    }

    /// Search Console's Performance export as a workbook: the sheets it writes, in its order,
    /// with its headers; CTR as text such as "4.56%".
    static func searchConsoleWorkbook() -> WorkbookBuilder {
        var workbook = WorkbookBuilder()
        workbook.addSheet("Queries", csvLike: [
            ["Top queries", "Clicks", "Impressions", "CTR", "Position"],
            ["running shoes", "1203", "26375", "4.56%", "3.2"],
            ["Best Running Shoes", "842", "12040", "6.99%", "5.71"],
            ["trail running shoes women", "97", "3410", "2.84%", "11.4"],
            ["running  shoes", "12", "900", "1.33%", "8"],
        ])
        workbook.addSheet("Pages", csvLike: [
            ["Top pages", "Clicks", "Impressions", "CTR", "Position"],
            ["https://shop.example.com/running", "1900", "40000", "4.75%", "4.1"],
        ])
        workbook.addSheet("Countries", csvLike: [["Country", "Clicks", "Impressions", "CTR", "Position"], ["Germany", "2000", "41000", "4.88%", "4.3"]])
        workbook.addSheet("Devices", csvLike: [["Device", "Clicks", "Impressions", "CTR", "Position"], ["Mobile", "1500", "30000", "5%", "4.4"]])
        workbook.addSheet("Search appearance", csvLike: [["Search Appearance", "Clicks", "Impressions", "CTR", "Position"], ["Review snippet", "10", "200", "5%", "2"]])
        workbook.addSheet("Dates", csvLike: [["Date", "Clicks", "Impressions", "CTR", "Position"], ["2026-05-01", "70", "1400", "5%", "4.2"]])
        workbook.addSheet("Filters", csvLike: [["Filter", "Value"], ["Search type", "Web"], ["Date", "Last 3 months"]])
        return workbook
    }

    @Test("Search Console's workbook imports its Queries sheet with clicks, impressions, CTR and position")
    func searchConsoleWorkbookImports() throws {
        // Given Search Console's export as a workbook
        let path = try Fixture.temporaryFile(Self.searchConsoleWorkbook().bytes(), name: "gsc-performance.xlsx")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then the Queries sheet gives the same keywords and metrics as Search Console's Queries.csv
        #expect(Outcome(result) == Outcome(try Fixture.importing("gsc_queries.csv")))
        let running = try #require(result["running shoes"])
        #expect(running.metrics == KeywordMetrics(volume: 26375, clicks: 1203, impressions: 26375, ctr: 0.0456, position: 3.2))
        #expect(result.files.first?.part == .sheet("Queries"))
        // And the notice says why the Pages sheet gives no keyword a page
        #expect(result.warnings.contains("\(path), sheet \"Pages\": Search Console's export lists pages without their queries, "
            + "so it gives no keyword its page; only the queries were imported"))

        // And a Pages sheet that does name queries gets no such notice
        var paired = Self.searchConsoleWorkbook()
        paired.sheets[1].rows = [[.text("Query"), .text("Page"), .text("Clicks")], [.text("running shoes"), .text("https://shop.example.com/"), .number("9")]]
        let pairedPath = try Fixture.temporaryFile(paired.bytes(), name: "gsc-paired.xlsx")
        let pairedResult = try KeywordImporter.importFiles([pairedPath])
        #expect(!pairedResult.warnings.contains { $0.contains("lists pages without their queries") })
    }

    @Test("Search Console's ZIP of CSVs imports Queries.csv")
    func searchConsoleZipImports() throws {
        // Given Search Console's export as a ZIP of CSVs, Pages.csv first
        var zip = ZipBuilder()
        let csv = try String(contentsOfFile: Fixture.path("gsc_queries.csv"), encoding: .utf8)
        zip.add("Pages.csv", "Top pages,Clicks,Impressions,CTR,Position\nhttps://shop.example.com/running,1900,40000,4.75%,4.1\n")
        zip.add("Queries.csv", csv)
        zip.add("Countries.csv", "Country,Clicks,Impressions,CTR,Position\nGermany,2000,41000,4.88%,4.3\n")
        zip.add("Devices.csv", "Device,Clicks,Impressions,CTR,Position\nMobile,1500,30000,5%,4.4\n", compressed: false)
        zip.add("Search appearance.csv", "Search Appearance,Clicks,Impressions,CTR,Position\nReview snippet,10,200,5%,2\n")
        zip.add("Dates.csv", "Date,Clicks,Impressions,CTR,Position\n2026-05-01,70,1400,5%,4.2\n")
        zip.add("Filters.csv", "Filter,Value\nSearch type,Web\n")
        let path = try Fixture.temporaryFile(zip.bytes(), name: "gsc-performance.zip")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then Queries.csv is imported as the CSV alone would be
        #expect(Outcome(result) == Outcome(try Fixture.importing("gsc_queries.csv")))
        #expect(result.files.first?.part == .archiveEntry("Queries.csv"))
        #expect(result.keywords.first?.sources == [path])
        #expect(result.warnings.contains { $0.hasPrefix("\(path), Pages.csv: Search Console's export lists pages without their queries") })

        // And --sheet picks another file, whose missing keyword column is named with its file and line
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path], sheet: "Countries") }
        #expect(error?.description == "\(path), Countries.csv, line 1: missing keyword column: no header names a keyword column "
            + "(found \"Country\", \"Clicks\", \"Impressions\", \"CTR\", \"Position\"). "
            + "Fix: pass --column=NAME with the header of the column that holds the keywords.")
    }

    @Test("--sheet picks the sheet; a sheet without keywords is named with its header")
    func sheetOption() throws {
        let path = try Fixture.temporaryFile(Self.searchConsoleWorkbook().bytes(), name: "gsc.xlsx")
        // Given --sheet naming the Pages sheet, which has no query column
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path], sheet: "pages") }
        // Then the error names the sheet, its header row and what it found
        #expect(error?.description == "\(path), sheet \"Pages\", row 1: missing keyword column: no header names a keyword column "
            + "(found \"Top pages\", \"Clicks\", \"Impressions\", \"CTR\", \"Position\"). "
            + "Fix: pass --column=NAME with the header of the column that holds the keywords.")
        // And --column makes that sheet a keyword source after all
        let pages = try KeywordImporter.importFiles([path], column: "Top pages", sheet: "Pages")
        #expect(pages.texts == ["https://shop.example.com/running"])
        // And a sheet that does not exist is refused with the list of sheets
        let missing = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path], sheet: "Keywords") }
        #expect(missing?.problem == "no sheet named \"Keywords\" in the workbook (sheets: \"Queries\", \"Pages\", \"Countries\", "
            + "\"Devices\", \"Search appearance\", \"Dates\", \"Filters\")")
    }

    @Test("every kind of cell reads as the sheet shows it")
    func cellKinds() throws {
        // Given a sheet with rich text, inline strings, escapes, formula text, dates, stored
        // numbers (one that a CSV would read as a thousands group) and gaps between cells
        var workbook = WorkbookBuilder()
        workbook.addSheet("Keywords", [
            [.empty, .text("Keyword"), .text("Volume"), .text("CPC"), .text("Competition")],
            [.empty, .richText(["running ", "Shoes"]), .number("1.234"), .number("1.2E-1"), .number("0.5")],
            [.empty, .inline("snow_x0020_boots"), .number("1500"), .empty, .text("High")],
            [.empty, .formulaText("hiking boots"), .empty, .number("0.75")],
            [],
            [.empty, .date(45778), .number("20")],
            [.empty, .number("404"), .number("7")],
        ])
        let path = try Fixture.temporaryFile(workbook.bytes(), name: "kinds.xlsx")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then each cell reads as shown: runs joined without the phonetic guide, the escape
        // decoded, the formula's result, the date as an ISO date, numbers as stored
        #expect(result.texts == ["running shoes", "snow boots", "hiking boots", "2025-05-01", "404"])
        #expect(result["running shoes"]?.metrics == KeywordMetrics(volume: 1, cpc: 0.12, competition: 0.5))
        #expect(result["snow boots"]?.metrics == KeywordMetrics(volume: 1500, competition: 0.83))
        #expect(result["hiking boots"]?.metrics == KeywordMetrics(cpc: 0.75))
        #expect(result["2025-05-01"]?.metrics.volume == 20)
        #expect(result.files.first?.rowsRead == 5)
    }

    @Test("true/false cells are booleans, as Ahrefs' intent columns hold them")
    func booleans() throws {
        var workbook = WorkbookBuilder()
        workbook.addSheet("Organic keywords", [
            [.text("Keyword"), .text("Volume"), .text("KD"), .text("Current position"), .text("Branded"), .text("Informational")],
            [.text("example shoes store"), .number("1300"), .number("2"), .number("1"), .boolean(true), .boolean(false)],
            [.text("what are trail shoes"), .number("880"), .number("12"), .number("4"), .boolean(false), .boolean(true)],
        ])
        let path = try Fixture.temporaryFile(workbook.bytes(), name: "organic.xlsx")
        let result = try KeywordImporter.importFiles([path])
        #expect(result.files.first?.format == .ahrefsOrganicKeywords)
        #expect(result["example shoes store"]?.metrics.intent == "branded")
        #expect(result["what are trail shoes"]?.metrics.intent == "informational")
    }

    @Test("a sheet larger than the read-ahead imports every row, after a probe that stopped early")
    func largeSheet() throws {
        // Given a 25,000-row sheet (about 1.8 MB of XML: more 256 KB chunks than are inflated ahead)
        let rows = 25_000
        var workbook = WorkbookBuilder()
        workbook.addSheet("Keywords", [[.text("Keyword"), .text("Volume"), .text("CPC")]]
            + (0..<rows).map { [.inline("shoe model \($0)"), .number("\($0 % 5000)"), .number("0.\($0 % 10)5")] })
        let path = try Fixture.temporaryFile(workbook.bytes(), name: "large.xlsx")
        // When it is imported (the header probe stops reading after row 1 while chunks wait)
        let result = try KeywordImporter.importFiles([path])
        // Then every row arrives in order with its metrics
        #expect(result.keywords.count == rows)
        #expect(result.files.first?.rowsRead == rows)
        #expect(result.keywords.last?.text == "shoe model \(rows - 1)")
        #expect(result["shoe model 12345"]?.metrics == KeywordMetrics(volume: 2345, cpc: 0.55))
    }

    @Test("Excel date serials become dates in both date systems")
    func dates() {
        #expect(ExcelDate.text(serial: 45778, uses1904Dates: false) == "2025-05-01")
        #expect(ExcelDate.text(serial: 45778.5, uses1904Dates: false) == "2025-05-01 12:00:00")
        #expect(ExcelDate.text(serial: 44316, uses1904Dates: true) == "2025-05-01")
        #expect(ExcelDate.text(serial: 61, uses1904Dates: false) == "1900-03-01")
        #expect(Workbook.isDateFormat("yyyy\\-mm\\-dd") && Workbook.isDateFormat("[$-409]d/m/yy h:mm AM/PM"))
        #expect(!Workbook.isDateFormat("0.00%") && !Workbook.isDateFormat("#,##0 \"days\"") && !Workbook.isDateFormat("[Red]0.0"))
    }

    @Test("a header-only sheet has no data rows, said with its sheet and row")
    func headerOnly() throws {
        var workbook = WorkbookBuilder()
        workbook.addSheet("Keywords", csvLike: [["Keyword", "Volume"]])
        let path = try Fixture.temporaryFile(workbook.bytes(), name: "empty.xlsx")
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path]) }
        #expect(error?.description == "\(path), sheet \"Keywords\", row 2: no keywords found: the sheet has no data rows. "
            + "Fix: export the report again with at least one keyword.")
    }
}
