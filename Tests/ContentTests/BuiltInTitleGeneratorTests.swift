import Testing
@testable import Content

@Suite("BuiltInTitleGenerator")
struct BuiltInTitleGeneratorTests {
    let generator = BuiltInTitleGenerator(year: 2026)

    /// A cluster from keyword texts, volumes falling with position.
    static func cluster(_ texts: [String]) -> [ClusterKeyword] {
        texts.enumerated().map { offset, text in
            ClusterKeyword(text: text, volume: 10_000 / (offset + 1), similarity: 0.9 - Float(offset) * 0.01)
        }
    }

    /// Head terms crossed with modifiers: the shapes of a real keyword list.
    static let corpus: [[String]] = {
        let heads = [
            "garden hose", "raised garden bed", "patio umbrella", "tents", "lawn mower",
            "compost bin", "hammock", "pressure washer", "fire pit", "hiking boots",
            "vegetable garden", "bird feeder", "leaf blower", "sleeping bag", "kayak",
        ]
        let patterns = [
            "%", "best %", "how to choose a %", "% ideas", "% tips", "% price", "buy %",
            "% near me", "% vs %s", "what is a %", "% reviews", "% for sale", "% in austin",
            "cheap %", "% guide", "% for beginners", "top 10 %", "why is my % leaking",
        ]
        return heads.flatMap { head in
            patterns.map { pattern in
                let primary = pattern.replacing("%", with: head)
                return [primary, primary + " 2025", "best " + head + " for small yards", head + " reviews uk"]
            }
        }
    }()

    @Test("Every title fits 60 characters and holds the primary keyword's words in order")
    func lengthAndPrimary() {
        // Given clusters of every shape
        var used: Set<String> = []
        for texts in Self.corpus {
            let keywords = Self.cluster(texts)
            let summary = ClusterSummarizer.summarize(keywords)
            // When each gets a title
            let title = generator.title(for: summary, keywords: keywords, avoiding: used)
            used.insert(title)
            // Then it is short, contains the primary keyword and is title-cased
            #expect(title.count <= 60, "\(title)")
            let words = KeywordText.words(title)
            #expect(KeywordText.isSubsequence(KeywordText.words(summary.primaryKeyword), of: words), "\(title)")
            #expect(TitleCase.apply(title) == title)
        }
        // Then no two clusters share a title
        #expect(used.count == Self.corpus.count)
    }

    @Test("Titles stay unique over many clusters with the same primary keyword")
    func uniqueWithSamePrimary() {
        // Given 60 clusters whose primary keyword is the same, and 60 of one pattern
        var used: Set<String> = []
        var titles: [String] = []
        for index in 0..<60 {
            let keywords = Self.cluster(["best tents", "best tents for camping \(index)", "family tents"])
            let summary = ClusterSummarizer.summarize(keywords)
            // When each asks for a title avoiding the ones given so far
            let title = generator.title(for: summary, keywords: keywords, avoiding: used)
            used.insert(title)
            titles.append(title)
        }
        for head in ["tent", "hose", "rake", "shovel", "trowel", "pruner", "mower", "edger", "tiller", "sprinkler"] {
            for suffix in ["s", "s for kids", "s for women", "s on sale"] {
                let keywords = Self.cluster(["best \(head)\(suffix)"])
                let title = generator.title(for: ClusterSummarizer.summarize(keywords), keywords: keywords, avoiding: used)
                used.insert(title)
                titles.append(title)
            }
        }
        // Then every title is different, ignoring case, and each still fits
        #expect(Set(titles.map(TitleQuality.uniquenessKey)).count == titles.count)
        #expect(titles.allSatisfy { $0.count <= 60 })
    }

    @Test("UsedTitles gives the same titles as a set of strings, ignoring case and spaces")
    func usedTitlesMatchesSet() {
        // Given the same used titles as a set and as UsedTitles, one in odd case and spacing
        let keywords = Self.cluster(["bird feeder", "best bird feeder"])
        let summary = ClusterSummarizer.summarize(keywords)
        let first = generator.title(for: summary, keywords: keywords)
        let set: Set<String> = [first.uppercased().replacing(" ", with: "  ")]
        var registry = UsedTitles()
        registry.insert(first)
        // When titles are asked for avoiding them
        let viaSet = generator.title(for: summary, keywords: keywords, avoiding: set)
        let viaRegistry = generator.title(for: summary, keywords: keywords, avoidingTitles: registry)
        // Then both avoid the first title and agree
        #expect(viaSet != first)
        #expect(viaSet == viaRegistry)
        #expect(registry.contains(first.lowercased()))
    }

