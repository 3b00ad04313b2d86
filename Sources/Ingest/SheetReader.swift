import CLibXML2

/// Reads a worksheet of a ``Workbook`` one row at a time, streaming its XML through libxml2's
/// SAX2 push parser as it inflates, so a sheet of any length costs the memory of one row and
/// a chunk of input.
///
/// The push parser rather than libxml2's `xmlTextReader` (used for the small parts): the reader
/// builds and frees a node for every element, which made a 1,000,000-row sheet import at a
/// fifth of the CSV's rate; with callbacks the sheet imports at over a third of it.
///
/// Cells become text as a CSV of the sheet would show them: shared and inline strings as
/// written (rich text runs joined, phonetic guides dropped, `_xHHHH_` escapes decoded),
/// formula results, booleans as `TRUE`/`FALSE`, numbers as stored (and also as numbers, see
/// ``SheetRow/storedNumber(_:)``), numbers in a date style as ISO 8601 dates. Cells are placed
/// by their reference (`C7` is the third cell), so a sheet with gaps keeps its columns.
final class SheetReader {
    let workbook: Workbook
    let sheet: Workbook.Sheet
    private let source: ZipEntryReader
    private var parser: xmlParserCtxtPtr?
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    /// What the callbacks work on: behind a pointer, so they reach it without reference
    /// counting or exclusivity checks (a class's properties cost both, millions of times).
    private let state: UnsafeMutablePointer<SheetParse>

    /// The last row of the sheet's `<dimension ref="A1:I1000001">`, once it has been read.
    var declaredLastRow: Int? { state.pointee.declaredLastRow }

    /// The size of the sheet's XML.
    var sheetSize: Int { source.entry.size }

    init(workbook: Workbook, sheet: Workbook.Sheet) throws(IngestError) {
        self.workbook = workbook
        self.sheet = sheet
        guard let entry = workbook.archive.entry(named: sheet.part) else {
            throw ZipArchive.damaged(workbook.file, "the part of sheet \"\(sheet.name)\", \(sheet.part), is missing")
        }
        source = try workbook.archive.reader(for: entry)
        state = UnsafeMutablePointer<SheetParse>.allocate(capacity: 1)
        state.initialize(to: SheetParse(workbook: workbook, sheetName: sheet.name))
        var callbacks = xmlSAXHandler()
        callbacks.initialized = XML_SAX2_MAGIC
        callbacks.startElementNs = { context, name, _, _, _, _, attributeCount, _, attributes in
            context!.assumingMemoryBound(to: SheetParse.self).pointee.startElement(name, attributes: attributes, count: Int(attributeCount))
        }
        callbacks.endElementNs = { context, name, _, _ in
            context!.assumingMemoryBound(to: SheetParse.self).pointee.endElement(name)
        }
        callbacks.characters = { context, text, length in
            context!.assumingMemoryBound(to: SheetParse.self).pointee.characters(text, Int(length))
        }
        callbacks.cdataBlock = callbacks.characters
        callbacks.serror = { context, error in
            guard let context, let error, let message = error.pointee.message else { return }
            let state = context.assumingMemoryBound(to: SheetParse.self)
            if state.pointee.xmlMessage == nil {
                state.pointee.xmlMessage = "line \(error.pointee.line): " + String(cString: message).trimmingWhitespace()
            }
        }
        parser = xmlCreatePushParserCtxt(&callbacks, UnsafeMutableRawPointer(state), nil, 0, sheet.part)
        guard parser != nil else {
            state.deinitialize(count: 1)
            state.deallocate()
            throw ZipArchive.damaged(workbook.file, "libxml2 could not start reading \(sheet.part)")
        }
        state.pointee.parser = parser
        xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
    }

    deinit {
        if let parser { xmlFreeParserCtxt(parser) }
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Calls `body` with each row in order (the same ``SheetRow``, refilled), until the sheet
    /// ends or `body` returns `false`.
    ///
    /// - Throws: ``IngestError`` (with the sheet) for damaged data or XML, a cell that refers
    ///   to a shared string the workbook lacks, or what `body` throws.
    /// - Complexity: O(*n*) in the size of the sheet's XML.
    func forEachRow(_ body: (inout SheetRow) throws(IngestError) -> Bool) throws(IngestError) {
        do {
            try withoutActuallyEscaping(body) { (body) throws(IngestError) in
                state.pointee.handler = body
                defer { state.pointee.handler = nil }
                try parse()
            }
        } catch {
            // The parser calls back as it goes, so a fault in the file lies in the last row begun
            // or between it and the next.
            var error = error
            if error.part == nil {
                error.part = .sheet(sheet.name)
                let lastRow = state.pointee.lastRow
                if lastRow > 0, error.line == nil { error.problem += " (in or just after row \(lastRow))" }
            }
            throw error
        }
    }

    private func parse() throws(IngestError) {
        while !state.pointee.stopped {
            let count = try chunk.withUnsafeMutableBufferPointer { (buffer) throws(IngestError) in try source.read(into: buffer) }
            let status = chunk.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { xmlParseChunk(parser, $0.baseAddress, Int32(count), count == 0 ? 1 : 0) }
            }
            if let failure = state.pointee.failure { throw failure }
            if state.pointee.stopped { return }
            if status != 0 {
                throw IngestError(
                    file: workbook.file,
                    problem: "\(sheet.part) is not well-formed XML (\(state.pointee.xmlMessage ?? "libxml2 error \(status)"))",
                    hint: "open the workbook in Excel or LibreOffice and save it again, or export the data as CSV."
                )
            }
            if count == 0 { return }
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
