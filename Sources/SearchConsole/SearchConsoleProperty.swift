/// Checks a property name as `--gsc` takes it, before anything is asked of Google.
public enum SearchConsoleProperty {
    /// The days Search Console keeps: 16 months.
    public static let maxDays = 486

    /// - Throws: ``SearchConsoleError`` of kind `.usage`: a name that is neither
    ///   `sc-domain:HOST` nor an `http(s)://` URL prefix ending in `/`, or days outside
    ///   1...``maxDays``.
    public static func validate(_ property: String, days: Int) throws {
        let problem: String?
        if property.hasPrefix("sc-domain:") {
            let host = property.dropFirst("sc-domain:".count)
            problem = host.isEmpty || host.contains("/") || host.contains(" ") ? "\"\(property)\" is not a domain property" : nil
        } else if property.hasPrefix("https://") || property.hasPrefix("http://") {
            problem = property.hasSuffix("/") ? nil : "a URL-prefix property ends with \"/\" as Search Console lists it (\(property)/)"
        } else {
            problem = "\"\(property)\" is neither a domain property (sc-domain:example.com) nor a URL prefix (https://www.example.com/)"
        }
        if let problem {
            throw SearchConsoleError(.usage, subject: "--gsc", problem: problem,
                                     hint: "pass the property exactly as Search Console's property list shows it")
        }
        guard (1...maxDays).contains(days) else {
            throw SearchConsoleError(.usage, subject: "--gsc-days", problem: "\(days) is not 1-\(maxDays) (Search Console keeps 16 months)",
                                     hint: "pass the number of days to read, e.g. --gsc-days=90")
        }
    }
}
