import Testing
@testable import Crawler

@Suite struct PhraseSplitterTests {
    @Test func phrasesAreTwoToFiveWordsWithoutStopWordsAtTheEdges() {
        let phrases = PhraseSplitter.phrases(in: "The best trail running shoes for women")
        #expect(phrases.contains("best trail running shoes"))
        #expect(phrases.contains("trail running shoes"))
        #expect(phrases.contains("shoes for women"))
        #expect(!phrases.contains { $0.hasPrefix("the ") || $0.hasSuffix(" for") })
        #expect(phrases.allSatisfy { (2...5).contains($0.split(separator: " ").count) })
    }

    @Test func punctuationEndsAClauseButWordJoinersStay() {
        let clauses = PhraseSplitter.clauses(of: "Women's T-shirts, on sale! Node.js AT&T & more")
        #expect(clauses == [["women's", "t-shirts"], ["on", "sale"], ["node.js", "at&t"], ["more"]])
        #expect(PhraseSplitter.phrases(in: "Trail, shoes").isEmpty)
    }

    @Test func numbersAloneAreNoPhrase() {
        #expect(!PhraseSplitter.phrases(in: "2024 100").contains("2024 100"))
        #expect(PhraseSplitter.phrases(in: "iphone 15").contains("iphone 15"))
    }
}

@Suite struct KeywordExtractorTests {
    func page(_ url: String, title: String, h1: String? = nil, h2: [String] = [], links: [(String, String)] = []) -> KeywordExtractor.Page {
        var facts = PageFacts()
        facts.title = title
        if let h1 { facts.headings.append(.init(level: 1, text: h1)) }
        facts.headings += h2.map { .init(level: 2, text: $0) }
        facts.links = links.map { PageFacts.Link(url: $0.0, text: $0.1, nofollow: false) }
        return KeywordExtractor.Page(url: url, facts: facts)
    }

    @Test func titlesAndHeadingsScoreAndBoilerplateIsDropped() {
        let pages = [
            page("/a", title: "Trail running shoes | Acme Store", h1: "Trail running shoes", h2: ["Free delivery worldwide"]),
            page("/b", title: "Hiking boots | Acme Store", h1: "Waterproof hiking boots", h2: ["Free delivery worldwide"]),
            page("/c", title: "Rain jackets | Acme Store", h1: "Light rain jackets", h2: ["Free delivery worldwide"]),
            page("/d", title: "Yoga mats | Acme Store", h1: "Thick yoga mats", h2: ["Free delivery worldwide"]),
        ]
        let keywords = KeywordExtractor.keywords(pages: pages, linkingPages: pages)
        let texts = keywords.map(\.text)
        #expect(texts.contains("trail running shoes"))
        #expect(texts.contains("waterproof hiking boots"))
        #expect(!texts.contains("acme store"))
        #expect(!texts.contains("free delivery worldwide"))
        let shoes = keywords.first { $0.text == "trail running shoes" }
        #expect(shoes?.pages.map(\.url) == ["/a"])
        // Title and h1: 3 + 3.
        #expect(shoes?.score == 6)
        // An h2 alone (2) is under the threshold of 3.
        #expect(keywords.allSatisfy { $0.score >= 3 })
    }

    @Test func anchorTextsGoToTheLinkedPageThroughAliases() {
        let target = page("/boots", title: "Boots")
        let linking = [
            page("/a", title: "Shop", links: [("/old-boots", "leather walking boots")]),
            page("/b", title: "Blog", links: [("/boots", "leather walking boots")]),
        ]
        let keywords = KeywordExtractor.keywords(pages: [target], linkingPages: linking + [target], aliases: ["/old-boots": "/boots"],
                                                 minimumScore: 2)
        let boots = keywords.first { $0.text == "leather walking boots" }
        #expect(boots?.pages.map(\.url) == ["/boots"])
        // Counted once per page (two linking pages, one field).
        #expect(boots?.score == 2)
    }

    @Test func aPhraseOnSeveralPagesListsThemBestFirst() {
        let pages = [
            page("/guide", title: "Running shoes guide", h1: "Running shoes"),
            page("/sale", title: "Sale", h2: ["Running shoes"]),
        ]
        let keywords = KeywordExtractor.keywords(pages: pages, linkingPages: pages)
        let shoes = keywords.first { $0.text == "running shoes" }
        #expect(shoes?.pages.map(\.url) == ["/guide", "/sale"])
        #expect(shoes?.score == 8)
    }
}
