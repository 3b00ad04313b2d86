/// Byte-level text helpers for pure-ASCII text, where `Character`'s properties come down to
/// byte ranges: shared by the word splitter, title case, title keys and subjects.
enum ASCIIText {
    /// ASCII whitespace, as `Character.isWhitespace` has it: tab, line feed, vertical tab, form
    /// feed, carriage return and space.
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// A letter or a digit (`Character.isLetter || isNumber` for ASCII): a byte of a word's core.
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// `byte` lower-cased (only `A-Z` change).
    static func lowered(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// `text` lower-cased, each run of separator bytes made one space and none kept at either
    /// end; nil when `text` is not pure ASCII.
    static func lowercasedCollapsing(_ text: String, separators isSeparator: (UInt8) -> Bool) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var spacePending = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                if isSeparator(byte) {
                    spacePending = !out.isEmpty
                    continue
                }
                if spacePending {
                    out.append(0x20)
                    spacePending = false
                }
                out.append(lowered(byte))
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
