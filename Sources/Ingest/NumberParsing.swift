/// Reads the numbers of keyword exports straight from UTF-8 bytes, without building strings.
///
/// Handles the spellings seen in real exports:
/// - thousands separators: `"7,166"`, `1.234` (in a count), `1 234`, `1'234`;
/// - decimal points and commas: `104000.0`, `0,45` (German, French, ... interfaces);
/// - currency and unit decoration: `$1.20`, `0,45 €`, `45.61%` (a percentage becomes a
///   fraction when asked for one), `1.2K`, `3M`;
/// - Keyword Planner volume buckets such as `1K – 10K` (en dash, em dash or hyphen).
///
/// **Bucket rule.** A bucket becomes the geometric mean of its bounds, rounded, with a lower
/// bound of 0 counted as 1: `1K – 10K` → 3162, `10K – 100K` → 31623, `100 – 1K` → 316,
/// `0 – 10` → 3. Google's buckets are a factor of ten wide, so the geometric mean is the
/// middle on the logarithmic scale the buckets are drawn on; the lower bound would rank every
/// keyword of a bucket at its floor.
///
/// **Separator rule.** With both `.` and `,` present the last one is the decimal separator.
/// A separator that occurs several times groups thousands. A single separator followed by
/// exactly three digits (and not after a lone `0`) groups thousands in a count; in a decimal
/// field a single `.` is a decimal point and a single `,` is a decimal comma unless the file
/// itself is comma-separated. Every other single separator is a decimal separator.
enum NumberParsing {
    /// Parses a count (volume, clicks, impressions), rounding to the nearest integer.
    ///
    /// - Returns: the value and whether it was a bucket such as `1K – 10K`; `nil` when the
    ///   field holds no number (`""`, `-`, `n/a`).
    /// - Complexity: O(*m*) in the length of the field.
    static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> (value: Int, isRange: Bool)? {
        if let (low, high) = rangeBounds(bytes) {
            let mean = (max(low, 1) * max(high, 1)).squareRoot()
            return toInt(mean).map { ($0, true) }
        }
        return number(bytes, whole: 0, count: bytes.count, integerField: true, commaIsDecimal: false)
            .flatMap(toInt).map { ($0, false) }
    }

