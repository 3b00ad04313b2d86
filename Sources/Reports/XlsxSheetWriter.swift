import Foundation
import Pipeline

/// Why a workbook could not be written.
public enum XlsxError: Error, CustomStringConvertible, Equatable {
    case tooManyRows(sheet: String, rows: Int)
    case tooManyColumns(sheet: String, columns: Int)

    public var description: String {
        switch self {
        case .tooManyRows(let sheet, let rows):
            "the \(sheet) sheet would need \(rows) rows with its header, above Excel's limit of \(XlsxText.maximumRows) rows per sheet: "
                + "export CSV instead (`--format=csv`), which has no row limit"
        case .tooManyColumns(let sheet, let columns):
            "the \(sheet) sheet would need \(columns) columns, above Excel's limit of \(XlsxText.maximumColumns)"
        }
    }
}

/// Streams one worksheet into the open entry of a `ZipWriter`: a bold header row that stays
/// frozen, column widths from the header and the first rows, one row per value list (numbers
/// as numbers, booleans as booleans, text as inline strings), and an autofilter over it all.
/// Only the first `sampleRows` rows are held (for the widths); the rest go straight to the zip.
final class XlsxSheetWriter {
    let name: String
    private let columns: [String]
    private let zip: ZipWriter
    private let selected: Bool
    private let sampleRows: Int
    private var sample: [[ExportValue]] = []
    private var started = false
    private var buffer = ""
    private let columnNames: [String]
    /// Data rows written (the header not counted).
    private(set) var rowCount = 0
    /// Text cells cut to Excel's 32,767 characters.
    private(set) var truncatedCells = 0

    /// Starts the sheet `name` with `columns` as its header, in `zip`'s current entry.
    init(name: String, columns: [String], zip: ZipWriter, selected: Bool, sampleRows: Int = 1_000) throws {
        guard columns.count <= XlsxText.maximumColumns else { throw XlsxError.tooManyColumns(sheet: name, columns: columns.count) }
        self.name = name
        self.columns = columns
        self.zip = zip
        self.selected = selected
        self.sampleRows = sampleRows
        columnNames = columns.indices.map(XlsxText.columnName)
        buffer.reserveCapacity(1 << 17)
    }

    /// Adds one row; `values` follow the header's columns.
    /// - Complexity: O(length of the row's text)
    func append(_ values: [ExportValue]) throws {
        guard rowCount + 2 <= XlsxText.maximumRows else { throw XlsxError.tooManyRows(sheet: name, rows: rowCount + 2) }
        rowCount += 1
        if !started {
            sample.append(values)
            if sample.count >= sampleRows { try start() }
            return
        }
        writeRow(values, number: rowCount + 1)
        if buffer.utf8.count >= 1 << 16 { try drain() }
    }

    /// Ends the sheet: the rows still held, the autofilter, the closing tags.
    /// - Returns: the range the autofilter covers, e.g. `A1:K42`.
    @discardableResult
    func finish() throws -> String {
        if !started { try start() }
        let range = "A1:\(columnNames.last ?? "A")\(rowCount + 1)"
        buffer += "</sheetData><autoFilter ref=\"\(range)\"/>"
        buffer += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>"
        try drain()
        return range
    }

    /// Writes everything before the data rows (the widths need the sample), then the sample.
    private func start() throws {
        started = true
        buffer += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        buffer += "<worksheet xmlns=\"\(XlsxWorkbook.mainNamespace)\" xmlns:r=\"\(XlsxWorkbook.relationshipNamespace)\">"
        buffer += "<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>"
        buffer += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        buffer += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        buffer += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for (index, width) in columnWidths().enumerated() {
            buffer += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        buffer += "</cols><sheetData>"
        writeRow(columns.map(ExportValue.text), number: 1, style: XlsxWorkbook.headerStyle)
        for (index, values) in sample.enumerated() {
            writeRow(values, number: index + 2)
        }
        sample = []
        try drain()
    }

    /// A width per column, in characters: the longest of the header (bold, plus the filter
    /// button) and the sampled values, between 6 and 60.
    private func columnWidths() -> [Int] {
        columns.indices.map { column in
            var widest = columns[column].count + 3
            for row in sample where column < row.count {
                let length: Int
                switch row[column] {
                case .text(let text): length = text.count
                case .integer(let value): length = String(value).count
                case .real(let value): length = min(String(value).count, 12)
                case .boolean: length = 5
                case .empty: length = 0
                }
                widest = max(widest, length + 1)
            }
            return min(max(widest, 6), 60)
        }
    }

    private func writeRow(_ values: [ExportValue], number: Int, style: Int? = nil) {
        let styleAttribute = style.map { " s=\"\($0)\"" } ?? ""
        buffer += "<row r=\"\(number)\">"
        for (column, value) in values.enumerated() where column < columnNames.count {
            let reference = "\(columnNames[column])\(number)"
            switch value {
            case .empty:
                continue
            case .integer(let number):
                buffer += "<c r=\"\(reference)\"\(styleAttribute)><v>\(number)</v></c>"
            case .real(let number) where number.isFinite:
                buffer += "<c r=\"\(reference)\"\(styleAttribute)><v>\(number)</v></c>"
            case .real(let number):
                writeText(String(number), reference: reference, styleAttribute: styleAttribute)
            case .boolean(let flag):
                buffer += "<c r=\"\(reference)\"\(styleAttribute) t=\"b\"><v>\(flag ? 1 : 0)</v></c>"
            case .text(let text):
                writeText(text, reference: reference, styleAttribute: styleAttribute)
            }
        }
        buffer += "</row>"
    }

    /// An inline string cell: never a formula, whatever the text starts with.
    private func writeText(_ text: String, reference: String, styleAttribute: String) {
        let (xml, truncated) = XlsxText.escaped(text)
        if truncated { truncatedCells += 1 }
        let space = XlsxText.needsPreservedSpace(text) ? " xml:space=\"preserve\"" : ""
        buffer += "<c r=\"\(reference)\"\(styleAttribute) t=\"inlineStr\"><is><t\(space)>\(xml)</t></is></c>"
    }

    private func drain() throws {
        try zip.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
