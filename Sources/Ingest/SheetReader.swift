import CLibXML2

/// Reads a worksheet of a ``Workbook`` one row at a time, streaming its XML through libxml2's
/// SAX2 parser, which pulls the bytes as they inflate (on another thread, a few chunks ahead:
/// ``PrefetchingEntryReader``), so a sheet of any length costs the memory of one row, libxml2's
/// input buffer and those chunks.
///
/// SAX callbacks rather than libxml2's `xmlTextReader` (used for the small parts): the reader
/// builds and frees a node for every element, which made a 1,000,000-row sheet import at a
/// fifth of the CSV's rate; with callbacks the sheet imports at about a third of it.
///
/// Cells become text as a CSV of the sheet would show them: shared and inline strings as
/// written (rich text runs joined, phonetic guides dropped, `_xHHHH_` escapes decoded),
/// formula results, booleans as `TRUE`/`FALSE`, numbers as stored (and also as numbers, see
/// ``SheetRow/storedNumber(_:)``), numbers in a date style as ISO 8601 dates. Cells are placed
/// by their reference (`C7` is the third cell), so a sheet with gaps keeps its columns.
final class SheetReader {
    let workbook: Workbook
    let sheet: Workbook.Sheet
    private let source: PrefetchingEntryReader
    private var parser: xmlParserCtxtPtr?
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
        source = PrefetchingEntryReader(try workbook.archive.reader(for: entry))
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
        // The parser pulls the inflated bytes through `fill` as it needs them.
        parser = xmlCreateIOParserCtxt(&callbacks, UnsafeMutableRawPointer(state), { context, buffer, length in
            Unmanaged<SheetReader>.fromOpaque(context!).takeUnretainedValue().fill(buffer, Int(length))
        }, nil, Unmanaged.passUnretained(self).toOpaque(), XML_CHAR_ENCODING_NONE)
        guard parser != nil else {
            state.deinitialize(count: 1)
            state.deallocate()
            throw ZipArchive.damaged(workbook.file, "libxml2 could not start reading \(sheet.part)")
        }
        state.pointee.parser = parser
        xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
    }

    deinit {
        source.cancel()
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
        let status = xmlParseDocument(parser)
        if let failure = state.pointee.failure { throw failure }
        if state.pointee.stopped { return }
        if status != 0 || parser?.pointee.wellFormed == 0 {
            throw IngestError(
                file: workbook.file,
                problem: "\(sheet.part) is not well-formed XML (\(state.pointee.xmlMessage ?? "libxml2 error \(status)"))",
                hint: "open the workbook in Excel or LibreOffice and save it again, or export the data as CSV."
            )
        }
    }

    /// libxml2's read callback: the next inflated bytes, 0 at the end, -1 on an error (kept
    /// for ``parse()`` to throw).
    private func fill(_ buffer: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int32 {
        source.fillForLibXML(buffer, length, failure: &state.pointee.failure)
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