    @Test("No awkward doubles", arguments: [
        "best tents", "top tents", "how to pitch a tent", "tent camping tips", "tent ideas",
        "tent reviews", "buy tent", "tent prices", "tents 2025", "tent guide", "best tent near me",
        "how to find the best tent", "what is the best tent", "tent camping for beginners",
    ])
    func noDoubles(primary: String) {
        // Given a primary keyword that already carries a modifier
        for intent in SearchIntent.allCases {
            let summary = ClusterSummary(
                primaryKeyword: primary, label: "tent", intent: intent,
                totalVolume: 100, primaryVolume: 100, keywordCount: 1
            )
            // When a title is made for it under each intent
            let title = generator.title(for: summary, keywords: [ClusterKeyword(text: primary, volume: 100, similarity: 1)])
            let lower = title.lowercased()
            // Then no modifier is repeated and no superlative meets a question
            for double in ["best best", "top top", "how to how to", "best how", "top how", "tips tips", "guide: a step", "2026 2025"] {
                #expect(!lower.contains(double), "\(title)")
            }
            #expect(lower.ranges(of: "best").count <= 1, "\(title)")
            #expect(lower.ranges(of: "how to").count <= 1, "\(title)")
            #expect(!(lower.contains("2025") && lower.contains("2026")), "\(title)")
        }
    }

    @Test("Titles are deterministic and independent of keyword order")
    func determinism() {
        // Given one cluster, in two orders, and two generators
        let keywords = Self.cluster(["patio umbrella", "best patio umbrella", "patio umbrella with base", "cantilever patio umbrella"])
        let summary = ClusterSummarizer.summarize(keywords)
        let used: Set<String> = ["Best Patio Umbrella in 2026"]
        // When titles are generated repeatedly
        let first = generator.title(for: summary, keywords: keywords, avoiding: used)
        let again = BuiltInTitleGenerator(year: 2026).title(for: summary, keywords: keywords.reversed(), avoiding: used)
        // Then they are equal, and the template choice comes from the stable hash
        #expect(first == again)
        #expect(StableHash.fnv1a("patio umbrella") == StableHash.fnv1a("patio umbrella"))
    }

    @Test("The year is a parameter")
    func yearParameter() {
        // Given a best-of cluster, a topic that ages
        let keywords = Self.cluster(["best garden tools", "garden tools reviews", "top garden tools"])
        let summary = ClusterSummarizer.summarize(keywords)
        // When titles are made for two years
        let title2026 = BuiltInTitleGenerator(year: 2026).title(for: summary, keywords: keywords)
        let title2031 = BuiltInTitleGenerator(year: 2031).title(for: summary, keywords: keywords)
        // Then each carries its own year
        #expect(summary.intent == .commercial)
        #expect(title2026.contains("2026"), "\(title2026)")
        #expect(title2031.contains("2031"), "\(title2031)")
    }

    @Test("Each page type gets its kind of title")
    func pageTypeTemplates() {
        // Given clusters of each page type
        let bestOf = title(["best lawn mowers", "lawn mowers", "lawn mower reviews"])
        let howTo = title(["how to grow tomatoes", "tomato growing tips"])
        let guide = title(["lawn care", "lawn care tips", "how to care for a lawn"])
        let product = title(["patio furniture", "patio furniture sale", "buy patio furniture", "patio furniture price"])
        let service = title(["tree service", "tree service near me", "tree service in denver"])
        let local = title(["tree service denver", "denver tree service", "tree service in denver co"])
        let question = title(["how long does a personal injury case take", "personal injury case timeline"])
        let comparison = title(["kayak vs canoe", "canoe vs kayak"])
        // Then each reads like its page: a dated best-of list, a guide without a number the topic
        // does not back, the category's or service's name, the service in its place with its state,
        // the question asked, the two things compared
        #expect(bestOf.contains("Best") && bestOf.contains("2026"), "\(bestOf)")
        #expect(howTo.hasPrefix("How to Grow Tomatoes"), "\(howTo)")
        #expect(!guide.contains(where: \.isNumber) && !guide.contains("2026"), "\(guide)")
        #expect(product == "Patio Furniture", "\(product)")
        #expect(service == "Tree Service", "\(service)")
        #expect(local == "Tree Service in Denver, CO", "\(local)")
        #expect(question == "How Long Does a Personal Injury Case Take?", "\(question)")
        #expect(comparison.hasPrefix("Kayak vs Canoe: "), "\(comparison)")
    }

