import Foundation

/// The text encodings the importer accepts.
enum TextEncoding: Sendable, Equatable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    /// Windows-1252 (Excel's "CSV" on Windows): not valid UTF-8, with bytes in 0x80-0x9F.
    case windows1252
    /// Latin-1 (ISO-8859-1): not valid UTF-8, no bytes in 0x80-0x9F.
    case latin1

    /// The name a notice gives the encoding, or `nil` for the Unicode encodings (no notice).
    var legacyName: String? {
        switch self {
        case .utf8, .utf16LittleEndian, .utf16BigEndian: nil
        case .windows1252: "Windows-1252"
        case .latin1: "Latin-1 (ISO-8859-1)"
        }
    }
}

/// A file's text as validated UTF-8 bytes, without any byte order mark.
struct DecodedText: Sendable {
    var bytes: [UInt8]
    var encoding: TextEncoding
}

/// Turns raw file bytes into validated UTF-8.
///
/// Accepts UTF-8 with or without BOM and UTF-16 LE/BE with BOM, or without BOM when the
/// NUL bytes sit in every other position. A file without BOM that is not valid UTF-8 is read
/// as Windows-1252 or Latin-1 when its bytes look like Western text (``Windows1252/guess(_:)``;
/// the importer then adds a notice). Anything else with NUL bytes, or other bytes that are
/// not valid UTF-8, is reported as binary; UTF-16 with an odd byte count or a dangling
/// surrogate at the end, or UTF-8 cut in the middle of its last character, as truncated.
enum TextDecoding {
    /// Decodes `data` read from `file` (used in error messages).
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    static func decode(_ data: consuming [UInt8], file: String) throws(IngestError) -> DecodedText {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            data.removeFirst(3) // in place: the caller handed the buffer over
            return DecodedText(bytes: try validatedUTF8(data, file: file), encoding: .utf8)
        }
        if data.starts(with: [0xFF, 0xFE]) {
            return DecodedText(bytes: try transcodeUTF16(data, from: 2, bigEndian: false, file: file), encoding: .utf16LittleEndian)
        }
        if data.starts(with: [0xFE, 0xFF]) {
            return DecodedText(bytes: try transcodeUTF16(data, from: 2, bigEndian: true, file: file), encoding: .utf16BigEndian)
        }
        if let bigEndian = bomlessUTF16ByteOrder(data) {
            let encoding: TextEncoding = bigEndian ? .utf16BigEndian : .utf16LittleEndian
            return DecodedText(bytes: try transcodeUTF16(data, from: 0, bigEndian: bigEndian, file: file), encoding: encoding)
        }
        guard let offset = firstInvalidUTF8(data) else { return DecodedText(bytes: data, encoding: .utf8) }
        if data[offset] != 0, !isCutUTF8(data, at: offset), let legacy = Windows1252.guess(data) {
            return DecodedText(bytes: Windows1252.transcode(data), encoding: legacy)
        }
        throw utf8Error(data, at: offset, file: file)
    }

    /// Whether the only bad bytes are an incomplete sequence at the very end of a file that
    /// holds well-formed multi-byte UTF-8 before it: UTF-8 cut short, not another encoding.
    ///
    /// - Complexity: O(1) beyond the check of the last bytes.
    static func isCutUTF8(_ bytes: [UInt8], at offset: Int) -> Bool {
        guard bytes.count - offset < 4, bytes[offset] >= 0xC2, bytes[offset] <= 0xF4 else { return false }
        guard bytes[(offset + 1)...].allSatisfy({ $0 & 0xC0 == 0x80 }) else { return false }
        return bytes[..<offset].contains { $0 >= 0x80 }
    }

    /// Guesses the byte order of BOM-less UTF-16 from where the NUL bytes sit in the first
    /// kilobyte: mostly-ASCII UTF-16 text has a NUL in every other byte. Returns `nil` when
    /// the data does not look like UTF-16.
    ///
    /// - Complexity: O(1): looks at no more than 1,024 bytes.
    static func bomlessUTF16ByteOrder(_ data: [UInt8]) -> Bool? {
        let sample = min(data.count, 1024) & ~1
        guard sample >= 2 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for index in stride(from: 0, to: sample, by: 2) {
            if data[index] == 0 { evenZeros += 1 }
            if data[index + 1] == 0 { oddZeros += 1 }
        }
        let pairs = sample / 2
        if oddZeros * 10 >= pairs * 4 && evenZeros * 10 < pairs { return false }
        if evenZeros * 10 >= pairs * 4 && oddZeros * 10 < pairs { return true }
        return nil
    }

    /// Checks that `bytes` is NUL-free, well-formed UTF-8 and returns it unchanged.
    ///
    /// - Complexity: O(*n*); the ASCII bytes take a one-comparison fast path.
    static func validatedUTF8(_ bytes: [UInt8], file: String) throws(IngestError) -> [UInt8] {
        guard let offset = firstInvalidUTF8(bytes) else { return bytes }
        throw utf8Error(bytes, at: offset, file: file)
    }

    /// The offset of the first NUL byte or byte that breaks UTF-8, or `nil` for valid text.
    ///
    /// - Complexity: O(*n*); the ASCII bytes take a one-comparison fast path.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                if byte < 0x80 {
                    if byte == 0 { return index }
                    index += 1
                    continue
                }
                let length: Int
                let minimum: UInt32
                var scalar: UInt32
                switch byte {
                case 0xC2...0xDF: length = 2; scalar = UInt32(byte & 0x1F); minimum = 0x80
                case 0xE0...0xEF: length = 3; scalar = UInt32(byte & 0x0F); minimum = 0x800
                case 0xF0...0xF4: length = 4; scalar = UInt32(byte & 0x07); minimum = 0x10000
                default: return index
                }
                guard index + length <= count else { return index }
                for offset in 1..<length {
                    let next = buffer[index + offset]
                    guard next & 0xC0 == 0x80 else { return index }
                    scalar = scalar << 6 | UInt32(next & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
                index += length
            }
            return nil
        }
    }

    /// The error for the bad byte at `offset`: binary (a NUL), truncated (UTF-8 cut in its last
    /// character) or neither UTF-8 nor Western 8-bit text.
    static func utf8Error(_ bytes: [UInt8], at offset: Int, file: String) -> IngestError {
        let line = lineNumber(atOffset: offset, in: bytes)
        if bytes[offset] == 0 {
            return IngestError(
                file: file, line: line,
                problem: "binary file (NUL bytes that are not UTF-16 text)",
                hint: "pass a CSV, TSV or plain-text keyword export, not a spreadsheet or other binary file."
            )
        }
        if isCutUTF8(bytes, at: offset) {
            return IngestError(
                file: file, line: line,
                problem: "truncated file (UTF-8 text ends in the middle of a character)",
                hint: "the download or copy was cut short; export the file again."
            )
        }
        return IngestError(
            file: file, line: line,
            problem: "not valid UTF-8 text, nor Windows-1252 or Latin-1 text (a binary file, another encoding, or UTF-8 mixed with another encoding)",
            hint: "re-save the file as CSV UTF-8 (or UTF-16) and import it again."
        )
    }

    /// Transcodes UTF-16 code units starting at byte `start` into UTF-8.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    static func transcodeUTF16(_ data: [UInt8], from start: Int, bigEndian: Bool, file: String) throws(IngestError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.count / 2 + 16)
        var problem: (offset: Int, truncated: Bool)? = nil
        data.withUnsafeBufferPointer { buffer in
            let end = start + (buffer.count - start) / 2 * 2
            func unit(_ index: Int) -> UInt32 {
                bigEndian
                    ? UInt32(buffer[index]) << 8 | UInt32(buffer[index + 1])
                    : UInt32(buffer[index + 1]) << 8 | UInt32(buffer[index])
            }
            var index = start
            while index < end {
                var scalar = unit(index)
                index += 2
                if scalar == 0 { problem = (index - 2, false); return }
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index < end else { problem = (index - 2, true); return }
                    let low = unit(index)
                    guard (0xDC00...0xDFFF).contains(low) else { problem = (index - 2, false); return }
                    index += 2
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    problem = (index - 2, false); return
                }
                appendUTF8(scalar, to: &output)
            }
            if end != buffer.count { problem = (end, true) }
        }
        guard let problem else { return output }
        let line = lineNumber(atOffset: output.count, in: output)
        if problem.truncated {
            throw IngestError(
                file: file, line: line,
                problem: "truncated file (UTF-16 text ends in the middle of a character)",
                hint: "the download or copy was cut short; export the file again."
            )
        }
        throw IngestError(
            file: file, line: line,
            problem: "binary file (invalid UTF-16 text)",
            hint: "pass a CSV, TSV or plain-text keyword export, not a spreadsheet or other binary file."
        )
    }

    /// Appends the UTF-8 encoding of a valid scalar value.
    @inline(__always)
    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The 1-based line that contains byte `offset`.
    ///
    /// - Complexity: O(*offset*).
    static func lineNumber(atOffset offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for byte in bytes[..<min(offset, bytes.count)] where byte == 0x0A { line += 1 }
        return line
    }
}
