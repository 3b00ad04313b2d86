import Testing
@testable import Ingest

@Suite("KeywordNormalizer")
struct KeywordNormalizerTests {
    @Test("trims, lower-cases and collapses whitespace on the ASCII fast path")
    func asciiFastPath() {
        // Given raw ASCII cells with mixed case and stray whitespace
        // When they are normalised
        // Then they are lower-cased, trimmed and single-spaced
        #expect(KeywordNormalizer.normalize("  Running   SHOES \t for\tWomen ") == "running shoes for women")
        #expect(KeywordNormalizer.normalize("best-running_shoes 2026") == "best-running_shoes 2026")
    }

    @Test("returns nil when nothing is left")
    func emptyResults() {
        // Given cells that hold only whitespace or only match-type marks
        // When they are normalised
        // Then nothing is left
        #expect(KeywordNormalizer.normalize("") == nil)
        #expect(KeywordNormalizer.normalize("   \t ") == nil)
        #expect(KeywordNormalizer.normalize("[]") == nil)
        #expect(KeywordNormalizer.normalize("\"  \"") == nil)
    }

    @Test("removes match-type marks", arguments: [
        ("[exact match]", "exact match"),
        ("\"phrase match\"", "phrase match"),
        ("+broad +match +modifier", "broad match modifier"),
        ("+Running shoes", "running shoes"),
        (" [ Trail Shoes ] ", "trail shoes"),
        ("c++ tutorial", "c++ tutorial"),
        ("1 + 1", "1 + 1"),
        ("12\" pizza", "12\" pizza"),
    ])
    func matchTypeMarks(raw: String, expected: String) {
        // Given a keyword carrying a Google Ads match-type mark (or a look-alike that is not one)
        // When it is normalised
        // Then the marks are gone and everything else stays
        #expect(KeywordNormalizer.normalize(raw) == expected)
    }

    @Test("applies NFKC and Unicode lower-casing to non-ASCII text")
    func unicode() {
        // Given full-width, ligature, decomposed and no-break-space spellings
        // When they are normalised
        // Then they meet their plain, composed, lower-case forms
        #expect(KeywordNormalizer.normalize("ＲＵＮＮＩＮＧ　ＳＨＯＥＳ") == "running shoes")
        #expect(KeywordNormalizer.normalize("ﬁtness Tracker") == "fitness tracker")
        #expect(KeywordNormalizer.normalize("Cafe\u{301} au lait") == "café au lait")
        #expect(KeywordNormalizer.normalize("CAFÉ\u{00A0}AU LAIT") == "café au lait")
        #expect(KeywordNormalizer.normalize("Straße Laufen") == "straße laufen")
        #expect(KeywordNormalizer.normalize("ÜBER\u{200B}SCHUHE") == "überschuhe")
        #expect(KeywordNormalizer.normalize("[Laufschuhe Größe 42]") == "laufschuhe größe 42")
    }
}
