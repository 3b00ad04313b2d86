import Foundation

/// Turns a raw keyword cell into the canonical form used for de-duplication.
///
/// Steps, in order:
/// 1. Unicode NFKC (full-width letters, ligatures and no-break spaces become their plain
///    forms), then lower-casing with the locale-independent Unicode mapping. Zero-width
///    spaces, word joiners, soft hyphens and stray byte order marks are dropped.
/// 2. Match-type marks are removed: `[exact match]` → `exact match`,
///    `"phrase match"` → `phrase match`, `+broad +match` → `broad match` (a `+` only counts
///    as a mark at the start of a word that follows it, so `c++` and `1 + 1` survive).
/// 3. Leading and trailing whitespace is trimmed and inner runs collapse to one space.
///
/// Pure-ASCII input (the common case) takes a byte-level fast path that skips NFKC, which
/// cannot change ASCII text.
public enum KeywordNormalizer {
    /// The normalised keyword, or `nil` when nothing is left.
    ///
    /// - Complexity: O(*m*) in the length of `raw`.
    public static func normalize(_ raw: String) -> String? {
        var raw = raw
        return raw.withUTF8 { normalize(utf8: $0) }
    }

    /// The normalised keyword for UTF-8 bytes, or `nil` when nothing is left.
    ///
    /// - Complexity: O(*m*) in the number of bytes.
    static func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var isASCII = true
        for byte in bytes where byte >= 0x80 {
            isASCII = false
            break
        }
        if isASCII { return normalizeASCII(bytes) }
        let decoded = String(decoding: bytes, as: UTF8.self)
        var folded = decoded.precomposedStringWithCompatibilityMapping.lowercased()
        folded.unicodeScalars.removeAll { ignoredScalars.contains($0.value) }
        return folded.withUTF8 { normalizeASCII($0) }
    }

    /// Invisible characters that only get in the way of de-duplication.
    private static let ignoredScalars: Set<UInt32> = [0x00AD, 0x200B, 0x2060, 0xFEFF]

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Trims, strips match-type marks, lower-cases ASCII letters and collapses whitespace.
    /// Bytes of non-ASCII characters are copied unchanged, so this also finishes the
    /// non-ASCII path after NFKC and lower-casing.
    ///
    /// - Complexity: O(*m*) in the number of bytes.
    private static func normalizeASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        if end - start >= 2 {
            let first = bytes[start], last = bytes[end - 1]
            if (first == UInt8(ascii: "[") && last == UInt8(ascii: "]")) || (first == UInt8(ascii: "\"") && last == UInt8(ascii: "\"")) {
                start += 1
                end -= 1
            }
        }
        guard start < end else { return nil }
        let result = String(unsafeUninitializedCapacity: end - start) { output in
            var written = 0
            var pendingSpace = false
            var index = start
            while index < end {
                let byte = bytes[index]
                if isSpace(byte) {
                    pendingSpace = written > 0
                    index += 1
                    continue
                }
                let wordStart = written == 0 || pendingSpace
                if wordStart, byte == UInt8(ascii: "+"), index + 1 < end, !isSpace(bytes[index + 1]), bytes[index + 1] != UInt8(ascii: "+") {
                    index += 1
                    continue
                }
                if pendingSpace {
                    output[written] = 0x20
                    written += 1
                    pendingSpace = false
                }
                output[written] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                written += 1
                index += 1
            }
            return written
        }
        return result.isEmpty ? nil : result
    }
}
