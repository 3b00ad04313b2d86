import Foundation
import Lab
import Persistence
@testable import Pipeline
@testable import Reports
import Testing

/// The workbook read back by a real spreadsheet: LibreOffice converts every sheet to CSV, and
/// each must hold what kwcluster's own CSV export of the same project holds (columns taken from
/// that export, never listed here). Text cells compare as text, numbers as numbers.
// Skipped with a message when soffice is missing on a developer machine; with CI=true the
// tests run anyway and fail, so CI cannot pass without LibreOffice (scripts/install-deps.sh installs it).
@Suite(.enabled(if: LibreOffice.isAvailableOrRequired, "soffice (LibreOffice) is not installed: apt-get install libreoffice-calc-nogui"))
struct XlsxLibreOfficeTests {
    @Test func everySheetReadsBackAsTheCSVExport() async throws {
        let set = SyntheticKeywordSet.generate(count: 240, topics: 8)
        let project = try await ClusteredProject(csv: SyntheticKeywordSet.csv(set), clusters: 8)
        defer { project.remove() }
        try checkRoundTrip(project)
    }

    @Test func awkwardTextStaysExactlyAsTyped() async throws {
        let awkward = [
            "\"say \"\"hello\"\" to the garden\",100,0.5",
            "a < b & c > d garden,90,",
            "=SUM(A1) garden tools,80,1.25",
            "+1 garden phone,70,",
            "-5 degrees garden,60,",
            "@home garden gym,50,",
            "🌱 garden emoji 🌻,40,",
            "حديقة المنزل garden,30,",
            "גינה ביתית garden,20,",
            "_x0041_ garden escape,10,",
            "\"garden, with a comma\",5,0.000012345",
            "'quoted' garden,4,",
        ]
        let filler = SyntheticKeywordSet.generate(count: 60, topics: 3).map { "\($0.text),\($0.volume)," }
        let project = try await ClusteredProject(csv: (["Keyword,Volume,CPC"] + awkward + filler).joined(separator: "\n") + "\n",
                                                 clusters: 3)
        defer { project.remove() }
        let keywordCSV = try project.csvExport(clusterLevel: false)
        // The project really holds the awkward text (or this test would prove nothing).
        for fragment in ["'=sum(a1)", "<", "&", "🌱", "حديقة", "גינה", "_x0041_", "\"\"hello\"\""] {
            #expect(keywordCSV.contains(fragment), "the keyword export lacks \(fragment)")
        }
        let sheets = try checkRoundTrip(project)
        let keywords = Set((sheets["Keywords"] ?? []).compactMap { $0.first?.text })
        #expect(keywords.contains { $0.hasPrefix("=sum(a1)") })
        #expect(keywords.contains { $0.hasPrefix("_x0041_") })
    }

