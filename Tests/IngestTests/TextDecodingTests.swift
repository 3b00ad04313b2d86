import Foundation
import Testing
@testable import Ingest

@Suite("TextDecoding")
struct TextDecodingTests {
    private let sample = "Keyword\tVolume\ncafé\t1\n"

    @Test("UTF-8 with and without BOM")
    func utf8() throws {
        // Given the same text with and without a UTF-8 BOM
        // When it is decoded
        let plain = try TextDecoding.decode(Array(sample.utf8), file: "a")
        let bom = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(sample.utf8), file: "a")
        // Then both give the text without the BOM
        #expect(plain.bytes == Array(sample.utf8))
        #expect(bom.bytes == Array(sample.utf8))
        #expect(bom.encoding == .utf8)
    }

    @Test("UTF-16 LE/BE with BOM and without (found by NUL bytes)")
    func utf16() throws {
        // Given the text in UTF-16 in every byte order, with and without BOM
        let units = Array(sample.utf16) + Array("😀".utf16)
        let little = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let expected = Array((sample + "😀").utf8)
        // When it is decoded
        // Then every variant gives the same UTF-8, surrogate pairs included
        #expect(try TextDecoding.decode([0xFF, 0xFE] + little, file: "a").bytes == expected)
        #expect(try TextDecoding.decode([0xFE, 0xFF] + big, file: "a").bytes == expected)
        #expect(try TextDecoding.decode(little, file: "a").encoding == .utf16LittleEndian)
        #expect(try TextDecoding.decode(little, file: "a").bytes == expected)
        #expect(try TextDecoding.decode(big, file: "a").encoding == .utf16BigEndian)
        #expect(try TextDecoding.decode(big, file: "a").bytes == expected)
    }

    @Test("UTF-16 ending in half a surrogate pair is truncated")
    func danglingSurrogate() {
        // Given UTF-16 LE whose last character lost its low surrogate
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x3D, 0xD8]
        // When it is decoded
        // Then it is a truncated file
        let error = #expect(throws: IngestError.self) { try TextDecoding.decode(bytes, file: "a") }
        #expect(error?.problem.hasPrefix("truncated file") == true)
    }

    @Test("a lone surrogate inside UTF-16 text is refused as binary")
    func loneSurrogate() {
        // Given UTF-16 LE with a low surrogate that follows no high surrogate
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x00, 0xDC, 0x62, 0x00]
        // When it is decoded
        // Then it is refused
        let error = #expect(throws: IngestError.self) { try TextDecoding.decode(bytes, file: "a") }
        #expect(error?.problem == "binary file (invalid UTF-16 text)")
    }

    @Test("the Keyword Planner fixture is real UTF-16 LE with a BOM")
    func plannerFixtureBytes() throws {
        // Given the committed Keyword Planner fixture
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixture.path("keyword_planner.csv"))))
        // When its bytes are inspected and decoded
        let decoded = try TextDecoding.decode(bytes, file: "keyword_planner.csv")
        // Then it starts with FF FE, has whole code units, and decodes to its tab-separated preamble
        #expect(Array(bytes.prefix(4)) == [0xFF, 0xFE, UInt8(ascii: "K"), 0x00])
        #expect(bytes.count % 2 == 0)
        #expect(decoded.encoding == .utf16LittleEndian)
        #expect(String(decoding: decoded.bytes.prefix(36), as: UTF8.self) == "Keyword Stats 2026-05-02 at 09_14_37")
    }

    @Test("invalid UTF-8 sequences are refused", arguments: [
        [0xC0, 0xAF] as [UInt8],         // overlong
        [0xED, 0xA0, 0x80],              // encoded surrogate
        [0x61, 0x80, 0x62],              // lone continuation byte
    ])
    func invalidUTF8(bytes: [UInt8]) {
        // Given malformed UTF-8
        // When it is decoded
        // Then it is refused as not UTF-8
        let error = #expect(throws: IngestError.self) { try TextDecoding.decode(bytes, file: "a") }
        #expect(error?.problem.hasPrefix("not valid UTF-8") == true)
    }
}
