@testable import Reports
import Testing

@Suite struct XlsxTextTests {
    @Test func markupIsEscaped() {
        #expect(XlsxText.escaped("a<b & c>\"d\"").xml == "a&lt;b &amp; c&gt;&quot;d&quot;")
        #expect(XlsxText.escaped("=SUM(A1)").xml == "=SUM(A1)")
        #expect(XlsxText.escaped("🌱 حديقة").xml == "🌱 حديقة")
    }

    @Test func charactersXMLForbidsAreDropped() {
        #expect(XlsxText.escaped("a\u{0}b\u{1}c\u{1F}d\u{FFFE}e\u{FFFF}f\u{B}").xml == "abcdef")
        #expect(XlsxText.escaped("tab\there\nline").xml == "tab\there\nline")
        #expect(XlsxText.escaped("carriage\rreturn").xml == "carriage&#13;return")
        #expect(XlsxText.escaped("\u{FFFD}\u{E000}").xml == "\u{FFFD}\u{E000}")
    }

    @Test func literalEscapeSequencesAreProtected() {
        #expect(XlsxText.escaped("_x0041_").xml == "_x005F_x0041_")
        #expect(XlsxText.escaped("a_x00e9_b").xml == "a_x005F_x00e9_b")
        #expect(XlsxText.escaped("_x00G1_ snake_case").xml == "_x00G1_ snake_case")
    }

    @Test func longTextIsCutAtExcelsLimit() {
        let cut = XlsxText.escaped(String(repeating: "é", count: 40_000))
        #expect(cut.truncated)
        #expect(cut.xml.utf16.count == XlsxText.maximumCellLength)
        // An emoji is two UTF-16 units: it is not split at the limit.
        let emoji = XlsxText.escaped(String(repeating: "a", count: XlsxText.maximumCellLength - 1) + "😀")
        #expect(emoji.truncated)
        #expect(emoji.xml.utf16.count == XlsxText.maximumCellLength - 1)
        #expect(!XlsxText.escaped(String(repeating: "a", count: XlsxText.maximumCellLength)).truncated)
    }

    @Test func columnNamesRunPastZ() {
        let expected = [0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16_383: "XFD"]
        for (index, name) in expected {
            #expect(XlsxText.columnName(index) == name)
        }
    }

    @Test func spaceIsPreservedWhereReadersWouldDropIt() {
        #expect(XlsxText.needsPreservedSpace(" leading"))
        #expect(XlsxText.needsPreservedSpace("trailing "))
        #expect(XlsxText.needsPreservedSpace("two\nlines"))
        #expect(!XlsxText.needsPreservedSpace("plain words"))
        #expect(!XlsxText.needsPreservedSpace(""))
    }
}
