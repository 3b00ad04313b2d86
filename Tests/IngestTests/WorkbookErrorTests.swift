import Foundation
import Testing
@testable import Ingest

/// Workbooks and archives that cannot be imported each say what they are and what to do.
@Suite struct WorkbookErrorTests {
    static func error(_ bytes: [UInt8], name: String = "keywords.xlsx", sheet: String? = nil) throws -> (IngestError?, String) {
        let path = try Fixture.temporaryFile(bytes, name: name)
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path], sheet: sheet) }
        return (error, path)
    }

    /// A workbook whose one sheet has a keyword header and `rows` more rows of keywords.
    static func workbook(rows: Int = 2) -> WorkbookBuilder {
        var workbook = WorkbookBuilder()
        workbook.addSheet("Keywords", csvLike: [["Keyword", "Volume"]] + (0..<rows).map { ["running shoes \($0)", "\($0 * 10)"] })
        return workbook
    }

    @Test("a password-protected workbook is named as encrypted")
    func encrypted() {
        // Given a workbook encrypted by Office's standard encryption (msoffcrypto-tool)
        let error = Fixture.error(importing: "encrypted_semrush_magic.xlsx")
        #expect(error?.problem == "this workbook is password-protected (encrypted), so kwcluster cannot read it")
        #expect(error?.hint.hasPrefix("open it in Excel with its password, save a copy without one") == true)
    }

    @Test("an old binary .xls workbook is named as such")
    func legacyWorkbook() {
        // Given a workbook LibreOffice saved as Excel 97-2003 (.xls)
        let error = Fixture.error(importing: "lo_semrush_magic.xls")
        #expect(error?.problem == "this is an old-format Excel workbook (.xls), which kwcluster does not read")
        #expect(error?.hint == "open it in Excel or LibreOffice and save it as .xlsx (or as CSV UTF-8), and import that.")
    }

    @Test("a workbook with no keyword sheet lists its sheets and their headers")
    func noKeywordSheet() throws {
        var workbook = WorkbookBuilder()
        workbook.addSheet("Products", csvLike: [["Report of May"], [], ["Name", "Price"], ["Trail shoe", "99"]])
        workbook.addSheet("Notes", [])
        workbook.addSheet("Totals", csvLike: [["Total", "Sum"], ["all", "99"]])
        let (error, path) = try Self.error(workbook.bytes())
        #expect(error?.description == "\(path): no sheet has a keyword column: \"Products\" (row 1: \"Report of May\"); \"Notes\" (empty); "
            + "\"Totals\" (row 1: \"Total\", \"Sum\"). "
            + "Fix: pass --column=NAME with the header of the column that holds the keywords (and --sheet=NAME for its sheet).")
    }

    @Test("a sheet of one column without a header is a plain list")
    func plainListSheet() throws {
        var workbook = WorkbookBuilder()
        workbook.addSheet("Totals", csvLike: [["Total", "Sum"], ["all", "99"]])
        workbook.addSheet("List", csvLike: [["running shoes"], ["trail shoes"]])
        let path = try Fixture.temporaryFile(workbook.bytes(), name: "list.xlsx")
        let result = try KeywordImporter.importFiles([path])
        #expect(result.texts == ["running shoes", "trail shoes"])
        #expect(result.files.first?.format == .plainList)
        #expect(result.files.first?.part == .sheet("List"))
    }

    @Test("a zip bomb is refused before it is inflated")
    func zipBombByRatio() throws {
        // Given a workbook whose sheet is 8 MB of XML that deflates to a few KB (about 1000:1)
        var workbook = Self.workbook()
        workbook.sheets[0].rawXML = "<worksheet><sheetData>" + String(repeating: " ", count: 8 << 20) + "</sheetData></worksheet>"
        let (error, _) = try Self.error(workbook.bytes())
        // Then it is refused with its sizes, as a likely zip bomb
        let problem = try #require(error?.problem)
        #expect(problem.hasPrefix("xl/worksheets/sheet1.xml would inflate from 8 KB to 8.0 MB (10"))
        #expect(problem.hasSuffix(":1), past what kwcluster reads (4.0 GB, 200:1): this looks like a zip bomb"))
    }

    @Test("an entry that inflates past its declared size is refused")
    func zipBombBySize() throws {
        // Given a workbook whose sheet's directory entry declares 200 bytes for 60 KB of XML
        var zip = Self.workbook(rows: 2000).zip()
        let sheet = try #require(zip.entries.firstIndex { $0.name == "xl/worksheets/sheet1.xml" })
        zip.entries[sheet].declaredSize = 200
        let (error, path) = try Self.error(zip.bytes())
        #expect(error?.description == "\(path), sheet \"Keywords\": xl/worksheets/sheet1.xml inflates past the 200 bytes its ZIP directory declares: "
            + "this looks like a zip bomb or a damaged file (in or just after row 1). "
            + "Fix: if the file is genuine, export it again or save the data as CSV and import that.")
    }

    @Test("damaged archives say what is damaged")
    func damaged() throws {
        // Given a LibreOffice workbook cut in half
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Fixture.path("lo_semrush_magic.xlsx"))))
        let (cut, _) = try Self.error(Array(bytes[0..<(bytes.count / 2)]))
        #expect(cut?.problem == "the ZIP archive is damaged (no end of central directory record: the file is cut short or not a ZIP archive)")

        // Given stored shared strings with one letter changed after they were written
        var zip = Self.workbook().zip()
        let strings = try #require(zip.entries.firstIndex { $0.name == "xl/sharedStrings.xml" })
        zip.entries[strings].compressed = false
        var changed = zip.bytes()
        let marker = Array("running shoes 1".utf8)
        let at = try #require((0..<(changed.count - marker.count)).first { changed[$0..<($0 + marker.count)].elementsEqual(marker) })
        changed[at] = UInt8(ascii: "R")
        let (crc, _) = try Self.error(changed)
        #expect(crc?.problem.hasPrefix("the ZIP archive is damaged (xl/sharedStrings.xml: its CRC-32 is ") == true, "\(String(describing: crc))")

        // Given a deflated sheet whose compressed bytes are garbled
        var garbled = Self.workbook(rows: 200).bytes()
        let entry = try ZipArchive(bytes: garbled, file: "x").entry(named: "xl/worksheets/sheet1.xml")
        let start = try #require(entry).localHeaderOffset + 30 + "xl/worksheets/sheet1.xml".utf8.count
        for offset in 10..<40 { garbled[start + offset] = 0xFF }
        let (inflate, _) = try Self.error(garbled)
        #expect(inflate?.problem.hasPrefix("the ZIP archive is damaged (xl/worksheets/sheet1.xml: ") == true, "\(String(describing: inflate))")
        #expect(inflate?.part == .sheet("Keywords"))
    }

    @Test("an Excel binary workbook and an OpenDocument spreadsheet are named for what they are", arguments: [
        ("xl/workbook.bin", "binary parts", "keywords.xlsb", "this is an Excel binary workbook (.xlsb), which kwcluster does not read"),
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet", "keywords.ods",
         "this is an OpenDocument spreadsheet (.ods), which kwcluster does not read"),
    ])
    func otherSpreadsheets(entry: String, content: String, name: String, problem: String) throws {
        var zip = ZipBuilder()
        zip.add(entry, content, compressed: false)
        zip.add("[Content_Types].xml", "<Types/>")
        zip.add("xl/_rels/workbook.bin.rels", "<Relationships/>")
        let (error, _) = try Self.error(zip.bytes(), name: name)
        #expect(error?.problem == problem)
        #expect(error?.hint == "open it in Excel or LibreOffice and save it as .xlsx (or as CSV UTF-8), and import that.")
    }

    @Test("an entity expansion bomb in a workbook's XML is refused at once", arguments: [false, true])
    func entityExpansion(inSheet: Bool) throws {
        // Given shared strings, or a sheet, with an entity that would expand to 10^9 "lol"s
        let levels = (1...9).map { level in
            "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }.joined()
        let doctype = { (root: String) in "<?xml version=\"1.0\"?><!DOCTYPE \(root) [<!ENTITY lol0 \"lol\">\(levels)]>" }
        var workbook = Self.workbook()
        if inSheet {
            workbook.sheets[0].rawXML = doctype("worksheet") + "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Keyword</t></is></c></row>"
                + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
        } else {
            workbook.rawSharedStrings = doctype("sst") + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<si><t>&lol9;</t></si></sst>"
        }
        let path = try Fixture.temporaryFile(workbook.bytes(), name: "laughs.xlsx")
        // When it is imported, then libxml2's guard stops it as malformed, without expanding it
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path]) }
        let part = inSheet ? "xl/worksheets/sheet1.xml" : "xl/sharedStrings.xml"
        #expect(error?.problem.hasPrefix("\(part) is not well-formed XML (line 1: ") == true, "\(String(describing: error))")
    }

    @Test("a workbook whose sheets have no relationships is damaged")
    func missingRelationships() throws {
        // Given a workbook without xl/_rels/workbook.xml.rels (its sheets lead nowhere)
        var zip = Self.workbook().zip()
        zip.entries.removeAll { $0.name == "xl/_rels/workbook.xml.rels" }
        let (error, _) = try Self.error(zip.bytes())
        #expect(error?.problem == "the ZIP archive is damaged (the workbook lists sheet \"Keywords\" without saying where its cells are "
            + "(no relationship for it in the workbook's .rels part))")
    }

    @Test("malformed sheet XML and a missing shared string are named with their sheet and row")
    func malformedSheet() throws {
        var workbook = Self.workbook()
        workbook.sheets[0].rawXML = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Keyword</t></is></c></row>"
            + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>shoes</t></is></c></row><row r=\"3\"><c r=\"A3\"></row></sheetData></worksheet>"
        let (error, path) = try Self.error(workbook.bytes())
        #expect(error?.description == "\(path), sheet \"Keywords\": xl/worksheets/sheet1.xml is not well-formed XML "
            + "(line 1: Opening and ending tag mismatch: c line 1 and row) (in or just after row 3). "
            + "Fix: open the workbook in Excel or LibreOffice and save it again, or export the data as CSV.")

        workbook.sheets[0].rawXML = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Keyword</t></is></c></row>"
            + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>99</v></c></row></sheetData></worksheet>"
        let (missing, _) = try Self.error(workbook.bytes())
        #expect(missing?.line == 2)
        #expect(missing?.part == .sheet("Keywords"))
        #expect(missing?.problem == "cell A2 refers to shared string 99, but the workbook has 0")
    }

    @Test("a password-protected ZIP entry and a ZIP without keyword files are refused")
    func archives() throws {
        var zip = ZipBuilder()
        zip.add("Queries.csv", "Top queries,Clicks\nshoes,1\n")
        zip.entries[0].encrypted = true
        let (encrypted, _) = try Self.error(zip.bytes(), name: "export.zip")
        #expect(encrypted?.problem == "Queries.csv in the ZIP archive is password-protected")

        var images = ZipBuilder()
        images.add("logo.png", "not really a picture")
        let (noCSV, _) = try Self.error(images.bytes(), name: "export.zip")
        #expect(noCSV?.problem == "this ZIP archive holds no workbook and no CSV (files: \"logo.png\")")

        var other = ZipBuilder()
        other.add("Dates.csv", "Date,Clicks\n2026-05-01,70\n")
        let (noKeywords, _) = try Self.error(other.bytes(), name: "export.zip")
        #expect(noKeywords?.problem == "no CSV in the ZIP archive has a keyword column: Dates.csv (missing keyword column: "
            + "no header names a keyword column (found \"Date\", \"Clicks\"))")
    }
}
