/// Project slugs: `example.com` becomes `example-com`.
public enum ProjectSlug {
    /// The slug of a domain (or of a URL): lower-case letters, digits and single dashes.
    /// - Complexity: O(length of domain)
    public static func make(fromDomain domain: String) -> String {
        var host = domain.lowercased()
        if let scheme = host.range(of: "://") { host = String(host[scheme.upperBound...]) }
        if let slash = host.firstIndex(of: "/") { host = String(host[..<slash]) }
        // The host names the project, not the port it answers on (`127.0.0.1:8080` -> `127-0-0-1`).
        if let colon = host.lastIndex(of: ":"), !host[host.index(after: colon)...].isEmpty,
           host[host.index(after: colon)...].allSatisfy(\.isNumber) { host = String(host[..<colon]) }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        var slug = ""
        for scalar in host.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-"), !slug.isEmpty {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }
}
