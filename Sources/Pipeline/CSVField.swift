/// CSV fields as RFC 4180 writes them, with spreadsheet formula neutralisation.
enum CSVField {
    /// A text field: quoted when it holds a comma, quote or line break; a value a spreadsheet
    /// would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a
    /// leading apostrophe, as OWASP recommends for CSV injection.
    /// - Complexity: O(length of value)
    static func text(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func number<T: LosslessStringConvertible>(_ value: T?) -> String {
        value.map { String($0) } ?? ""
    }
}
