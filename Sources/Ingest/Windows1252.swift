/// Windows-1252 and its subset Latin-1 (ISO-8859-1): the 8-bit encodings Excel on Windows
/// writes its plain "CSV" in. Bytes 0x00-0x7F are ASCII, 0xA0-0xFF are U+00A0-U+00FF in both,
/// and 0x80-0x9F are typographic characters in Windows-1252 (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” •
/// – — ˜ ™ š › œ ž Ÿ; five bytes undefined) but C1 controls in Latin-1.
///
/// A file that is not valid UTF-8 is taken for Windows-1252 only when its bytes read as
/// Western European text (see ``guess(_:)``), so binary data and other 8-bit code pages
/// (Cyrillic, Greek, Shift-JIS...) are still refused instead of being imported as gibberish.
enum Windows1252 {
    /// The characters of bytes 0x80...0x9F; `nil` where Windows-1252 defines none
    /// (0x81, 0x8D, 0x8F, 0x90, 0x9D).
    static let highControls: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    /// The character of one byte, or `nil` for the five undefined bytes.
    @inline(__always)
    static func scalar(_ byte: UInt8) -> Unicode.Scalar? {
        if (0x80...0x9F).contains(byte) { return highControls[Int(byte - 0x80)] }
        return Unicode.Scalar(byte)
    }

    /// What a byte scan found; the basis of ``guess(_:)``.
    struct Evidence: Equatable {
        /// ASCII letters A-Z, a-z.
        var asciiLetters = 0
        /// Bytes 0x80-0xFF that are not part of a well-formed UTF-8 sequence.
        var highBytes = 0
        /// Those of them that are letters in Windows-1252 (é, ß, Œ, ...).
        var highLetters = 0
        /// Control bytes other than tab, line feed, form feed and carriage return, NUL included.
        var controls = 0
        /// Bytes Windows-1252 leaves undefined.
        var undefined = 0
        /// Whether any byte lies in 0x80-0x9F (Windows-1252 rather than Latin-1).
        var usesWindowsRange = false
        /// Well-formed multi-byte UTF-8 sequences (evidence for UTF-8 with damage instead).
        var utf8Sequences = 0
        /// The total number of bytes.
        var count = 0
    }

    /// Scans `bytes` once.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    static func evidence(_ bytes: [UInt8]) -> Evidence {
        var found = Evidence()
        found.count = bytes.count
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let byte = buffer[index]
                if byte < 0x80 {
                    if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { found.asciiLetters += 1 }
                    else if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D) || byte == 0x7F {
                        found.controls += 1
                    }
                    index += 1
                    continue
                }
                let length = wellFormedUTF8Length(buffer, at: index)
                if length > 1 {
                    found.utf8Sequences += 1
                    index += length
                    continue
                }
                found.highBytes += 1
                if byte <= 0x9F { found.usesWindowsRange = true }
                if let scalar = scalar(byte) {
                    if scalar.properties.isAlphabetic { found.highLetters += 1 }
                } else {
                    found.undefined += 1
                }
                index += 1
            }
        }
        return found
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0.
    ///
    /// - Complexity: O(1).
    static func wellFormedUTF8Length(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = buffer[index]
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch byte {
        case 0xC2...0xDF: length = 2; scalar = UInt32(byte & 0x1F); minimum = 0x80
        case 0xE0...0xEF: length = 3; scalar = UInt32(byte & 0x0F); minimum = 0x800
        case 0xF0...0xF4: length = 4; scalar = UInt32(byte & 0x07); minimum = 0x10000
        default: return 0
        }
        guard index + length <= buffer.count else { return 0 }
        for offset in 1..<length {
            let next = buffer[index + offset]
            guard next & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return 0 }
        return length
    }

    /// The encoding `bytes` (not valid UTF-8) is written in, when they read as Western text:
    /// no NUL and hardly any other control byte (at most one in a thousand), no byte
    /// Windows-1252 leaves undefined, no more well-formed UTF-8 sequences than a quarter of
    /// the stray high bytes (else it is UTF-8 with damage), and the stray high bytes mostly
    /// letters (at least half of them) but fewer letters than the ASCII ones (accents sit on
    /// mostly-ASCII words; text in another 8-bit code page is almost all high bytes).
    /// `.latin1` when no byte lies in 0x80-0x9F, else `.windows1252`; `nil` to refuse.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    static func guess(_ bytes: [UInt8]) -> TextEncoding? {
        let found = evidence(bytes)
        guard found.highBytes > 0, found.undefined == 0, !bytes.contains(0) else { return nil }
        guard found.controls * 1_000 <= found.count else { return nil }
        guard found.utf8Sequences * 4 < found.highBytes else { return nil }
        guard found.highLetters * 2 >= found.highBytes, found.highLetters <= found.asciiLetters else { return nil }
        return found.usesWindowsRange ? .windows1252 : .latin1
    }

    /// Transcodes Windows-1252 (or Latin-1) bytes into UTF-8; undefined bytes become U+FFFD.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    static func transcode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
            } else {
                TextDecoding.appendUTF8(scalar(byte)?.value ?? 0xFFFD, to: &output)
            }
        }
        return output
    }
}
