import Foundation
import Testing
@testable import Ingest

/// Excel on Windows saves plain "CSV" in Windows-1252: such files import, with a notice,
/// while binary data and other 8-bit code pages are still refused.
@Suite("Windows-1252 and Latin-1")
struct Windows1252Tests {
    /// `text` encoded in Windows-1252 (every character must have a byte).
    static func windows1252(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) { return UInt8(scalar.value) }
            let index = Windows1252.highControls.firstIndex { $0 == scalar }!
            return UInt8(0x80 + index)
        }
    }

    @Test("every byte 0x80-0x9F maps to its Windows-1252 character")
    func table() throws {
        // Given the 27 typographic characters of 0x80-0x9F in byte order
        let expected = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
        let bytes = (0x80...0x9F).map(UInt8.init).filter { ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0) }
        // When they are transcoded
        let text = String(decoding: Windows1252.transcode(bytes), as: UTF8.self)
        // Then they are those characters, and the five undefined bytes have none
        #expect(text == expected)
        #expect([0x81, 0x8D, 0x8F, 0x90, 0x9D].allSatisfy { Windows1252.scalar($0) == nil })
        #expect(Windows1252.scalar(0xE9) == "é")
    }

    @Test("a Windows-1252 export decodes to the right text, named Windows-1252")
    func windowsText() throws {
        // Given a CSV with accents, curly quotes, a euro sign and a dash, in Windows-1252
        let text = "Keyword;Volume\r\ncafé crème;1200\r\n“best” rosé wine €10;300\r\nœuvre – Müller straße;40\r\n"
        let bytes = Self.windows1252(text)
        #expect(TextDecoding.firstInvalidUTF8(bytes) != nil)
        // When it is decoded
        let decoded = try TextDecoding.decode(bytes, file: "excel.csv")
        // Then it is the original text, in UTF-8
        #expect(decoded.encoding == .windows1252)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == text)
        #expect(decoded.encoding.legacyName == "Windows-1252")
    }

    @Test("text without bytes 0x80-0x9F is named Latin-1")
    func latin1Text() throws {
        // Given French and German keywords in Latin-1
        let text = "keyword\nété à paris\ngrüße aus köln\n"
        // When they are decoded
        let decoded = try TextDecoding.decode(Self.windows1252(text), file: "latin1.csv")
        // Then they read right and the encoding is Latin-1
        #expect(decoded.encoding == .latin1)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == text)
    }

    @Test("the importer keeps the keywords and adds a notice naming the file and the encoding")
    func importNotice() throws {
        // Given a Windows-1252 keyword list on disk
        let path = try Fixture.temporaryFile(Self.windows1252("keyword,volume\ncafé noir,10\n“quoted” crème,5\n"), name: "excel-export.csv")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then the keywords are the UTF-8 ones and one notice says what was done
        #expect(result.texts == ["café noir", "“quoted” crème"])
        let notices = result.warnings.filter { $0.contains("Windows-1252") }
        #expect(notices.count == 1)
        #expect(notices.first?.hasPrefix(path) == true)
        #expect(notices.first?.contains("CSV UTF-8") == true)
    }

    @Test("random bytes, other code pages and damaged UTF-8 are still refused", arguments: [
        ("random bytes", (0..<4_096).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) | 1 }),
        ("Cyrillic in Windows-1251", [0xEF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x20, 0xEC, 0xE8, 0xF0, 0x0A]),
        ("undefined byte 0x81", Array("caf".utf8) + [0xE9, 0x81, 0x0A]),
        ("UTF-8 with one Latin-1 byte", Array("crème brûlée à la carte\nnaïve\n".utf8) + [0xE9, 0x0A]),
        ("control bytes", Array("caf".utf8) + [0xE9, 0x01, 0x02, 0x03, 0x0A]),
    ] as [(String, [UInt8])])
    func refused(name: String, bytes: [UInt8]) {
        // Given bytes that are not valid UTF-8 and do not read as Western text
        // When they are decoded
        let error = #expect(throws: IngestError.self, "\(name)") { try TextDecoding.decode(bytes, file: "x.csv") }
        // Then they are refused as not UTF-8
        #expect(error?.problem.hasPrefix("not valid UTF-8 text") == true, "\(name): \(String(describing: error))")
    }

    @Test("UTF-8 cut in its last character is a truncated file, not Windows-1252")
    func truncatedUTF8() {
        // Given UTF-8 text whose last character lost its continuation bytes
        let bytes = Array("keyword\ncafé\nthé".utf8).dropLast()
        // When it is decoded
        let error = #expect(throws: IngestError.self) { try TextDecoding.decode(Array(bytes), file: "cut.csv") }
        // Then it is truncated at line 3
        #expect(error?.problem == "truncated file (UTF-8 text ends in the middle of a character)")
        #expect(error?.line == 3)
    }

    @Test("a UTF-8 BOM keeps the file UTF-8: bad bytes after it are refused")
    func bomMeansUTF8() {
        // Given a BOM followed by a Latin-1 byte
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("caf".utf8) + [0xE9, 0x0A]
        // When it is decoded
        // Then it is refused
        #expect(throws: IngestError.self) { try TextDecoding.decode(bytes, file: "bom.csv") }
    }
}
