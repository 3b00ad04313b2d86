import Foundation

/// The fixed parts of an XLSX package (Office Open XML, SpreadsheetML) around its worksheets:
/// content types, relationships, the workbook with its sheets and filter ranges, styles, and
/// the document properties.
enum XlsxWorkbook {
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    private static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// The cell style of header rows (index into `cellXfs` of styles.xml): bold on grey.
    static let headerStyle = 1

    /// One worksheet as the workbook lists it.
    struct Sheet {
        var name: String
        /// The autofilter range, e.g. `A1:K42`.
        var filterRange: String
    }

    static func path(ofSheet index: Int) -> String { "xl/worksheets/sheet\(index + 1).xml" }

    /// Writes every part except the worksheets (already written) into `zip`.
    static func writeParts(sheets: [Sheet], title: String, zip: ZipWriter, created: Date = Date()) throws {
        try zip.addEntry("[Content_Types].xml", text: contentTypes(sheetCount: sheets.count))
        try zip.addEntry("_rels/.rels", text: rootRelationships)
        try zip.addEntry("docProps/core.xml", text: coreProperties(title: title, created: created))
        try zip.addEntry("docProps/app.xml", text: appProperties)
        try zip.addEntry("xl/workbook.xml", text: workbook(sheets: sheets))
        try zip.addEntry("xl/_rels/workbook.xml.rels", text: workbookRelationships(sheetCount: sheets.count))
        try zip.addEntry("xl/styles.xml", text: styles)
    }

    static func contentTypes(sheetCount: Int) -> String {
        let sheetTypes = (0..<sheetCount).map {
            "<Override PartName=\"/\(path(ofSheet: $0))\" "
                + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + sheetTypes
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
            + "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
            + "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
            + "</Types>"
    }

    static let rootRelationships = declaration + "<Relationships xmlns=\"\(packageRelationships)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
        + "Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"\(relationshipNamespace)/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "</Relationships>"

    /// The workbook: its sheets in order and, per sheet, the hidden name Excel keeps for the
    /// autofilter's range.
    static func workbook(sheets: [Sheet]) -> String {
        let list = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(XlsxText.escaped(sheet.name).xml)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        let filters = sheets.enumerated().map { index, sheet in
            "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                + "\(XlsxText.escaped("'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'").xml)!\(absolute(sheet.filterRange))"
                + "</definedName>"
        }.joined()
        return declaration + "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
            + "<bookViews><workbookView activeTab=\"0\"/></bookViews>"
            + "<sheets>\(list)</sheets><definedNames>\(filters)</definedNames></workbook>"
    }

    /// `A1:K42` as `$A$1:$K$42`.
    private static func absolute(_ range: String) -> String {
        range.split(separator: ":").map { corner in
            let letters = corner.prefix { $0.isLetter }
            return "$\(letters)$\(corner.dropFirst(letters.count))"
        }.joined(separator: ":")
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        let sheets = (0..<sheetCount).map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relationshipNamespace)/worksheet\" "
                + "Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        return declaration + "<Relationships xmlns=\"\(packageRelationships)\">" + sheets
            + "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
            + "</Relationships>"
    }

    /// Two cell formats: 0 the default, 1 (`headerStyle`) bold on light grey.
    static let styles = declaration + "<styleSheet xmlns=\"\(mainNamespace)\">"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE7E6E6\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    static func coreProperties(title: String, created: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let date = formatter.string(from: created)
        return declaration + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>\(XlsxText.escaped(title).xml)</dc:title><dc:creator>kwcluster</dc:creator>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(date)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(date)</dcterms:modified>"
            + "</cp:coreProperties>"
    }

    static let appProperties = declaration
        + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        + "<Application>kwcluster</Application></Properties>"
}
