import Foundation

/// The one form a page's URL is known by: absolute http(s), lower-case scheme and host, no
/// default port, no fragment, no tracking parameters, `/` for an empty path.
public enum CrawlURL {
    /// Query parameters that only track a visit and never change the page.
    static let trackingParameters: Set<String> = [
        "gclid", "gclsrc", "dclid", "fbclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl", "igshid",
        "ref_src", "spm", "wbraid", "gbraid", "_hsenc", "_hsmi", "mkt_tok", "oly_enc_id", "oly_anon_id", "vero_id",
    ]

    /// Link targets that are never HTML pages: not requested.
    static let nonPageExtensions: Set<String> = [
        "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "avif", "pdf", "zip", "gz", "tgz",
        "rar", "7z", "mp3", "mp4", "m4a", "avi", "mov", "wmv", "webm", "ogg", "wav", "css", "js", "json", "xml",
        "txt", "csv", "xls", "xlsx", "doc", "docx", "ppt", "pptx", "woff", "woff2", "ttf", "eot", "exe", "dmg", "apk",
    ]

    /// The normalised absolute URL of `reference` seen on a page at `base`, or nil when it is
    /// not an http(s) URL (mailto:, javascript:, tel:, data:, malformed).
    public static func normalize(_ reference: String, base: URL? = nil) -> URL? {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") || base != nil else { return nil }
        let encoded = trimmed.addingPercentEncoding(withAllowedCharacters: allowed) ?? trimmed
        guard let resolved = URL(string: encoded, relativeTo: base)?.absoluteURL,
              var components = URLComponents(url: resolved, resolvingAgainstBaseURL: false),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else { return nil }
        components.scheme = scheme
        components.host = host.lowercased()
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.fragment = nil
        components.user = nil
        components.password = nil
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        if let items = components.percentEncodedQueryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        }
        return components.url
    }

    /// Whether the URL's path ends in an extension of a file that is never an HTML page.
    public static func looksLikeNonPage(_ url: URL) -> Bool {
        let ext = url.pathExtension.lowercased()
        return !ext.isEmpty && nonPageExtensions.contains(ext)
    }

    /// The origin (`scheme://host[:port]`) of a URL.
    public static func origin(of url: URL) -> URL? {
        var components = URLComponents()
        components.scheme = url.scheme
        components.host = url.host
        components.port = url.port
        components.path = "/"
        return components.url
    }

    /// The path and query robots.txt rules are matched against (`/` at least).
    public static func robotsPath(of url: URL) -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "/" }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return components.percentEncodedQuery.map { path + "?" + $0 } ?? path
    }

    /// Characters left as they are when a reference is percent-encoded: everything legal in a
    /// URL plus `%` (already encoded sequences stay as they are).
    private static let allowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.formUnion(.urlPathAllowed)
        set.formUnion(.urlFragmentAllowed)
        set.insert(charactersIn: "%#?&=:/@!$'()*+,;[]~")
        return set
    }()
}
