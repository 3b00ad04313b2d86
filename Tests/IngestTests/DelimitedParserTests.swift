import Testing
@testable import Ingest

@Suite("DelimitedParser")
struct DelimitedParserTests {
    /// Parses `text` completely, returning each row's start line and field strings.
    private func rows(_ text: String, delimiter: UInt8? = UInt8(ascii: ",")) throws -> [(line: Int, fields: [String])] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = DelimitedParser(bytes: buffer, delimiter: delimiter, file: "test.csv")
            var fields: [FieldSpan] = []
            var result: [(Int, [String])] = []
            while let line = try parser.nextRow(into: &fields) {
                result.append((line, fields.map(parser.string)))
            }
            return result
        }
    }

    @Test("splits LF, CRLF and CR rows")
    func lineEndings() throws {
        // Given rows ending in LF, CRLF and a lone CR, the last without a terminator
        // When they are parsed
        let parsed = try rows("a,b\nc,d\r\ne,f\rg,h")
        // Then there are four rows on lines 1 to 4
        #expect(parsed.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(parsed.map(\.line) == [1, 2, 3, 4])
    }

    @Test("quoted fields keep delimiters, doubled quotes and newlines, and lines still count")
    func quoting() throws {
        // Given RFC 4180 quoting with a field spanning two lines
        // When it is parsed
        let parsed = try rows("\"a,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,\"\"\n")
        // Then fields are unquoted and the row after the multi-line field starts on line 4
        #expect(parsed.map(\.fields) == [["a,1", "say \"hi\""], ["two\nlines", "x"], ["last", ""]])
        #expect(parsed.map(\.line) == [1, 2, 4])
    }

    @Test("empty fields, trailing delimiters and blank lines")
    func emptyFields() throws {
        // Given empty fields and a blank line
        // When they are parsed
        let parsed = try rows(",a,\n\nb\n")
        // Then empty fields are kept and the blank line is a single empty field
        #expect(parsed.map(\.fields) == [["", "a", ""], [""], ["b"]])
    }

    @Test("semicolons and tabs as delimiters; spaces after a closing quote")
    func otherDelimiters() throws {
        // Given a semicolon file and a tab file
        // When they are parsed with their delimiters
        // Then the fields split on those bytes only
        #expect(try rows("a;\"b;c\"  ;d,e\n", delimiter: UInt8(ascii: ";")).map(\.fields) == [["a", "b;c", "d,e"]])
        #expect(try rows("a b\tc,d\n", delimiter: UInt8(ascii: "\t")).map(\.fields) == [["a b", "c,d"]])
    }

    @Test("line mode keeps whole lines, quotes and commas included")
    func lineMode() throws {
        // Given a plain list
        // When it is parsed in line mode
        let parsed = try rows("\"phrase\", x\r\n[exact]\n", delimiter: nil)
        // Then every line is one field
        #expect(parsed.map(\.fields) == [["\"phrase\", x"], ["[exact]"]])
    }

    @Test("text after a closing quote is an unbalanced quote on the row's first line")
    func unbalanced() throws {
        // Given a quote that closes in the middle of a field on a later line
        // When it is parsed
        // Then the error names the line where the row started
        let error = #expect(throws: IngestError.self) { try rows("ok,1\n\"bad,2\nnext\"x,3\n") }
        #expect(error?.line == 2)
        #expect(error?.problem == "unbalanced quote in row")
    }

    @Test("a quote open at the end of the buffer is a truncation")
    func unterminated() throws {
        // Given a quote that never closes
        // When it is parsed
        // Then the error names its line
        let error = #expect(throws: IngestError.self) { try rows("ok,1\nfine,2\n\"open,3\n") }
        #expect(error?.line == 3)
    }
}
