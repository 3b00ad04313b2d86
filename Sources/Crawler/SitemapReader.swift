import CLibXML2
import Foundation

/// Reads sitemap XML (a `urlset` of pages or a `sitemapindex` of further sitemaps), gzip or
/// not, with libxml2's XML parser (no network, no entity expansion).
public enum SitemapReader {
    public enum Content: Sendable, Equatable {
        /// Page URLs (`<urlset><url><loc>`).
        case pages([String])
        /// Further sitemaps (`<sitemapindex><sitemap><loc>`).
        case sitemaps([String])
    }

    public struct NotASitemap: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Sitemaps inflate to at most this many bytes (the protocol's limit is 50 MB).
    public static let inflatedLimit = 52_428_800

    /// Parses one sitemap.
    /// - Throws: ``NotASitemap`` when the bytes are not gzip-wrapped or plain sitemap XML.
    /// - Complexity: O(size of the document)
    public static func read(_ data: [UInt8]) throws(NotASitemap) -> Content {
        var bytes = data
        if Gunzip.isGzip(bytes) {
            guard let inflated = Gunzip.inflate(bytes, limit: inflatedLimit) else {
                throw NotASitemap(reason: "gzip data that does not inflate (corrupt or over 50 MB)")
            }
            bytes = inflated
        }
        guard !bytes.isEmpty else { throw NotASitemap(reason: "an empty document") }
        _ = LibXML.initialised
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "sitemap.xml", nil, options)
            }
        }
        guard let document else { throw NotASitemap(reason: "not well-formed XML") }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw NotASitemap(reason: "an XML document with no root element") }
        let rootName = LibXML.name(root)
        let entry: String
        switch rootName {
        case "urlset": entry = "url"
        case "sitemapindex": entry = "sitemap"
        default: throw NotASitemap(reason: "XML whose root is <\(rootName)>, not <urlset> or <sitemapindex>")
        }
        var locations: [String] = []
        for child in LibXML.elements(root) where LibXML.name(child) == entry {
            for field in LibXML.elements(child) where LibXML.name(field) == "loc" {
                let loc = LibXML.text(field)
                if !loc.isEmpty { locations.append(loc) }
            }
        }
        return entry == "url" ? .pages(locations) : .sitemaps(locations)
    }
}
