/// Splits keywords (and titles, labels) into words, working on UTF-8 bytes.
///
/// A word is a maximal run of word characters: ASCII letters and digits, and every non-ASCII
/// character except common punctuation and symbols (Latin-1 punctuation, `×`, `÷`, the General
/// Punctuation block such as `’` `–` `“`, currency signs, CJK punctuation and emoji). Everything
/// else (spaces, ASCII punctuation, apostrophes, hyphens, dots) separates words, so `men's` gives
/// `men` and `s`, and `e-commerce` gives `e` and `commerce`. One exception keeps programming
/// names whole: `+` and `#` directly after an ASCII word and before a separator stay in it
/// (`c++`, `c#`, `f#`).
///
/// Splitting never cuts a character in two, and never changes case: the input is expected to be
/// normalised already (lower case, NFKC, single spaces).
public enum KeywordTokenizer {
    /// The words of `text`, as slices of it, in order.
    ///
    /// ```swift
    /// KeywordTokenizer.words("best c++ books – 2024's") // ["best", "c++", "books", "2024", "s"]
    /// ```
    /// - Complexity: O(text.utf8.count)
    public static func words(_ text: String) -> [Substring] {
        var text = text
        var ranges: [Range<Int>] = []
        text.withUTF8 { bytes in wordRanges(in: bytes, into: &ranges) }
        let utf8 = text.utf8
        return ranges.map { range in
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let upper = utf8.index(lower, offsetBy: range.count)
            return text[lower..<upper]
        }
    }

    /// Appends the byte ranges of the words of `bytes` to `ranges` (after emptying it).
    /// - Complexity: O(bytes.count)
    static func wordRanges(in bytes: UnsafeBufferPointer<UInt8>, into ranges: inout [Range<Int>]) {
        ranges.removeAll(keepingCapacity: true)
        let count = bytes.count
        var position = 0
        var wordStart = -1
        var lastWasASCIIWord = false
        while position < count {
            let byte = bytes[position]
            let length = scalarLength(lead: byte)
            let isWord: Bool
            if byte < 0x80 {
                isWord = isASCIIWordByte(byte)
            } else {
                isWord = !isSeparatorScalar(bytes, at: position, length: length)
            }
            if isWord {
                if wordStart < 0 { wordStart = position }
                lastWasASCIIWord = byte < 0x80
                position += length
                continue
            }
            if wordStart >= 0 {
                var end = position
                if lastWasASCIIWord, byte == UInt8(ascii: "+") || byte == UInt8(ascii: "#") {
                    end = programmingSuffixEnd(bytes, from: position)
                }
                ranges.append(wordStart..<end)
                wordStart = -1
                position = max(end, position + length)
            } else {
                position += length
            }
        }
        if wordStart >= 0 { ranges.append(wordStart..<count) }
    }

    /// Where a run of `+`/`#` starting at `start` ends if it closes a word (`c++`, `c#`), else
    /// `start` itself.
    /// - Complexity: O(length of the run)
    @inline(__always)
    private static func programmingSuffixEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count, end - start < 2, bytes[end] == UInt8(ascii: "+") || bytes[end] == UInt8(ascii: "#") {
            end += 1
        }
        if end < bytes.count {
            let next = bytes[end]
            let nextIsWord = next < 0x80 ? isASCIIWordByte(next)
                : !isSeparatorScalar(bytes, at: end, length: scalarLength(lead: next))
            if nextIsWord || next == UInt8(ascii: "+") || next == UInt8(ascii: "#") { return start }
        }
        return end
    }

    /// Whether an ASCII byte is a letter or a digit.
    @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a)
    }

    /// The length in bytes of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
    @inline(__always)
    static func scalarLength(lead: UInt8) -> Int {
        if lead < 0xc0 { return 1 }
        if lead < 0xe0 { return 2 }
        if lead < 0xf0 { return 3 }
        return 4
    }

    /// Whether the non-ASCII character at `position` is punctuation or a symbol.
    @inline(__always)
    private static func isSeparatorScalar(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, length: Int) -> Bool {
        guard position + length <= bytes.count else { return true }
        let lead = bytes[position]
        switch length {
        case 2:
            // U+0080-U+00BF (Latin-1 punctuation), U+00D7 ×, U+00F7 ÷.
            if lead == 0xc2 { return true }
            if lead == 0xc3 { return bytes[position + 1] == 0x97 || bytes[position + 1] == 0xb7 }
            return false
        case 3:
            let second = bytes[position + 1]
            // U+2000-U+206F general punctuation, U+20A0-U+20CF currency signs.
            if lead == 0xe2 { return second == 0x80 || second == 0x81 || second == 0x82 }
            // U+3000-U+303F CJK symbols and punctuation.
            if lead == 0xe3 { return second == 0x80 }
            return false
        case 4:
            // U+1F000-U+1FFFF: emoji and pictographs.
            return lead == 0xf0 && bytes[position + 1] == 0x9f
        default:
            return true
        }
    }
}