    @Test("Grammar guards: no gerund or plural before \"Tips\", colons after topic questions")
    func grammarGuards() {
        // Given keywords that would read badly in some templates
        let gerund = title(["pruning roses", "rose pruning tips", "how to prune roses"])
        let plural = title(["wheelbarrows", "wheelbarrow guide"])
        let topicQuestion = title(["best time to plant garlic", "when to plant garlic"])
        let question = title(["why are my tomato leaves turning yellow"])
        // Then each avoids the bad form
        #expect(!gerund.hasSuffix("Roses Tips for Beginners"), "\(gerund)")
        #expect(!plural.contains("Wheelbarrows Tips"), "\(plural)")
        #expect(topicQuestion.hasPrefix("Best Time to Plant Garlic:"), "\(topicQuestion)")
        #expect(!topicQuestion.contains("Top Picks"), "\(topicQuestion)")
        #expect(question.hasPrefix("Why Are My Tomato Leaves Turning Yellow?"), "\(question)")
    }

    @Test("A primary keyword longer than 60 characters is the title on its own, uncut")
    func longPrimary() {
        // Given a very long primary keyword
        let primary = "how to build a raised garden bed on a slope with cinder blocks and wood"
        let keywords = [ClusterKeyword(text: primary, volume: 10, similarity: 1)]
        // When it gets a title
        let title = generator.title(for: ClusterSummarizer.summarize(keywords), keywords: keywords)
        // Then it is the keyword, title-cased
        #expect(title == TitleCase.apply(primary))
    }

    @Test("Short templates take over when the preferred ones are too long")
    func shorterFallback() {
        // Given a primary keyword of 50 characters
        let primary = "stainless steel outdoor kitchen cabinets with sink"
        let keywords = [ClusterKeyword(text: primary, volume: 10, similarity: 1)]
        // When it gets a title
        let title = generator.title(for: ClusterSummarizer.summarize(keywords), keywords: keywords)
        // Then it fits, uncut, with the keyword whole
        #expect(title.count <= 60)
        #expect(title.lowercased().hasPrefix(primary) || title.lowercased().contains(primary))
    }

    @Test("The generator works through the async protocol")
    func protocolConformance() async throws {
        // Given the generator as any TitleGenerating
        let titling: any TitleGenerating = generator
        let keywords = Self.cluster(["bird feeder", "best bird feeder"])
        let summary = ClusterSummarizer.summarize(keywords)
        // When called through the protocol
        let viaProtocol = try await titling.title(for: summary, keywords: keywords, avoidingTitles: UsedTitles())
        // Then it gives the synchronous answer
        #expect(viaProtocol == generator.title(for: summary, keywords: keywords))
    }

    private func title(_ texts: [String]) -> String {
        let keywords = Self.cluster(texts)
        return generator.title(for: ClusterSummarizer.summarize(keywords), keywords: keywords)
    }
}

@Suite struct TitlePunctuationTests {
    @Test func aKeywordEndingInAPeriodGetsNoPeriodBeforeAColon() {
        // Given a cluster whose primary keyword is a sentence ending in a period
        let keywords = [ClusterKeyword(text: "i've forgotten my app passcode completely.", volume: 10, similarity: 1)]
        // When titling it
        let title = BuiltInTitleGenerator(year: 2026).title(for: ClusterSummarizer.summarize(keywords), keywords: keywords)
        // Then no period stands before punctuation, and the keyword's words are there
        #expect(!title.contains(".:") && !title.contains(". ("))
        #expect(title.lowercased().contains("forgotten my app passcode completely"))
    }
}