    @Test func crawlPageColumnsReadBackToo() async throws {
        // Given a project whose keywords are tied to pages of the site, as a crawl ties them:
        // most of a topic's keywords to one page, some to a second (possible cannibalisation)
        let set = SyntheticKeywordSet.generate(count: 160, topics: 5)
        let project = try await ClusteredProject(csv: SyntheticKeywordSet.csv(set), clusters: 5)
        defer { project.remove() }
        let crawl = try project.store.startCrawl(slug: project.project.slug, kind: .create, projectID: project.project.id,
                                                 startURL: "https://example.com/", settings: "{}", robotsText: nil, warnings: [], seeds: [])
        let pages = set.enumerated().map { index, keyword in
            (keyword: keyword.text,
             url: index % 7 == 0 ? "https://example.com/search?q=\(keyword.topic)&page=2" : "https://example.com/topic/\(keyword.topic)",
             score: 3.0)
        }
        try project.store.linkCrawl(crawlID: crawl, projectID: project.project.id, pages: pages)

        // Then the CSV export has the crawl's columns filled (or this test would prove nothing)
        let keywords = parseCSV(try project.csvExport(clusterLevel: false))
        let clusters = parseCSV(try project.csvExport(clusterLevel: true))
        let pageURL = try #require(keywords.first?.firstIndex { $0.text == "page_url" })
        #expect(keywords.dropFirst().allSatisfy { $0[pageURL].text.hasPrefix("https://example.com/") })
        let cannibalisation = try #require(clusters.first?.firstIndex { $0.text == "possible_cannibalisation" })
        #expect(clusters.dropFirst().contains { $0[cannibalisation].text == "true" })
        let pageURLs = try #require(clusters.first?.firstIndex { $0.text == "page_urls" })
        #expect(clusters.dropFirst().contains { $0[pageURLs].text.contains(";") })

        // And the workbook reads back as that export, sheet by sheet
        let sheets = try checkRoundTrip(project)
        #expect(sheets["Keywords"]?.first?.suffix(5).map(\.text)
                == ["page_url", "possible_cannibalisation", "page_type", "pillar_id", "pillar_title"])
        #expect(sheets["Clusters"]?.first?.suffix(6).map(\.text)
                == ["page_url", "page_urls", "possible_cannibalisation", "page_type", "pillar_id", "pillar_title"])
    }

    /// Exports the workbook, has LibreOffice convert it, and compares each sheet with the CSV
    /// export of the same level. Returns the parsed sheets.
    @discardableResult
    private func checkRoundTrip(_ project: ClusteredProject) throws -> [String: [[CSVCell]]] {
        let workbook = project.folder.appendingPathComponent("plan.xlsx")
        let summary = try XlsxExporter.export(project: project.project, store: project.store, to: workbook.path)
        let conversion = try LibreOffice.convertSheets(workbook, sheetNames: XlsxExporter.sheetNames)
        #expect(conversion.status == 0, "soffice failed: \(conversion.output)")
        #expect(!conversion.output.localizedCaseInsensitiveContains("error"), "soffice said: \(conversion.output)")

        var sheets: [String: [[CSVCell]]] = [:]
        for name in XlsxExporter.sheetNames {
            let text = try #require(conversion.sheets[name], "LibreOffice wrote no \(name) sheet: \(conversion.output)")
            sheets[name] = parseCSV(text)
        }
        let clusters = parseCSV(try project.csvExport(clusterLevel: true))
        let keywords = parseCSV(try project.csvExport(clusterLevel: false))
        compare(sheets["Clusters"] ?? [], with: clusters, sheet: "Clusters")
        compare(sheets["Keywords"] ?? [], with: keywords, sheet: "Keywords")
        #expect(summary.clusters == clusters.count - 1)
        #expect(summary.keywords == keywords.count - 1)

        let status = try StatusReport.make(project: project.project, store: project.store, showBatches: true)
        let latest = try #require(status.runs.last)
        let batchColumns = XlsxExporter.batchColumns(runID: latest.id)
        let batchCSV = batchColumns.map(\.name).joined(separator: ",") + "\n"
            + (latest.batches ?? []).map { ExportColumn.csvLine($0, columns: batchColumns) }.joined()
        #expect((latest.batches ?? []).count == latest.totalBatches)
        compare(sheets["Batches"] ?? [], with: parseCSV(batchCSV), sheet: "Batches")

        // The Pillars sheet: one row per pillar, as the exports' pillar columns give them
        let plans = try TopicPlans.read(projectID: project.project.id, store: project.store)
        let pillars = try TopicPillars.read(projectID: project.project.id,
                                            rows: try project.store.clusterExportRows(projectID: project.project.id),
                                            plans: plans, store: project.store)
        #expect(pillars.count >= 1)
        #expect(summary.pillars == pillars.count)
        let pillarCSV = XlsxExporter.pillarColumns.map(\.name).joined(separator: ",") + "\n"
            + pillars.pillars.map { ExportColumn.csvLine($0, columns: XlsxExporter.pillarColumns) }.joined()
        compare(sheets["Pillars"] ?? [], with: parseCSV(pillarCSV), sheet: "Pillars")
        #expect(pillars.pillars.map(\.topics.count).reduce(0, +) == clusters.count - 1)

        // Numbers are number cells (LibreOffice leaves them unquoted), text is text.
        for (name, column) in [("Keywords", "volume"), ("Keywords", "similarity"), ("Clusters", "total_volume")] {
            let rows = sheets[name] ?? []
            let index = try #require(rows.first?.firstIndex { $0.text == column }, "\(name) has no \(column) column")
            let cells = rows.dropFirst().map { $0[index] }.filter { !$0.text.isEmpty }
            #expect(!cells.isEmpty && cells.allSatisfy { !$0.quoted }, "\(name).\(column) holds text cells")
        }
        try checkStructure(workbook, sheets: sheets)
        return sheets
    }

    /// Cell by cell: same rows, same columns, same values.
    private func compare(_ sheet: [[CSVCell]], with export: [[CSVCell]], sheet name: String) {
        #expect(sheet.count == export.count, "\(name): \(sheet.count) rows, the CSV export has \(export.count)")
        #expect(sheet.first?.map(\.text) == export.first?.map(\.text), "\(name): header differs")
        var mismatches: [String] = []
        for (row, (cells, expected)) in zip(sheet, export).enumerated() {
            guard cells.count == expected.count else {
                mismatches.append("row \(row + 1): \(cells.count) cells, expected \(expected.count)")
                continue
            }
            for (column, (cell, field)) in zip(cells, expected).enumerated() where !sameValue(cell, field) {
                mismatches.append("row \(row + 1) \(export[0][column].text): workbook \(cell), CSV \(field)")
            }
        }
        #expect(mismatches.isEmpty, "\(name): \(mismatches.prefix(10).joined(separator: "; "))")
    }

    /// Whether LibreOffice's cell holds the CSV export's field: text exactly (the CSV's leading
    /// apostrophe against formulas is not in the workbook, whose text is never a formula),
    /// numbers as numbers (LibreOffice writes 15 significant digits, kwcluster the shortest
    /// exact form: equal to 15 digits), booleans whatever their case.
    private func sameValue(_ cell: CSVCell, _ field: CSVCell) -> Bool {
        if cell.quoted {
            var expected = field.text
            if expected.hasPrefix("'"), let next = expected.unicodeScalars.dropFirst().first, "=+-@\t\r".unicodeScalars.contains(next) {
                expected.removeFirst()
            }
            return cell.text == expected
        }
        if cell.text.isEmpty || field.text.isEmpty { return cell.text == field.text }
        if ["true", "false"].contains(cell.text.lowercased()) { return cell.text.lowercased() == field.text }
        guard let number = Double(cell.text), let expected = Double(field.text) else { return false }
        return abs(number - expected) <= 1e-14 * max(abs(number), abs(expected))
    }

    /// The package as a ZIP that Debian's unzip accepts, and each sheet's frozen header row
    /// and autofilter over its rows; no cell is a formula.
    private func checkStructure(_ workbook: URL, sheets: [String: [[CSVCell]]]) throws {
        let test = try runTool("/usr/bin/unzip", ["-t", workbook.path])
        #expect(test.status == 0, "unzip -t: \(String(decoding: test.output, as: UTF8.self))")
        for (index, name) in XlsxExporter.sheetNames.enumerated() {
            let part = try runTool("/usr/bin/unzip", ["-p", workbook.path, XlsxWorkbook.path(ofSheet: index)])
            let xml = String(decoding: part.output, as: UTF8.self)
            let rows = sheets[name] ?? []
            let lastColumn = XlsxText.columnName((rows.first?.count ?? 1) - 1)
            #expect(xml.contains("state=\"frozen\"") && xml.contains("ySplit=\"1\""), "\(name): header not frozen")
            #expect(xml.contains("<autoFilter ref=\"A1:\(lastColumn)\(rows.count)\"/>"), "\(name): no autofilter over A1:\(lastColumn)\(rows.count)")
            #expect(!xml.contains("<f>") && !xml.contains("<f "), "\(name): a cell holds a formula")
        }
    }
}
