/// Reads a worksheet of a ``Workbook`` one row at a time, streaming its XML through libxml2's
/// reader, so a sheet of any length costs the memory of one row.
///
/// Cells become text as a CSV of the sheet would show them: shared and inline strings as
/// written (rich text runs joined, phonetic guides dropped, `_xHHHH_` escapes decoded),
/// formula results, booleans as `TRUE`/`FALSE`, numbers as stored (and also as numbers, see
/// ``SheetRow/storedNumber(_:)``), numbers in a date style as ISO 8601 dates. Cells are placed
/// by their reference (`C7` is the third cell), so a sheet with gaps keeps its columns.
final class SheetReader {
    let workbook: Workbook
    let sheet: Workbook.Sheet
    private let xml: XmlStreamReader
    private var lastRow = 0

    /// Columns past Excel's last (XFD) are ignored.
    static let maximumColumns = 16_384

    init(workbook: Workbook, sheet: Workbook.Sheet) throws(IngestError) {
        self.workbook = workbook
        self.sheet = sheet
        guard let entry = workbook.archive.entry(named: sheet.part) else {
            throw ZipArchive.damaged(workbook.file, "the part of sheet \"\(sheet.name)\", \(sheet.part), is missing")
        }
        xml = try XmlStreamReader(workbook.archive.reader(for: entry))
    }

