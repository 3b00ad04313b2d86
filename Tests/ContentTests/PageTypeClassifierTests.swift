import Testing
@testable import Content

@Suite("PageTypeClassifier")
struct PageTypeClassifierTests {
    /// A topic from keyword texts, volumes falling with position.
    static func topic(_ texts: [String]) -> [ClusterKeyword] {
        texts.enumerated().map { ClusterKeyword(text: $1, volume: 10_000 / ($0 + 1), similarity: 0.9) }
    }

    static func type(_ texts: [String]) -> PageType {
        let keywords = topic(texts)
        return PageTypeClassifier.pageType(of: ClusterSummarizer.summarize(keywords), keywords: keywords)
    }

    @Test("The issue's examples", arguments: [
        (["car accident lawyer corpus christi"], PageType.localService),
        (["clearwater personal injury lawyer"], .localService),
        (["birth injury attorney clay county"], .localService),
        (["aurora nursing home abuse lawyer"], .localService),
        (["corporate compliance attorney la"], .localService),
        (["medical malpractice lawyer okc"], .localService),
        (["personal injury lawyer", "personal injury lawyers", "best personal injury lawyer"], .service),
        (["average settlement for traumatic brain injury", "tbi settlement amounts"], .article),
        (["statute of limitations personal injury texas"], .article),
        (["comedian injured in car accident"], .noPage),
        (["lawyers title company", "lawyers title company phone number", "lawyers title company reviews"], .noPage),
        (["lawyer vs attorney"], .comparison),
        (["pain and suffering calculator"], .tool),
        (["what is a tort", "tort definition"], .definition),
    ] as [([String], PageType)])
    func issueExamples(texts: [String], expected: PageType) {
        #expect(Self.type(texts) == expected, "\(texts[0])")
    }

    @Test("A primary keyword without a signal takes its other keywords' vote")
    func vote() {
        // Given head terms whose siblings are best-of and buying words, how-to words, or local service words
        let product = Self.type(["hiking boots", "best hiking boots", "hiking boots sale", "hiking boots reviews"])
        let article = Self.type(["lawn care", "how to take care of a lawn", "lawn care tips", "lawn care near me"])
        let service = Self.type(["gutter cleaning", "gutter cleaning near me", "gutter cleaning service", "diy gutter cleaning"])
        // Then the votes decide, and a gerund with nothing else is an article
        #expect(product == .product)
        #expect(article == .article)
        #expect(service == .service)
        #expect(Self.type(["composting"]) == .article)
        #expect(Self.type(["camping chair"]) == .product)
    }

    @Test("Questions, settlements and statutes are not local even with a place; near me is")
    func localRules() {
        #expect(Self.type(["how much does a car accident lawyer cost in houston"]) == .article)
        #expect(Self.type(["texas car accident laws"]) == .article)
        #expect(Self.type(["houston car accident settlement"]) == .article)
        #expect(Self.type(["plumber near me"]) == .localService)
        #expect(Self.type(["roto rooter", "roto rooter phone number", "roto rooter near me"]) == .noPage)
    }

    @Test("The topic plan names the page type and the place as titles write it")
    func topicPlan() {
        let keywords = Self.topic(["car accident lawyer corpus christi", "corpus christi car accident attorney"])
        let plan = TopicPlan(summary: ClusterSummarizer.summarize(keywords), keywords: keywords)
        #expect(plan.pageType == .localService)
        #expect(plan.place == "Corpus Christi, TX")
        #expect(plan.noPageReason == nil)
    }

    @Test("A topic no page should target says why", arguments: [
        (["pacer login"], NoPageReason.navigational),
        (["morgan and morgan", "morgan and morgan phone number", "morgan and morgan login"], .brand),
        (["comedian injured in car accident"], .news),
    ] as [([String], NoPageReason)])
    func noPageReason(texts: [String], expected: NoPageReason) {
        let keywords = Self.topic(texts)
        let plan = TopicPlan(summary: ClusterSummarizer.summarize(keywords), keywords: keywords)
        #expect(plan.pageType == .noPage)
        #expect(plan.noPageReason == expected, "\(texts[0])")
    }

    @Test("The evaluation set's topics have a reason exactly when they are not targeted")
    func noPageReasonsMatchThePageTypes() throws {
        let topics = try EvaluationTopic.bundled()
        var reasons = 0
        for topic in topics {
            let summary = ClusterSummarizer.summarize(topic.keywords)
            let plan = TopicPlan(summary: summary, keywords: topic.keywords)
            let reason = PageTypeClassifier.noPageReason(primary: summary.primaryKeyword, keywords: topic.keywords)
            #expect((reason != nil) == (plan.pageType == .noPage), "\(topic.primary)")
            #expect(plan.noPageReason == reason, "\(topic.primary)")
            if reason != nil { reasons += 1 }
        }
        // The set holds no-page topics of every kind, so the check above is not vacuous.
        #expect(reasons >= 10)
    }
}

@Suite("Title casing and hub titles")
struct TitleSpellingTests {
    let generator = BuiltInTitleGenerator(year: 2026)

    func title(_ keywords: [ClusterKeyword]) -> String {
        generator.title(for: ClusterSummarizer.summarize(keywords), keywords: keywords)
    }

