/// Text made safe for HTML, and the number formats the report uses.
public enum HtmlText {
    /// `text` with `& < > " '` replaced by entities: safe in element content and in quoted attributes.
    /// - Complexity: O(characters)
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// The URL, escaped for an `href`, when it is http or https; nil for anything else (a
    /// `javascript:` or `data:` URL in user data must never become a link).
    public static func safeLink(_ url: String) -> String? {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return nil }
        return escape(url)
    }

    /// An integer with thousands separators: 1234567 -> "1,234,567".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (position, digit) in digits.enumerated() {
            if position > 0, (digits.count - position) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// A coordinate with at most two decimals and no trailing zeros (SVG files stay small).
    static func coordinate(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        guard hundredths.isFinite else { return "0" }
        let whole = Int(hundredths)
        if whole % 100 == 0 { return String(whole / 100) }
        let sign = whole < 0 ? "-" : ""
        let magnitude = whole.magnitude
        let fraction = magnitude % 100
        return sign + String(magnitude / 100) + (fraction % 10 == 0 ? "." + String(fraction / 10) : (fraction < 10 ? ".0" : ".") + String(fraction))
    }

    /// `text` cut to `limit` characters, with an ellipsis when cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        guard limit > 1, text.count > limit else { return limit > 1 ? text : "" }
        return String(text.prefix(limit - 1)) + "…"
    }
}
