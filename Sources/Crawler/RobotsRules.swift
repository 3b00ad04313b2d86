import Foundation

/// A site's robots.txt as it applies to one crawler (RFC 9309, with the `*` and `$` extensions
/// every major crawler supports): the rules of the group naming the crawler's product token, or
/// of the `*` group when none does; the longest matching rule wins, Allow on a tie.
public struct RobotsRules: Sendable, Hashable {
    public struct Rule: Sendable, Hashable {
        public var allow: Bool
        public var pattern: String
    }

    /// The rules of the chosen group(s), in file order.
    public private(set) var rules: [Rule] = []
    /// The group's Crawl-delay in seconds, if it gives one.
    public private(set) var crawlDelay: Double?
    /// Every `Sitemap:` line of the file (they belong to no group).
    public private(set) var sitemaps: [String] = []

    /// Rules that allow everything (no robots.txt, or a 4xx answer).
    public static let allowAll = RobotsRules()

    /// Rules that disallow everything (robots.txt answered 5xx: RFC 9309 says assume so).
    public static let disallowAll = RobotsRules(rules: [Rule(allow: false, pattern: "/")])

    init(rules: [Rule] = [], crawlDelay: Double? = nil, sitemaps: [String] = []) {
        self.rules = rules
        self.crawlDelay = crawlDelay
        self.sitemaps = sitemaps
    }

    /// Parses a robots.txt body for the crawler whose product token is `userAgent`
    /// (matched case-insensitively; a group line `kwcluster/1.0` names `kwcluster`).
    /// - Complexity: O(lines)
    public init(parsing text: String, userAgent: String) {
        let token = userAgent.lowercased()
        struct Group { var agents: [String] = []; var rules: [Rule] = []; var delay: Double? }
        var groups: [Group] = []
        var current: Group?
        var lastWasAgent = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "user-agent":
                if !lastWasAgent {
                    if let current { groups.append(current) }
                    current = Group()
                }
                current?.agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                // An empty Disallow allows everything: no rule.
                guard !value.isEmpty else { continue }
                current?.rules.append(Rule(allow: key == "allow", pattern: value))
            case "crawl-delay":
                lastWasAgent = false
                if let delay = Double(value), delay >= 0 { current?.delay = delay }
            case "sitemap":
                if !value.isEmpty { sitemaps.append(value) }
            default:
                continue
            }
        }
        if let current { groups.append(current) }
        func names(_ agent: String) -> Bool {
            let product = agent.split(separator: "/").first.map(String.init) ?? agent
            return !product.isEmpty && product != "*" && token.hasPrefix(product)
        }
        var chosen = groups.filter { $0.agents.contains(where: names) }
        if chosen.isEmpty { chosen = groups.filter { $0.agents.contains("*") } }
        rules = chosen.flatMap(\.rules)
        crawlDelay = chosen.compactMap(\.delay).max()
    }

    /// Whether the path (with its query) may be fetched. `/robots.txt` always may.
    /// - Complexity: O(rules × path length)
    public func allows(path: String) -> Bool {
        if path == "/robots.txt" { return true }
        var best: (length: Int, allow: Bool)?
        for rule in rules where RobotsRules.matches(pattern: rule.pattern, path: path) {
            let length = rule.pattern.count
            if best == nil || length > best!.length || (length == best!.length && rule.allow) {
                best = (length, rule.allow)
            }
        }
        return best?.allow ?? true
    }

    /// Whether nothing on the site may be fetched (the root and a sample page are refused).
    public var disallowsEverything: Bool {
        !allows(path: "/") && !allows(path: "/index.html") && !allows(path: "/a")
    }

    /// Matches a robots pattern against a path from its start: `*` is any run of characters,
    /// a final `$` anchors the end.
    /// - Complexity: O(pattern length × path length) at worst
    static func matches(pattern: String, path: String) -> Bool {
        var pattern = Substring(pattern)
        let anchored = pattern.hasSuffix("$")
        if anchored { pattern = pattern.dropLast() }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let text = Array(path.utf8)
        guard let first = parts.first, text.starts(with: first) else { return false }
        if parts.count == 1 { return !anchored || text.count == first.count }
        var position = first.count
        for (index, part) in parts.enumerated().dropFirst() {
            let isLast = index == parts.count - 1
            if isLast && anchored {
                return text.count - part.count >= position && text.suffix(part.count).elementsEqual(part)
            }
            guard let found = find(part, in: text, from: position) else { return false }
            position = found + part.count
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        if needle.isEmpty { return start }
        guard haystack.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
