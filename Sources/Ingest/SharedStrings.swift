import CLibXML2

/// A workbook's shared string table (`xl/sharedStrings.xml`): the text of every string cell,
/// which cells refer to by index. Held whole (cells anywhere in a sheet may use any of them)
/// in one byte buffer with end offsets, about the size of the text itself.
struct SharedStrings: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }

    /// The empty table, for workbooks without strings.
    init() {}

    /// Reads the table from its part: each `<si>` is one string, the text of its `<t>` elements
    /// (rich text has several runs) without phonetic guides (`<rPh>`). Parsed with libxml2's
    /// SAX callbacks while the part inflates on another thread (``PrefetchingEntryReader``), as
    /// a sheet is: a table of 1,000,000 strings is 19 MB of XML elements, which the streaming
    /// reader (``XmlStreamReader``) would build and free a node for, one by one.
    ///
    /// - Throws: ``IngestError`` for damaged compressed data or malformed XML.
    /// - Complexity: O(*n*) in the size of the part.
    init(_ source: ZipEntryReader) throws(IngestError) {
        let file = source.archive.file
        let part = source.entry.name
        let state = UnsafeMutablePointer<Parse>.allocate(capacity: 1)
        state.initialize(to: Parse(source: PrefetchingEntryReader(source)))
        defer {
            state.pointee.source.cancel()
            state.deinitialize(count: 1)
            state.deallocate()
        }
        // The text is smaller than its XML, so the buffer is reserved once (pages never written
        // are never touched).
        state.pointee.table.bytes.reserveCapacity(source.entry.size)
        var callbacks = xmlSAXHandler()
        callbacks.initialized = XML_SAX2_MAGIC
        callbacks.startElementNs = { context, name, _, _, _, _, _, _, _ in
            context!.assumingMemoryBound(to: Parse.self).pointee.startElement(name)
        }
        callbacks.endElementNs = { context, name, _, _ in
            context!.assumingMemoryBound(to: Parse.self).pointee.endElement(name)
        }
        callbacks.characters = { context, text, length in
            context!.assumingMemoryBound(to: Parse.self).pointee.characters(text, Int(length))
        }
        callbacks.cdataBlock = callbacks.characters
        callbacks.ignorableWhitespace = callbacks.characters
        callbacks.serror = { context, error in
            guard let context, let error, let message = error.pointee.message else { return }
            let state = context.assumingMemoryBound(to: Parse.self)
            if state.pointee.xmlMessage == nil {
                state.pointee.xmlMessage = "line \(error.pointee.line): " + String(cString: message).trimmingWhitespace()
            }
        }
        // The parser pulls the inflated bytes through `fill` as it needs them.
        guard let parser = xmlCreateIOParserCtxt(&callbacks, UnsafeMutableRawPointer(state), { context, buffer, length in
            context!.assumingMemoryBound(to: Parse.self).pointee.fill(buffer, Int(length))
        }, nil, UnsafeMutableRawPointer(state), XML_CHAR_ENCODING_NONE) else {
            throw ZipArchive.damaged(file, "libxml2 could not start reading \(part)")
        }
        defer { xmlFreeParserCtxt(parser) }
        xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
        let status = xmlParseDocument(parser)
        if let failure = state.pointee.failure { throw failure }
        guard status == 0, parser.pointee.wellFormed != 0 else {
            throw IngestError(
                file: file,
                problem: "\(part) is not well-formed XML (\(state.pointee.xmlMessage ?? "libxml2 gave no reason"))",
                hint: "open the workbook in Excel or LibreOffice and save it again, or export the data as CSV."
            )
        }
        self = state.pointee.table
    }

    /// Calls `body` with the bytes of string `index`, or returns `nil` when there is none.
    func withString<R>(_ index: Int, _ body: (ArraySlice<UInt8>) -> R) -> R? {
        guard index >= 0, index < ends.count else { return nil }
        return body(bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]])
    }

    /// The table being read, and libxml2's callbacks on it: reached through a pointer, without
    /// reference counting or exclusivity checks, millions of times.
    private struct Parse {
        let source: PrefetchingEntryReader
        var table = SharedStrings()
        /// Inside a `<t>` that is text (not a phonetic guide's).
        var inText = false
        var phonetic = false
        /// The first error from zlib through `fill`, and libxml2's first message.
        var failure: IngestError?
        var xmlMessage: String?

        mutating func startElement(_ name: UnsafePointer<xmlChar>?) {
            if XmlName.is(name, "t") { inText = !phonetic }
            else if XmlName.is(name, "rPh") { phonetic = true }
        }

        mutating func endElement(_ name: UnsafePointer<xmlChar>?) {
            if XmlName.is(name, "t") { inText = false }
            else if XmlName.is(name, "rPh") { phonetic = false }
            else if XmlName.is(name, "si") {
                OfficeText.unescape(&table.bytes, from: table.ends.last ?? 0)
                table.ends.append(table.bytes.count)
            }
        }

        mutating func characters(_ text: UnsafePointer<xmlChar>?, _ length: Int) {
            guard inText, let text, length > 0 else { return }
            table.bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: length))
        }

        /// libxml2's read callback: the next inflated bytes, 0 at the end, -1 on an error (kept
        /// for the caller to throw).
        mutating func fill(_ buffer: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int32 {
            source.fillForLibXML(buffer, length, failure: &failure)
        }
    }
}