    /// The cell types of the `t` attribute, by first letter (`inlineStr` and `str` by their
    /// second).
    private enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, date
    }

    /// Reads the next row into `row` (cleared first, keeping its capacity).
    ///
    /// - Returns: `false` at the end of the sheet.
    /// - Throws: ``IngestError`` (with the sheet and row) for damaged data or XML, or a cell
    ///   that refers to a shared string the workbook lacks.
    /// - Complexity: O(*m*) in the size of the row's XML.
    func next(into row: inout SheetRow) throws(IngestError) -> Bool {
        row.bytes.removeAll(keepingCapacity: true)
        row.cells.removeAll(keepingCapacity: true)
        var type = CellType.number, style = 0, column = -1, cellStart = 0
        var collecting = false, inlineString = false, phonetic = false
        do {
            while try xml.next() {
                let node = xml.nodeType
                if node == XmlStreamReader.elementStart {
                    let name = xml.localName
                    if XmlName.is(name, "c") {
                        (type, style, column) = cellAttributes(previousColumn: column)
                        cellStart = row.bytes.count
                        if xml.isEmptyElement { try finishCell(&row, type: type, style: style, column: column, start: cellStart) }
                    } else if XmlName.is(name, "v") {
                        collecting = !xml.isEmptyElement
                    } else if XmlName.is(name, "t") {
                        collecting = inlineString && !phonetic && !xml.isEmptyElement
                    } else if XmlName.is(name, "is") {
                        inlineString = !xml.isEmptyElement
                    } else if XmlName.is(name, "rPh") {
                        phonetic = !xml.isEmptyElement
                    } else if XmlName.is(name, "row") {
                        var number = 0
                        xml.forEachAttribute { attribute, value in
                            if XmlName.is(attribute, "r") { number = Self.integer(value) ?? 0 }
                        }
                        row.number = number > 0 ? number : lastRow + 1
                        lastRow = row.number
                        column = -1
                        if xml.isEmptyElement { return true }
                    }
                } else if node == XmlStreamReader.elementEnd {
                    let name = xml.localName
                    if XmlName.is(name, "c") {
                        try finishCell(&row, type: type, style: style, column: column, start: cellStart)
                    } else if XmlName.is(name, "v") || XmlName.is(name, "t") {
                        collecting = false
                    } else if XmlName.is(name, "is") {
                        inlineString = false
                    } else if XmlName.is(name, "rPh") {
                        phonetic = false
                    } else if XmlName.is(name, "row") {
                        return true
                    }
                } else if collecting && xml.isText {
                    row.bytes += XmlStreamReader.bytes(xml.value)
                }
            }
        } catch {
            // libxml2 parses ahead of the rows it hands out, so the fault lies at or after the
            // last row read, not necessarily in it.
            var error = error
            error.part = .sheet(sheet.name)
            if lastRow > 0, error.line == nil { error.problem += " (the last row read was \(lastRow))" }
            throw error
        }
        return false
    }

    /// The current `<c>` element's type, style and column.
    private func cellAttributes(previousColumn: Int) -> (CellType, Int, Int) {
        var type = CellType.number, style = 0, column = previousColumn + 1
        xml.forEachAttribute { attribute, value in
            if XmlName.is(attribute, "r") {
                if let index = Self.columnIndex(value) { column = index }
            } else if XmlName.is(attribute, "s") {
                style = Self.integer(value) ?? 0
            } else if XmlName.is(attribute, "t"), let first = value.first {
                switch first {
                case UInt8(ascii: "s"): type = value.count == 1 ? .sharedString : .formulaString
                case UInt8(ascii: "i"): type = .inlineString
                case UInt8(ascii: "b"): type = .boolean
                case UInt8(ascii: "e"): type = .error
                case UInt8(ascii: "d"): type = .date
                default: type = .number
                }
            }
        }
        return (type, style, column)
    }

    /// Turns the collected text of a cell into its shown text and places it at `column`.
    private func finishCell(_ row: inout SheetRow, type: CellType, style: Int, column: Int, start: Int) throws(IngestError) {
        guard column < Self.maximumColumns else {
            row.bytes.removeSubrange(start...)
            return
        }
        var isNumber = false
        switch type {
        case .sharedString:
            let index = row.bytes[start...].withUnsafeBufferPointer { Self.integer($0) } ?? -1
            row.bytes.removeSubrange(start...)
            let found = workbook.sharedStrings.withString(index) { row.bytes += $0 }
            guard found != nil else {
                throw IngestError(
                    file: workbook.file, part: .sheet(sheet.name), line: row.number,
                    problem: "cell \(Self.reference(column: column, row: row.number)) refers to shared string \(index), "
                        + "but the workbook has \(workbook.sharedStrings.count)",
                    hint: "the workbook is damaged: open it in Excel or LibreOffice and save it again, or export the data as CSV."
                )
            }
        case .inlineString, .formulaString:
            OfficeText.unescape(&row.bytes, from: start)
        case .boolean:
            let isTrue = row.bytes.count > start && row.bytes[start] == UInt8(ascii: "1")
            row.bytes.removeSubrange(start...)
            row.bytes += isTrue ? Array("TRUE".utf8) : Array("FALSE".utf8)
        case .error, .date:
            break
        case .number:
            if style < workbook.dateStyles.count, workbook.dateStyles[style],
               let serial = row.bytes[start...].withUnsafeBufferPointer(SheetRow.number) {
                row.bytes.removeSubrange(start...)
                row.bytes += Array(ExcelDate.text(serial: serial, uses1904Dates: workbook.uses1904Dates).utf8)
            } else {
                isNumber = row.bytes.count > start
            }
        }
        let cell = SheetRow.Cell(start: start, end: row.bytes.count, isNumber: isNumber)
        if column >= row.cells.count {
            let gap = SheetRow.Cell(start: start, end: start, isNumber: false)
            row.cells += repeatElement(gap, count: column - row.cells.count)
            row.cells.append(cell)
        } else {
            row.cells[column] = cell
        }
    }

    /// A non-negative decimal integer, or `nil`.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte &- UInt8(ascii: "0") < 10 else { return nil }
            value = value * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }

    /// The 0-based column of a cell reference such as `AB12`, or `nil` when it has no letters.
    static func columnIndex(_ reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var letters = 0
        for byte in reference {
            let upper = byte & 0xDF
            guard upper &- UInt8(ascii: "A") < 26 else { break }
            value = value * 26 + Int(upper &- UInt8(ascii: "A")) + 1
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : value - 1
    }

    /// A cell reference such as `B7`.
    static func reference(column: Int, row: Int) -> String {
        var letters = ""
        var value = column + 1
        while value > 0 {
            let digit = (value - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
            value = (value - 1) / 26
        }
        return "\(letters)\(row)"
    }
}

/// One row of a sheet: the text of its cells in one buffer, each cell a range of it.
struct SheetRow: RowCells {
    struct Cell {
        var start: Int
        var end: Int
        /// Whether the cell holds a number (its text is the number as stored, e.g. `0.125`).
        var isNumber: Bool
    }

    /// The row's number in the sheet (1-based, as Excel shows it).
    var number = 0
    var bytes: [UInt8] = []
    /// By column (A is 0); columns without a cell are empty.
    var cells: [Cell] = []

    var count: Int { cells.count }
    func isEmpty(_ column: Int) -> Bool { cells[column].start == cells[column].end }

    func withBytes<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let cell = cells[column]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[cell.start..<cell.end])) }
    }

    func storedNumber(_ column: Int) -> Double? {
        guard cells[column].isNumber else { return nil }
        return withBytes(column, Self.number)
    }

    /// The cells' text, trimmed, without empty cells at the end (a header's names).
    var names: [String] {
        var names = (0..<count).map { column in
            withBytes(column) { String(decoding: $0, as: UTF8.self) }.trimmingWhitespace()
        }
        while names.last?.isEmpty == true { names.removeLast() }
        return names
    }

    private static let powersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }

    /// A number as a workbook stores it (`-12.5`, `1.2E-3`): plain decimals of up to 15
    /// significant digits are converted exactly here, anything else by the standard library.
    ///
    /// - Complexity: O(*m*) in the length of the text.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte &- UInt8(ascii: "0") < 10 {
                mantissa = mantissa &* 10 &+ Int(byte &- UInt8(ascii: "0"))
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index += 1
        }
        if index == bytes.count, digits > 0, digits <= 15 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }
}

/// Excel's date serial numbers: days since 1899-12-30 (so that 1 is 1900-01-01, past
/// Excel's made-up 1900-02-29), or since 1904-01-01 in the 1904 date system.
enum ExcelDate {
    /// `2025-05-01`, or `2025-05-01 13:45:00` when the serial has a time of day.
    static func text(serial: Double, uses1904Dates: Bool) -> String {
        guard serial.isFinite, abs(serial) < 3_000_000 else { return String(serial) }
        let seconds = Int((serial * 86_400).rounded())
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let time = seconds - days * 86_400
        let (year, month, day) = civil(daysSince1970: days + (uses1904Dates ? -24_107 : -25_569))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let date = "\(year)-\(two(month))-\(two(day))"
        guard time != 0 else { return date }
        return "\(date) \(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))"
    }

    /// The proleptic Gregorian date of a day count (Howard Hinnant's `civil_from_days`).
    static func civil(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
