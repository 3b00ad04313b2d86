import Foundation
import Testing
@testable import Ingest

/// What the bad-input corpus and the fuzzer found: files of other types named .csv, formulas in
/// number cells, and a giant keyword cell.
@Suite struct ReliabilityFixesTests {
    @Test("a file of another type is named for what it is, with how to get a CSV out of it", arguments: [
        ([0x1F, 0x8B, 0x08, 0x00], "gzip-compressed", "gunzip"),
        (Array("%PDF-1.4\n1 0 obj\n".utf8), "PDF document", "export the keywords as CSV"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A], "an image", "keyword export"),
    ] as [([UInt8], String, String)])
    func fileSignatures(bytes: [UInt8], problem: String, hint: String) throws {
        // Given a file of another type, named .csv
        let path = try Fixture.temporaryFile(bytes, name: "keywords.csv")
        // When it is imported
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path]) }
        // Then the message says what the file is, on line 1, and what to do
        #expect(error?.line == 1)
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
        #expect(error?.hint.contains(hint) == true, "\(String(describing: error))")
    }

    @Test("a file that starts like a ZIP or an Office file but is cut short is named as damaged", arguments: [
        ([0x50, 0x4B, 0x03, 0x04] + Array("xx[Content_Types].xml..xl/workbook.xml".utf8), "the ZIP archive is damaged (no end of central directory record"),
        ([0x50, 0x4B, 0x03, 0x04] + Array("keywords.csv".utf8), "the ZIP archive is damaged (no end of central directory record"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00], "this is an old-format Office document"),
    ] as [([UInt8], String)])
    func cutShortContainers(bytes: [UInt8], problem: String) throws {
        // Given the first bytes of a ZIP archive or an OLE compound file, named .csv
        let path = try Fixture.temporaryFile(bytes, name: "keywords.csv")
        // When it is imported
        let error = #expect(throws: IngestError.self) { try KeywordImporter.importFiles([path]) }
        // Then the message says what it is, not that it is binary text
        #expect(error?.problem.hasPrefix(problem) == true, "\(String(describing: error))")
    }

    @Test("text that merely starts like a signature is still text")
    func textIsNotASignature() throws {
        // Given a plain list whose first keyword starts with "PK" and "%PDF" without the full magic bytes
        let path = try Fixture.temporaryFile(Array("pk shoes\n%pdf editor\n".utf8), name: "list.txt")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then both keywords arrive
        #expect(result.texts == ["pk shoes", "%pdf editor"])
    }

    @Test("a formula in a number cell is no number", arguments: ["=1+1", " =2*3", "=A1"])
    func formulaIsNoNumber(text: String) {
        var text = text
        #expect(text.withUTF8 { NumberParsing.count($0) } == nil)
        #expect(text.withUTF8 { NumberParsing.decimal($0, commaIsDecimal: false) } == nil)
    }

    @Test("a keyword cell of megabytes is skipped as too long without being normalised")
    func giantCell() throws {
        // Given a list whose first line is 1 MB of words and whose second is a keyword
        let giant = String(repeating: "red running shoes ", count: 60_000)
        let path = try Fixture.temporaryFile(Array((giant + "\nblue shoes\n").utf8), name: "giant.txt")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then the giant line is counted as too long and the keyword is kept
        #expect(result.texts == ["blue shoes"])
        #expect(result.files.first?.skippedTooLong == 1)
    }
}