/// Element and attribute names compared by their bytes, without making strings.
enum XmlName {
    /// Whether the NUL-terminated `name` equals `expected` (ASCII, a few letters).
    @inline(__always)
    static func `is`(_ name: UnsafePointer<UInt8>?, _ expected: StaticString) -> Bool {
        guard let name else { return false }
        let count = expected.utf8CodeUnitCount
        let letters = expected.utf8Start
        for index in 0..<count where name[index] != letters[index] { return false }
        return name[count] == 0
    }
}

/// Office's escapes in cell text: `_xHHHH_` stands for the UTF-16 unit HHHH (Excel writes
/// control characters such as a line break in a cell so; `_x005F_` is a literal underscore).
enum OfficeText {
    /// Replaces the escapes in `bytes[start...]`, in place.
    ///
    /// - Complexity: O(*m*) in the length of the text.
    static func unescape(_ bytes: inout [UInt8], from start: Int) {
        guard bytes.count - start >= 7, hasEscape(bytes, from: start) else { return }
        var output: [UInt8] = []
        var units: [UInt16] = []
        var index = start
        func flushUnits() {
            guard !units.isEmpty else { return }
            output += Array(String(decoding: units, as: UTF16.self).utf8)
            units.removeAll()
        }
        while index < bytes.count {
            if let unit = escapedUnit(bytes, at: index) {
                units.append(unit)
                index += 7
            } else {
                flushUnits()
                output.append(bytes[index])
                index += 1
            }
        }
        flushUnits()
        bytes.replaceSubrange(start..., with: output)
    }

    private static func hasEscape(_ bytes: [UInt8], from start: Int) -> Bool {
        var index = start
        while index + 7 <= bytes.count {
            if bytes[index] == UInt8(ascii: "_"), bytes[index + 1] == UInt8(ascii: "x"), escapedUnit(bytes, at: index) != nil { return true }
            index += 1
        }
        return false
    }

    /// The unit of an `_xHHHH_` escape at `index`, if there is one.
    private static func escapedUnit(_ bytes: [UInt8], at index: Int) -> UInt16? {
        guard index + 7 <= bytes.count, bytes[index] == UInt8(ascii: "_"), bytes[index + 1] == UInt8(ascii: "x"),
              bytes[index + 6] == UInt8(ascii: "_") else { return nil }
        var value: UInt16 = 0
        for offset in 2..<6 {
            let byte = bytes[index + offset]
            let digit: UInt16
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt16(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt16(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt16(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
