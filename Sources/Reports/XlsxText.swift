/// Text as a SpreadsheetML cell holds it, and the workbook's limits.
public enum XlsxText {
    /// Excel's limit on the characters (UTF-16 code units) of one cell.
    public static let maximumCellLength = 32_767
    /// Excel's rows per sheet, the header row included.
    public static let maximumRows = 1_048_576
    /// Excel's columns per sheet (A ... XFD).
    public static let maximumColumns = 16_384

    /// `text` ready to stand between XML tags: `&`, `<`, `>` and `"` escaped; characters XML 1.0
    /// forbids (controls other than tab, line feed and carriage return, U+FFFE, U+FFFF) dropped; a
    /// carriage return written as `&#13;` so that XML readers keep it; a literal `_xHHHH_` (which
    /// Excel and LibreOffice decode as an escaped character) protected as `_x005F_xHHHH_`; cut to
    /// `maximumCellLength` UTF-16 units.
    /// - Returns: the escaped text and whether it was cut.
    /// - Complexity: O(length of text)
    public static func escaped(_ text: String) -> (xml: String, truncated: Bool) {
        if isPlain(text) { return (text, false) }
        var xml = ""
        xml.reserveCapacity(text.utf8.count + 16)
        var length = 0
        var truncated = false
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if !isAllowed(scalar) { continue }
            length += scalar.utf16.count
            if length > maximumCellLength {
                truncated = true
                break
            }
            switch scalar {
            case "&": xml += "&amp;"
            case "<": xml += "&lt;"
            case ">": xml += "&gt;"
            case "\"": xml += "&quot;"
            case "\r": xml += "&#13;"
            case "_" where startsEscapeSequence(scalars, at: index): xml += "_x005F_"
            default: xml.unicodeScalars.append(scalar)
            }
        }
        return (xml, truncated)
    }

    /// Whether a cell's text needs `xml:space="preserve"`: leading or trailing white space, or a
    /// line break or tab anywhere (readers may otherwise collapse it).
    static func needsPreservedSpace(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        return first == " " || last == " " || text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\t" }
    }

    /// Whether XML 1.0 allows the character.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// The column letters of a zero-based column index: 0 -> A, 25 -> Z, 26 -> AA, 16383 -> XFD.
    public static func columnName(_ index: Int) -> String {
        var index = index + 1
        var letters: [Character] = []
        while index > 0 {
            let remainder = (index - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            index = (index - 1) / 26
        }
        return String(letters.reversed())
    }

    /// Most text has nothing to escape: short, printable ASCII without `&<>"_`, or any other
    /// UTF-8 without those characters and controls.
    private static func isPlain(_ text: String) -> Bool {
        guard text.utf8.count <= maximumCellLength else { return false }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "_"): return false
            case 0..<0x20: return false
            case 0xEF: return false  // U+F000 ... U+FFFF, which holds U+FFFE and U+FFFF
            default: continue
            }
        }
        return true
    }

    /// Whether `_` followed by `scalars[index...]` reads `_xHHHH_`.
    private static func startsEscapeSequence(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 <= scalars.count, scalars[index] == "x" || scalars[index] == "X", scalars[index + 5] == "_" else { return false }
        return scalars[index + 1..<index + 5].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