    /// Parses a decimal value (CPC, difficulty, position, competition).
    ///
    /// - Parameter commaIsDecimal: whether a single `,` is a decimal comma (files that are not
    ///   comma-separated).
    /// - Complexity: O(*m*) in the length of the field.
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, commaIsDecimal: Bool) -> Double? {
        number(bytes, whole: 0, count: bytes.count, integerField: false, commaIsDecimal: commaIsDecimal)
    }

    /// Parses a rate as a fraction: `45.61%` → 0.4561; a bare number above 1 is taken as a
    /// percentage too (`45.61` → 0.4561), a bare number up to 1 as a fraction.
    ///
    /// - Complexity: O(*m*) in the length of the field.
    static func fraction(_ bytes: UnsafeBufferPointer<UInt8>, commaIsDecimal: Bool) -> Double? {
        // A percentage is scaled with its decimals (`4.56%` is 456 / 10^4), so it comes out
        // as the nearest double to the fraction, as a workbook's stored 0.0456 does.
        let isPercent = bytes.contains(UInt8(ascii: "%"))
        guard let value = number(
            bytes, whole: 0, count: bytes.count, integerField: false, commaIsDecimal: commaIsDecimal, percent: isPercent
        ) else {
            return nil
        }
        return !isPercent && value > 1 ? value / 100 : value
    }

    /// A rate stored as a number (a workbook cell): a percentage cell holds the fraction itself
    /// (`12.5%` is 0.125); a number above 1 is taken as a percentage, as in text.
    static func fraction(_ value: Double) -> Double? {
        value > 1 ? value / 100 : value
    }

    static func toInt(_ value: Double) -> Int? {
        guard value.isFinite, abs(value) < 9.0e15 else { return nil }
        return Int(value.rounded())
    }

    /// Finds `low – high` in a bucket field, accepting an en dash, an em dash or a hyphen
    /// that follows a digit.
    ///
    /// - Complexity: O(*m*) in the length of the field.
    static func rangeBounds(_ bytes: UnsafeBufferPointer<UInt8>) -> (Double, Double)? {
        var seenDigit = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if isDigit(byte) { seenDigit = true }
            var dashLength = 0
            if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x93 || bytes[index + 2] == 0x94 {
                dashLength = 3
            } else if byte == UInt8(ascii: "-"), seenDigit {
                dashLength = 1
            }
            if dashLength > 0 {
                guard seenDigit,
                      let low = number(bytes, whole: 0, count: index, integerField: true, commaIsDecimal: false),
                      let high = number(bytes, whole: index + dashLength, count: bytes.count - index - dashLength, integerField: true, commaIsDecimal: false)
                else { return nil }
                return (low, high)
            }
            index += 1
        }
        return nil
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// Parses one number in `bytes[start ..< start + count]`; with `percent`, the number of
    /// percent (divided by 100 along with its decimals).
    ///
    /// - Complexity: O(*count*).
    private static func number(
        _ bytes: UnsafeBufferPointer<UInt8>, whole start: Int, count: Int, integerField: Bool, commaIsDecimal: Bool,
        percent: Bool = false
    ) -> Double? {
        let end = start + count
        var index = start
        // A spreadsheet formula (`=1+1`, `=A1*2`) is not a number, whatever digits it holds.
        while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
        if index < end, bytes[index] == UInt8(ascii: "=") { return nil }
        // Skip decoration before the number: spaces, currency symbols, "<", "~".
        var negative = false
        while index < end, !isDigit(bytes[index]) {
            let byte = bytes[index]
            if byte == UInt8(ascii: "-") { negative = true }
            if byte == UInt8(ascii: "."), index + 1 < end, isDigit(bytes[index + 1]) { break }
            if byte == UInt8(ascii: ","), index + 1 < end, isDigit(bytes[index + 1]) { break }
            index += 1
        }
        var mantissa: Double = 0
        var digitCount = 0
        var firstDigit: UInt8 = 0
        // Positions are counted in digits: where each separator sat, and its kind.
        var lastDot = -1, lastComma = -1, dots = 0, commas = 0
        while index < end {
            let byte = bytes[index]
            if isDigit(byte) {
                if digitCount == 0 { firstDigit = byte &- 0x30 }
                mantissa = mantissa * 10 + Double(byte &- 0x30)
                digitCount += 1
            } else if byte == UInt8(ascii: ".") {
                dots += 1; lastDot = digitCount
            } else if byte == UInt8(ascii: ",") {
                commas += 1; lastComma = digitCount
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "'") {
                // A grouping space or apostrophe only counts between digits.
                guard index + 1 < end, isDigit(bytes[index + 1]), digitCount > 0 else { break }
            } else if byte == 0xC2, index + 2 < end, bytes[index + 1] == 0xA0, isDigit(bytes[index + 2]) {
                index += 1 // no-break space used as a thousands separator
            } else if byte == 0xE2, index + 3 < end, bytes[index + 1] == 0x80, bytes[index + 2] == 0xAF, isDigit(bytes[index + 3]) {
                index += 2 // narrow no-break space used as a thousands separator
            } else {
                break
            }
            index += 1
        }
        guard digitCount > 0 else { return nil }
        // Suffix: K/M/B multipliers; "%" is left to the caller.
        while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
        var multiplier: Double = 1
        if index < end {
            switch bytes[index] | 0x20 {
            case UInt8(ascii: "k"): multiplier = 1_000
            case UInt8(ascii: "m"): multiplier = 1_000_000
            case UInt8(ascii: "b"): multiplier = 1_000_000_000
            default: break
            }
        }
        let fractionDigits = decimalDigits(
            digitCount: digitCount, lastDot: lastDot, dots: dots, lastComma: lastComma, commas: commas,
            integerField: integerField, commaIsDecimal: commaIsDecimal, leadingZero: firstDigit == 0
        )
        var scale: Double = percent ? 100 : 1
        for _ in 0..<fractionDigits { scale *= 10 }
        let value = mantissa * multiplier / scale
        return negative ? -value : value
    }

    /// How many of the digits are after the decimal separator, by the separator rule above.
    private static func decimalDigits(
        digitCount: Int, lastDot: Int, dots: Int, lastComma: Int, commas: Int, integerField: Bool, commaIsDecimal: Bool,
        leadingZero: Bool
    ) -> Int {
        if dots > 0 && commas > 0 {
            return digitCount - max(lastDot, lastComma)
        }
        let (position, occurrences, isComma) = dots > 0 ? (lastDot, dots, false) : (lastComma, commas, true)
        guard occurrences == 1 else { return 0 }
        let after = digitCount - position
        let looksGrouped = after == 3 && position > 0 && position <= 3 && !(position == 1 && leadingZero)
        if looksGrouped && (integerField || (isComma && !commaIsDecimal)) { return 0 }
        return after
    }
}
