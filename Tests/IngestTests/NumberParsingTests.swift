import Testing
@testable import Ingest

@Suite("NumberParsing")
struct NumberParsingTests {
    private func count(_ text: String) -> (value: Int, isRange: Bool)? {
        var text = text
        return text.withUTF8 { NumberParsing.count($0) }
    }

    private func decimal(_ text: String, commaIsDecimal: Bool = false) -> Double? {
        var text = text
        return text.withUTF8 { NumberParsing.decimal($0, commaIsDecimal: commaIsDecimal) }
    }

    private func fraction(_ text: String, commaIsDecimal: Bool = false) -> Double? {
        var text = text
        return text.withUTF8 { NumberParsing.fraction($0, commaIsDecimal: commaIsDecimal) }
    }

    @Test("reads counts with thousands separators and trailing decimals", arguments: [
        ("110000", 110_000), ("104000.0", 104_000), ("7,166", 7_166), ("203,808", 203_808),
        ("1,234,567", 1_234_567), ("14.800", 14_800), ("1 234", 1_234), ("1\u{00A0}234", 1_234),
        ("1'234", 1_234), (" 42 ", 42), ("1.2K", 1_200), ("3M", 3_000_000), ("9.6", 10),
    ])
    func counts(text: String, expected: Int) {
        // Given a count as exports spell it
        // When it is parsed
        // Then it is the intended whole number, not a bucket
        #expect(count(text)?.value == expected)
        #expect(count(text)?.isRange == false)
    }

    @Test("turns volume buckets into the geometric mean of their bounds", arguments: [
        ("1K – 10K", 3_162), ("10K – 100K", 31_623), ("100 – 1K", 316), ("0 – 10", 3),
        ("100K – 1M", 316_228), ("1K—10K", 3_162), ("501-850", 653),
    ])
    func buckets(text: String, expected: Int) {
        // Given a Keyword Planner (or Moz) range
        // When it is parsed as a count
        // Then the representative is the rounded geometric mean, flagged as a range
        #expect(count(text)?.value == expected)
        #expect(count(text)?.isRange == true)
    }

    @Test("reads decimals with points or commas")
    func decimals() {
        // Given decimals from comma-separated and from semicolon/tab-separated files
        // When they are parsed
        // Then decimal commas count only where the file allows them
        #expect(decimal("1.12") == 1.12)
        #expect(decimal("0,45", commaIsDecimal: true) == 0.45)
        #expect(decimal("0,45") == 0.45)
        #expect(decimal("1,250", commaIsDecimal: true) == 1.25)
        #expect(decimal("1,250") == 1_250)
        #expect(decimal("1.234,56", commaIsDecimal: true) == 1_234.56)
        #expect(decimal("1,234.56") == 1_234.56)
        #expect(decimal("$1.20") == 1.2)
        #expect(decimal("0,45 €", commaIsDecimal: true) == 0.45)
        #expect(decimal("-3") == -3)
    }

    @Test("reads rates as fractions")
    func fractions() {
        // Given click-through rates with and without a percent sign
        // When they are parsed as fractions
        // Then percentages are divided by 100
        #expect(isClose(fraction("45.61%"), 0.4561))
        #expect(isClose(fraction("4,56 %"), 0.0456))
        #expect(isClose(fraction("61"), 0.61))
        #expect(isClose(fraction("0.25"), 0.25))
    }

    @Test("gives nil for cells without a number", arguments: ["", "-", "--", "n/a", "N/A", " "])
    func notNumbers(text: String) {
        // Given an empty or placeholder cell
        // When it is parsed
        // Then there is no number
        #expect(count(text) == nil)
        #expect(decimal(text) == nil)
    }
}