    @Test("Acronyms stay upper-case: from the list, from the gazetteer, from the place position", arguments: [
        ("cns dysfunction in newborn", "CNS"), ("va disability claim status", "VA"),
        ("corporate compliance attorney la", "LA"), ("medical malpractice lawyer okc", "OKC"),
        ("irs tax lawyer", "IRS"), ("dui lawyer", "DUI"), ("atv accident lawyer", "ATV"), ("seo tool", "SEO"),
        ("car accident lawyer austin tx", "TX"),
    ])
    func acronyms(keyword: String, acronym: String) {
        let made = title([ClusterKeyword(text: keyword, volume: 100, similarity: 1)])
        #expect(made.split(separator: " ").contains { KeywordText.trimEdges($0) == acronym }, "\(made)")
        #expect(TitleChecks.misspelledAcronyms(made).isEmpty, "\(made)")
    }

    @Test("A word the source export wrote in capitals or with an inner capital keeps that spelling")
    func sourceSpelling() {
        // Given keywords whose export spelled "FOIA" and "HubSpot" its own way
        let keywords = [
            ClusterKeyword(text: "foia request lawyer", volume: 500, similarity: 1, asWritten: "FOIA request lawyer"),
            ClusterKeyword(text: "hubspot crm", volume: 10, similarity: 0.9, asWritten: "HubSpot CRM"),
        ]
        // When titled, then the written spelling wins over title case
        let made = title(keywords)
        #expect(made.hasPrefix("FOIA Request Lawyer"), "\(made)")
        // And without the written form the word is title-cased as usual
        #expect(title([ClusterKeyword(text: "foia request lawyer", volume: 500, similarity: 1)]).hasPrefix("Foia"))
    }

    @Test("The issue's local topics get a service title with the place", arguments: [
        ("car accident lawyer corpus christi", "Car Accident Lawyer in Corpus Christi, TX"),
        ("clearwater personal injury lawyer", "Personal Injury Lawyer in Clearwater, FL"),
        ("birth injury attorney clay county", "Birth Injury Attorney in Clay County"),
        ("aurora nursing home abuse lawyer", "Nursing Home Abuse Lawyer in Aurora"),
        ("medical malpractice lawyer okc", "Medical Malpractice Lawyer in OKC"),
        ("personal injury lawyer dallas", "Personal Injury Lawyer in Dallas, TX"),
    ])
    func landingTitles(keyword: String, expected: String) {
        #expect(title([ClusterKeyword(text: keyword, volume: 100, similarity: 1)]) == expected)
    }

    @Test("A landing page taken by another topic is told apart by its own longer keyword, not by filler")
    func landingDuplicates() {
        // Given the same near-me service topic titled twice
        let keywords = BuiltInTitleGeneratorTests.cluster(["shoe repair near me", "cheap shoe repair near me"])
        let summary = ClusterSummarizer.summarize(keywords)
        let first = generator.title(for: summary, keywords: keywords)
        let second = generator.title(for: summary, keywords: keywords, avoiding: [first])
        // Then the second uses the topic's longer keyword
        #expect(first == "Shoe Repair Near Me")
        #expect(second == "Cheap Shoe Repair Near Me")
    }

    @Test("Mixed-case names are kept; all-capitals input is still recased")
    func mixedCase() {
        #expect(TitleCase.apply("lawyer in McAllen") == "Lawyer in McAllen")
        #expect(TitleCase.applyByCharacter("lawyer in McAllen") == "Lawyer in McAllen")
        #expect(TitleCase.apply("LAWYER IN MCALLEN") == "Lawyer in Mcallen")
    }

    @Test("No complete guide to a place, no year or number a topic does not back")
    func noFiller() {
        let place = title([ClusterKeyword(text: "glendale car accident lawyer", volume: 100, similarity: 1)])
        #expect(place == "Car Accident Lawyer in Glendale", "\(place)")
        let ideas = title(BuiltInTitleGeneratorTests.cluster(["patio ideas"]))
        #expect(!ideas.contains { $0.isNumber }, "\(ideas)")
    }

    @Test("A hub is named by its topics' shared words and what they hold")
    func hubTitle() {
        // Given the topics of a car-accident hub
        let summaries = [
            ("car accident lawyer houston", PageType.localService, 9_000),
            ("car accident settlement", .article, 5_000),
            ("what to do after a car accident", .article, 4_000),
            ("car accident settlement calculator", .tool, 1_000),
        ].map { text, type, volume in
            (ClusterSummary(primaryKeyword: text, label: TopicLabel.label(for: text), intent: .informational,
                            totalVolume: volume, primaryVolume: volume, keywordCount: 3), type)
        }
        // When the hub is titled, in either order
        let title = HubTitles.title(for: summaries.map(\.0), pageTypes: summaries.map(\.1))
        let reversed = HubTitles.title(for: summaries.reversed().map(\.0), pageTypes: summaries.reversed().map(\.1))
        // Then it names the shared phrase and the kinds of pages, largest share first
        #expect(title == "Car Accident: Guides, Local Services and Tools", "\(title)")
        #expect(reversed == title)
        #expect(title.count <= 60)
    }
}
