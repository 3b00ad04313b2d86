import Foundation
import Testing
@testable import Ingest

/// Bad input: each failure names the file, the line where there is one, the problem and a fix.
@Suite("Import errors")
struct IngestErrorTests {
    @Test("description reads file, line, problem and fix")
    func description() {
        // Given an error with a line
        let error = IngestError(
            file: "keywords.csv", line: 17, problem: "unbalanced quote in row", hint: "close the quote or re-export the file."
        )
        // When it is described
        // Then the sentence names everything the user needs
        #expect(error.description == "keywords.csv, line 17: unbalanced quote in row. Fix: close the quote or re-export the file.")
        #expect(IngestError(file: "a.csv", problem: "empty file", hint: "export again.").description == "a.csv: empty file. Fix: export again.")
    }

    @Test("missing file")
    func missingFile() throws {
        // Given a path that does not exist
        let path = "/no/such/dir/keywords.csv"
        // When it is imported
        // Then the error names the file
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path]) }
        #expect(error?.file == path)
        #expect(error?.line == nil)
        #expect(error?.problem == "file not found")
    }

    @Test("a directory is not a file")
    func directory() throws {
        // Given a directory
        let path = FileManager.default.temporaryDirectory.path
        // When it is imported
        // Then it is refused
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path]) }
        #expect(error?.problem == "this is a directory, not a file")
    }

    @Test("empty and whitespace-only files", arguments: ["bad_empty.csv", "bad_whitespace_only.csv"])
    func emptyFile(name: String) {
        // Given a file with no text
        // When it is imported
        let error = Fixture.error(importing: name)
        // Then it is an empty-file error
        #expect(error?.file == Fixture.path(name))
        #expect(error?.problem == "empty file")
    }

    @Test("a spreadsheet cut short is named as a damaged archive")
    func binaryFile() {
        // Given a spreadsheet (zip) file
        // When it is imported
        let error = Fixture.error(importing: "bad_binary.xlsx")
        // Then it is reported as a damaged ZIP archive (it has no central directory)
        #expect(error?.problem == "the ZIP archive is damaged (no end of central directory record: the file is cut short or not a ZIP archive)")
        #expect(error?.hint.hasPrefix("download or export the file again") == true)
    }

    @Test("binary file with NUL bytes that are not UTF-16")
    func nulBytes() throws {
        // Given bytes with NULs in no UTF-16 pattern and no known file signature
        let path = try Fixture.temporaryFile([0x41, 0x00, 0x00, 0x42, 0x43, 0x00, 0x00, 0x00, 0x44, 0x0A], name: "odd.csv")
        // When it is imported
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path]) }
        // Then it is reported as binary
        #expect(error?.problem == "binary file (NUL bytes that are not UTF-16 text)")
        #expect(error?.line == 1)
    }

    @Test("a Latin-1 file is no longer refused: it imports with a notice naming the file and encoding")
    func latin1FileImports() throws {
        // Given a Latin-1 file (not valid UTF-8: "café" is 63 61 66 E9)
        // When it is imported
        let result = try Fixture.importing("bad_invalid_utf8.csv")
        // Then the accented keyword arrives intact and a notice names the file and the encoding
        #expect(result.texts == ["running shoes", "café au lait"])
        #expect(result.warnings.contains { $0.contains("bad_invalid_utf8.csv") && $0.contains("Latin-1") })
    }

    @Test("bytes that are neither UTF-8 nor Western 8-bit text name the line")
    func invalidUTF8() throws {
        // Given a file whose third line holds a control byte run and undefined Windows-1252 bytes
        let path = try Fixture.temporaryFile(Array("Keyword\nshoes\nbad \u{1}\u{2}".utf8) + [0x81, 0x8D, 0x0A], name: "odd.csv")
        // When it is imported
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path]) }
        // Then the line with the bad byte is named and re-saving as UTF-8 is suggested
        #expect(error?.line == 3)
        #expect(error?.problem.hasPrefix("not valid UTF-8 text") == true)
        #expect(error?.hint.contains("UTF-8") == true)
    }

    @Test("UTF-16 with an odd byte count is truncated")
    func truncatedUTF16() {
        // Given a Keyword Planner file cut one byte short
        // When it is imported
        let error = Fixture.error(importing: "bad_truncated_utf16.csv")
        // Then it is reported as truncated at its last line
        #expect(error?.problem == "truncated file (UTF-16 text ends in the middle of a character)")
        #expect(error?.line == 7)
    }

    @Test("a quote left open at the end of the file is a truncation")
    func unterminatedQuote() {
        // Given a CSV whose third line opens a quote that never closes
        // When it is imported
        let error = Fixture.error(importing: "bad_unterminated_quote.csv")
        // Then the error points at the line that opened it
        #expect(error?.line == 3)
        #expect(error?.problem == "truncated file (a quoted field opened here is never closed)")
    }

    @Test("an unbalanced quote names the row's first line, counting quoted newlines")
    func unbalancedQuote() throws {
        // Given a CSV with a two-line quoted field, then a row whose quote swallows two lines
        // When it is imported
        let error = try #require(Fixture.error(importing: "bad_unbalanced_quote.csv"))
        // Then the row starting on line 4 is blamed
        #expect(error.line == 4)
        #expect(error.problem == "unbalanced quote in row")
        #expect(error.description.hasSuffix(
            "bad_unbalanced_quote.csv, line 4: unbalanced quote in row. Fix: close the quote (write a quote inside a quoted field as \"\") or re-export the file."
        ))
    }

    @Test("an unknown CSV asks for --column and lists the header")
    func missingKeywordColumn() {
        // Given a CSV without any keyword-like column
        // When it is imported without a column name
        let error = Fixture.error(importing: "bad_no_keyword_column.csv")
        // Then the error lists the headers and suggests --column
        #expect(error?.line == 1)
        #expect(error?.problem == "missing keyword column: no header names a keyword column (found \"Name\", \"Score\", \"Owner\")")
        #expect(error?.hint == "pass --column=NAME with the header of the column that holds the keywords.")
    }

    @Test("a named column that does not exist")
    func namedColumnMissing() {
        // Given the same CSV and a column name it lacks
        // When it is imported
        let error = Fixture.error(importing: "bad_no_keyword_column.csv", column: "Phrase")
        // Then the error says so and lists the headers
        #expect(error?.problem == "no column named \"Phrase\" in the header (found \"Name\", \"Score\", \"Owner\")")
    }

    @Test("an unknown CSV becomes readable with the column named")
    func namedColumnFixes() throws {
        // Given the same CSV
        // When its Name column is named as the keyword column
        let result = try Fixture.importing("bad_no_keyword_column.csv", column: "name")
        // Then it imports
        #expect(result.texts == ["foo", "bar"])
    }

    @Test("a header without rows yields no keywords")
    func headerOnly() {
        // Given a CSV with only a header
        // When it is imported
        let error = Fixture.error(importing: "bad_header_only.csv")
        // Then it fails, pointing after the header
        #expect(error?.problem == "no keywords found: the file has no data rows")
        #expect(error?.line == 2)
    }

    @Test("a file whose rows are all skipped yields no keywords")
    func allRowsSkipped() {
        // Given a CSV whose only rows have control characters or no keyword
        // When it is imported
        let error = Fixture.error(importing: "bad_all_rows_skipped.csv")
        // Then it fails with the counts
        #expect(error?.problem == "no keywords found: all 2 rows were skipped (1 empty, 0 too long, 1 with control characters)")
    }

    @Test("the first failing file stops the import")
    func firstFailureWins() {
        // Given a good file followed by a bad one
        // When they are imported together
        let error = Fixture.error(importing: "semrush_magic.csv", "bad_binary.xlsx")
        // Then the bad one is named
        #expect(error?.file == Fixture.path("bad_binary.xlsx"))
    }
}
