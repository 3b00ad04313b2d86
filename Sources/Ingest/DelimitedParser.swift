/// The byte range of one field inside the parsed buffer.
struct FieldSpan: Sendable, Equatable {
    /// First byte of the field's content (after an opening quote).
    var start: Int
    /// One past the last byte of the content (before a closing quote).
    var end: Int
    /// Whether the content contains doubled quotes (`""`) that stand for one quote.
    var hasEscapedQuotes: Bool

    var isEmpty: Bool { start == end }
}

/// An RFC 4180 reader over UTF-8 bytes that yields one row of field spans at a time.
///
/// - Fields are split on a single-byte delimiter (`,`, `;` or tab); rows end at LF, CRLF or CR.
/// - A field that starts with `"` is quoted: it may contain delimiters, newlines and doubled
///   quotes. Spaces between a closing quote and the next delimiter are tolerated; anything
///   else there is an unbalanced quote. A quote inside an unquoted field is kept literally.
/// - In line mode (`delimiter == nil`) every line is one unquoted field: plain keyword lists.
/// - `line` counts physical lines, so rows with quoted newlines report where they start.
///
/// The parser never builds strings: callers decode only the fields they need.
struct DelimitedParser {
    private static let quote: UInt8 = 0x22
    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
    private static let space: UInt8 = 0x20

    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8?
    let file: String
    /// The next byte to read.
    private(set) var position: Int
    /// The 1-based physical line of `position`.
    private(set) var line: Int

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8?, file: String, position: Int = 0, line: Int = 1) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.file = file
        self.position = position
        self.line = line
    }

    /// Reads the next row into `fields` (which is cleared first, keeping its capacity).
    ///
    /// - Returns: the 1-based line the row starts on, or `nil` at the end of the buffer.
    /// - Throws: ``IngestError`` for an unbalanced quote, or a quote left open at the end of
    ///   the file (a truncated file).
    /// - Complexity: O(*m*) in the length of the row.
    mutating func nextRow(into fields: inout [FieldSpan]) throws(IngestError) -> Int? {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        guard position < count else { return nil }
        let rowLine = line
        guard let delimiter else {
            let start = position
            while position < count, bytes[position] != Self.lineFeed, bytes[position] != Self.carriageReturn {
                position += 1
            }
            fields.append(FieldSpan(start: start, end: position, hasEscapedQuotes: false))
            endRow()
            return rowLine
        }
        while true {
            if position < count, bytes[position] == Self.quote {
                fields.append(try quotedField(rowLine: rowLine))
                while position < count, bytes[position] == Self.space, delimiter != Self.space {
                    position += 1
                }
                guard position < count else { return rowLine }
                let byte = bytes[position]
                if byte == delimiter {
                    position += 1
                    continue
                }
                guard byte == Self.lineFeed || byte == Self.carriageReturn else {
                    throw IngestError(
                        file: file, line: rowLine,
                        problem: "unbalanced quote in row",
                        hint: "close the quote (write a quote inside a quoted field as \"\") or re-export the file."
                    )
                }
                endRow()
                return rowLine
            }
            let start = position
            while position < count {
                let byte = bytes[position]
                if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                position += 1
            }
            fields.append(FieldSpan(start: start, end: position, hasEscapedQuotes: false))
            if position < count, bytes[position] == delimiter {
                position += 1
                continue
            }
            endRow()
            return rowLine
        }
    }

    /// Reads a quoted field whose opening quote is at `position`.
    ///
    /// - Complexity: O(*m*) in the length of the field.
    private mutating func quotedField(rowLine: Int) throws(IngestError) -> FieldSpan {
        let count = bytes.count
        position += 1
        let start = position
        var escaped = false
        while position < count {
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < count, bytes[position + 1] == Self.quote {
                    escaped = true
                    position += 2
                    continue
                }
                let end = position
                position += 1
                return FieldSpan(start: start, end: end, hasEscapedQuotes: escaped)
            }
            if byte == Self.lineFeed { line += 1 }
            position += 1
        }
        throw IngestError(
            file: file, line: rowLine,
            problem: "truncated file (a quoted field opened here is never closed)",
            hint: "close the quote, or export the file again if the download was cut short."
        )
    }

    /// Skips the line terminator at `position` (LF, CRLF or CR), if any.
    private mutating func endRow() {
        guard position < bytes.count else { return }
        if bytes[position] == Self.carriageReturn {
            position += 1
            if position < bytes.count, bytes[position] == Self.lineFeed { position += 1 }
        } else {
            position += 1
        }
        line += 1
    }

    /// The field's content with doubled quotes collapsed, as bytes.
    ///
    /// - Complexity: O(*m*) in the length of the field.
    func fieldBytes(_ field: FieldSpan) -> [UInt8] {
        guard field.hasEscapedQuotes else { return Array(bytes[field.start..<field.end]) }
        var result: [UInt8] = []
        result.reserveCapacity(field.end - field.start)
        var index = field.start
        while index < field.end {
            result.append(bytes[index])
            index += bytes[index] == Self.quote ? 2 : 1
        }
        return result
    }

    /// The field's content decoded as a string (doubled quotes collapsed).
    ///
    /// - Complexity: O(*m*) in the length of the field.
    func string(_ field: FieldSpan) -> String {
        if field.hasEscapedQuotes { return String(decoding: fieldBytes(field), as: UTF8.self) }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
    }

    /// Calls `body` with the field's content bytes, without copying unless the field
    /// contains doubled quotes.
    func withFieldBytes<R>(_ field: FieldSpan, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if field.hasEscapedQuotes {
            return fieldBytes(field).withUnsafeBufferPointer(body)
        }
        return body(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
    }
}
