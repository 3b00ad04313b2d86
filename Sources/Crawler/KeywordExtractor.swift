import Foundation
import Ingest

/// Turns crawled pages into keywords: the phrases of each page's title, meta description,
/// h1-h3, image alt texts and the anchor texts of the site's links pointing to it; text that
/// repeats on most pages (menus, footers, cookie banners, the brand part of titles) dropped;
/// each phrase scored by where it stands (title and h1 weigh most) summed over the pages it
/// is on, and kept from a threshold. Pure: values in, values out.
public enum KeywordExtractor {
    /// One page as the extractor reads it.
    public struct Page: Sendable {
        public var url: String
        public var facts: PageFacts

        public init(url: String, facts: PageFacts) {
            self.url = url
            self.facts = facts
        }
    }

    /// A keyword and the pages it came from.
    public struct Keyword: Sendable, Hashable {
        public var text: String
        /// The sum of its pages' scores.
        public var score: Double
        /// Its pages, best first (score descending, then URL).
        public var pages: [(url: String, score: Double)]

        public static func == (lhs: Keyword, rhs: Keyword) -> Bool {
            lhs.text == rhs.text && lhs.score == rhs.score && lhs.pages.map(\.url) == rhs.pages.map(\.url)
                && lhs.pages.map(\.score) == rhs.pages.map(\.score)
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(text) }
    }

    /// Where a piece of text stands on its page, and what a phrase there weighs.
    enum Field: Int, CaseIterable {
        case title, h1, h2, h3, anchor, description, alt

        var weight: Double {
            switch self {
            case .title, .h1: 3
            case .h2, .anchor: 2
            case .h3: 1.5
            case .description, .alt: 1
            }
        }
    }

    /// A text repeated on at least this share of the pages (and on 3 or more) is boilerplate.
    static let boilerplateShare = 0.5

    /// - Parameters:
    ///   - pages: the indexable pages (fetched, not noindex, canonical to themselves).
    ///   - linkingPages: every fetched page whose links count as anchors (noindex pages too).
    ///   - aliases: URL -> the page it stands for (redirects, canonicals), for anchor targets.
    ///   - minimumScore: the total score a keyword must reach.
    /// - Returns: keywords by score descending, then text.
    /// - Complexity: O(text of the pages × phrase length) plus sorting the keywords.
    public static func keywords(pages: [Page], linkingPages: [Page], aliases: [String: String] = [:],
                                minimumScore: Double = 3) -> [Keyword] {
        // Each page's pieces of text by field.
        var pieces: [String: [(Field, String)]] = [:]
        for page in pages {
            let facts = page.facts
            var list: [(Field, String)] = []
            if let title = facts.title { list += titleParts(title).map { (.title, $0) } }
            if let description = facts.metaDescription { list.append((.description, description)) }
            for heading in facts.headings {
                list.append((heading.level == 1 ? .h1 : heading.level == 2 ? .h2 : .h3, heading.text))
            }
            list += facts.imageAlts.map { (.alt, $0) }
            pieces[page.url, default: []] += list
        }
        // Anchor texts go to the page they point to; each linking page counts once per text.
        var anchorPages: [String: Set<String>] = [:]
        for page in linkingPages {
            var seen = Set<String>()
            for link in page.facts.links where !link.text.isEmpty {
                let target = aliases[link.url] ?? link.url
                guard target != page.url, pieces[target] != nil else { continue }
                let key = target + "\u{0}" + link.text.lowercased()
                guard seen.insert(key).inserted else { continue }
                pieces[target]!.append((.anchor, link.text))
                anchorPages[link.text.lowercased(), default: []].insert(page.url)
            }
        }
        // Boilerplate: the same text (any field) on most pages, or the same anchor text on most linking pages.
        var pagesWithText: [String: Int] = [:]
        for page in pages {
            for text in Set((pieces[page.url] ?? []).filter { $0.0 != .anchor }.map { $0.1.lowercased() }) {
                pagesWithText[text, default: 0] += 1
            }
        }
        let pageCount = pages.count
        let linkingCount = max(linkingPages.count, 1)
        func isBoilerplate(_ field: Field, _ text: String) -> Bool {
            guard pageCount >= 4 else { return false }
            let key = text.lowercased()
            let count = field == .anchor ? (anchorPages[key]?.count ?? 0) : (pagesWithText[key] ?? 0)
            let of = field == .anchor ? linkingCount : pageCount
            return count >= 3 && Double(count) >= boilerplateShare * Double(of)
        }
        // Scores: per page, a phrase counts each field once.
        var scores: [String: [String: Double]] = [:]
        for page in pages {
            var fieldsOfPhrase: [String: Set<Int>] = [:]
            for (field, text) in pieces[page.url] ?? [] where !isBoilerplate(field, text) {
                for phrase in PhraseSplitter.phrases(in: text) {
                    guard let normalized = normalize(phrase) else { continue }
                    fieldsOfPhrase[normalized, default: []].insert(field.rawValue)
                }
            }
            for (phrase, fields) in fieldsOfPhrase {
                scores[phrase, default: [:]][page.url] = fields.reduce(0) { $0 + Field(rawValue: $1)!.weight }
            }
        }
        var keywords: [Keyword] = []
        for (text, byPage) in scores {
            let total = byPage.values.reduce(0, +)
            guard total >= minimumScore else { continue }
            let ranked = byPage.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            keywords.append(Keyword(text: text, score: total, pages: ranked.map { ($0.key, $0.value) }))
        }
        keywords.sort { $0.score != $1.score ? $0.score > $1.score : $0.text < $1.text }
        return keywords
    }

    /// A title's parts: `Trail Shoes | Acme Store` gives both, so the brand part (on every page)
    /// can be dropped as boilerplate without losing the rest.
    static func titleParts(_ title: String) -> [String] {
        var parts = [title]
        for separator in [" | ", " - ", " – ", " — ", " · ", " :: ", " • ", " « ", " » "] {
            parts = parts.flatMap { $0.components(separatedBy: separator) }
        }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The phrase in the form stored keywords take (see Ingest's KeywordNormalizer), or nil.
    static func normalize(_ phrase: String) -> String? {
        guard let text = KeywordNormalizer.normalize(phrase), text.count <= KeywordImporter.maximumKeywordLength else { return nil }
        return text
    }
}
