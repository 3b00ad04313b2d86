import CLibXML2
import Foundation

/// What the crawl keeps of one HTML page: the texts keywords come from, its links and its
/// robots directives. Parsed with libxml2's HTML parser (which recovers from malformed HTML).
public struct PageFacts: Sendable, Hashable, Codable {
    public struct Heading: Sendable, Hashable, Codable {
        public var level: Int
        public var text: String
    }

    public struct Link: Sendable, Hashable, Codable {
        /// The normalised absolute URL.
        public var url: String
        /// The anchor text (or the alt text of an image inside the anchor).
        public var text: String
        /// `rel="nofollow"` (or ugc / sponsored).
        public var nofollow: Bool
    }

    public var title: String?
    public var metaDescription: String?
    public var headings: [Heading] = []
    public var imageAlts: [String] = []
    /// Links in document order: only http(s), normalised.
    public var links: [Link] = []
    /// `<link rel="canonical">`, normalised.
    public var canonical: String?
    /// `<meta name="robots" content="noindex">` (or one for kwcluster), or the X-Robots-Tag header.
    public var noindex = false
    /// `nofollow` in the same places: the page's links are not followed.
    public var nofollow = false

    public init() {}

    /// Parses an HTML document fetched from `url`.
    /// - Parameters:
    ///   - charset: the Content-Type header's charset, if any; without one (and without a
    ///     `charset` in the document's head) UTF-8 is assumed.
    ///   - robotsHeader: the X-Robots-Tag header, if any.
    /// - Returns: nil when libxml2 cannot make a document of it at all.
    /// - Complexity: O(size of the document)
    public static func parse(_ bytes: [UInt8], url: URL, charset: String? = nil, robotsHeader: String? = nil,
                             userAgent: String = "kwcluster") -> PageFacts? {
        guard !bytes.isEmpty else { return nil }
        _ = LibXML.initialised
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self).lowercased()
        let encoding = charset ?? (head.contains("charset") ? nil : "UTF-8")
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue)
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlReadMemory(pointer, Int32(buffer.count), url.absoluteString, encoding, options)
            }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        var facts = PageFacts()
        var base = url
        facts.applyRobots(robotsHeader, agent: nil)
        var child = document.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE { facts.visit(node, base: &base, agent: userAgent.lowercased()) }
            child = node.pointee.next
        }
        return facts
    }

    /// Collects what one element (and its subtree) holds.
    /// - Complexity: O(size of the subtree)
    private mutating func visit(_ node: xmlNodePtr, base: inout URL, agent: String) {
        let name = LibXML.name(node)
        switch name {
        case "script", "style", "noscript", "template":
            return
        case "title":
            if title == nil { title = nonEmpty(LibXML.text(node)) }
            return
        case "base":
            if let href = LibXML.attribute(node, "href"), let resolved = CrawlURL.normalize(href, base: base) { base = resolved }
        case "meta":
            let metaName = LibXML.attribute(node, "name")?.lowercased()
            let content = LibXML.attribute(node, "content")
            if metaName == "description", metaDescription == nil { metaDescription = content.map(LibXML.collapse).flatMap(nonEmpty) }
            if metaName == "robots" || metaName == agent { applyRobots(content, agent: nil) }
        case "link":
            let rel = (LibXML.attribute(node, "rel") ?? "").lowercased().split(separator: " ")
            if rel.contains("canonical"), canonical == nil, let href = LibXML.attribute(node, "href") {
                canonical = CrawlURL.normalize(href, base: base)?.absoluteString
            }
        case "h1", "h2", "h3":
            if let text = nonEmpty(LibXML.text(node)) { headings.append(Heading(level: Int(String(name.last!))!, text: text)) }
        case "img":
            if let alt = LibXML.attribute(node, "alt").map(LibXML.collapse).flatMap(nonEmpty) { imageAlts.append(alt) }
        case "a", "area":
            if let href = LibXML.attribute(node, "href"), let target = CrawlURL.normalize(href, base: base) {
                let rel = (LibXML.attribute(node, "rel") ?? "").lowercased().split(separator: " ")
                var text = LibXML.text(node)
                if text.isEmpty { text = LibXML.attribute(node, "title").map(LibXML.collapse) ?? "" }
                if text.isEmpty {
                    text = descendantAlts(node).first ?? ""
                }
                links.append(Link(url: target.absoluteString, text: text,
                                  nofollow: rel.contains("nofollow") || rel.contains("ugc") || rel.contains("sponsored")))
            }
        default:
            break
        }
        for element in LibXML.elements(node) { visit(element, base: &base, agent: agent) }
    }

    private func descendantAlts(_ node: xmlNodePtr) -> [String] {
        var alts: [String] = []
        for element in LibXML.elements(node) {
            if LibXML.name(element) == "img", let alt = LibXML.attribute(element, "alt").flatMap(nonEmpty) { alts.append(alt) }
            alts += descendantAlts(element)
        }
        return alts
    }

    /// Applies a robots directive list (`noindex, nofollow`, `none`). An X-Robots-Tag value may
    /// name the crawler it is for (`googlebot: noindex`): one for another crawler is ignored.
    mutating func applyRobots(_ content: String?, agent: String?) {
        guard var content = content?.lowercased() else { return }
        if let colon = content.firstIndex(of: ":") {
            let prefix = content[..<colon].trimmingCharacters(in: .whitespaces)
            if !prefix.isEmpty, !prefix.contains(","), !prefix.contains(" "), prefix != "unavailable_after" {
                guard prefix == CrawlOptions.robotsToken else { return }
                content = String(content[content.index(after: colon)...])
            }
        }
        for directive in content.split(whereSeparator: { $0 == "," || $0 == " " }) {
            if directive == "noindex" || directive == "none" { noindex = true }
            if directive == "nofollow" || directive == "none" { nofollow = true }
        }
    }

    private func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }
}
