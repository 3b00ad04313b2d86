import Foundation

/// The site a crawl stays on: one host (and its `www.` twin) on one port, over http or https.
/// Every URL the crawler requests passes ``contains(_:)`` first, so no request ever goes to
/// another host.
public struct SiteScope: Sendable, Hashable, Codable {
    /// The host without a leading `www.`, lower-cased.
    public var host: String
    /// The port given in the start URL, or nil for the scheme's default (80 / 443).
    public var port: Int?

    public init(host: String, port: Int?) {
        let lower = host.lowercased()
        self.host = lower.hasPrefix("www.") ? String(lower.dropFirst(4)) : lower
        self.port = port
    }

    /// The scope of a start URL.
    public init(start: URL) {
        self.init(host: start.host ?? "", port: SiteScope.explicitPort(of: start))
    }

    /// Whether `url` is on the site: same host or its `www.` twin, same port (default ports of
    /// http and https count as one), scheme http or https.
    public func contains(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var other = url.host?.lowercased() else { return false }
        if other.hasPrefix("www.") { other.removeFirst(4) }
        return other == host && SiteScope.explicitPort(of: url) == port
    }

    /// The URL's port unless it is its scheme's default.
    static func explicitPort(of url: URL) -> Int? {
        guard let port = url.port else { return nil }
        let scheme = url.scheme?.lowercased()
        if (scheme == "http" && port == 80) || (scheme == "https" && port == 443) { return nil }
        return port
    }
}
