import Testing
@testable import Content

@Suite("TitleChecks and ListItems")
struct TitleChecksTests {
    @Test("Filler counts unless the keyword itself says it")
    func filler() {
        #expect(TitleChecks.hasFiller("Glendale Car Accident Lawyer: 15 Things to Know", primary: "glendale car accident lawyer"))
        #expect(TitleChecks.hasFiller("The Complete Guide to Mulching (2026)", primary: "mulching"))
        #expect(TitleChecks.hasFiller("Lawyer Near You: 7 Tips for Choosing Well", primary: "lawyer near me"))
        #expect(!TitleChecks.hasFiller("How to Grow Basil: A Step-by-Step Guide", primary: "how to grow basil"))
        #expect(!TitleChecks.hasFiller("Complete Guide to Composting", primary: "complete guide to composting"))
    }

    @Test("A year only where the topic ages or the keyword has one")
    func years() {
        #expect(TitleChecks.hasYearWithoutAging("Vertical Garden Ideas for 2026", primary: "vertical garden ideas", topicAges: false))
        #expect(!TitleChecks.hasYearWithoutAging("Best Tents in 2026", primary: "best tents", topicAges: true))
        #expect(!TitleChecks.hasYearWithoutAging("Small Patio Ideas 2026", primary: "small patio ideas 2026", topicAges: false))
        #expect(TitleChecks.ages(["texas car accident laws"]) && TitleChecks.ages(["roof cost"]) && !TitleChecks.ages(["deck ideas"]))
    }

    @Test("A number needs that many items; the keyword's own numbers and years do not count")
    func numbers() {
        #expect(TitleChecks.hasNumberWithoutItems("12 Patio Tips for Beginners", primary: "patio tips", items: 5))
        #expect(!TitleChecks.hasNumberWithoutItems("5 Patio Tips for Beginners", primary: "patio tips", items: 5))
        #expect(!TitleChecks.hasNumberWithoutItems("Top 10 Chainsaw in 2026", primary: "top 10 chainsaw", items: 0))
    }

    @Test("Items are the distinct qualifiers the topic's keywords add to its label")
    func items() {
        let keywords = ["garden edging ideas", "garden edging ideas with pavers", "garden edging ideas for small spaces",
                        "garden edging ideas 2026", "best garden edging ideas", "cheap garden edging ideas",
                        "garden edging ideas with pavers", "garden edging ideas with stones"]
            .map { ClusterKeyword(text: $0, volume: 10, similarity: 1) }
        // pavers, small spaces and stones count; the year, "best", "cheap" and the repeated keyword do not
        #expect(ListItems.count(label: "garden edging", keywords: keywords) == 3)
    }

    @Test("Acronyms written as words are found")
    func acronyms() {
        #expect(TitleChecks.misspelledAcronyms("Cns Dysfunction in Newborn") == ["Cns"])
        #expect(TitleChecks.misspelledAcronyms("Car Accident Lawyer Okc: A Guide") == ["Okc"])
        #expect(TitleChecks.misspelledAcronyms("DUI Lawyer in Austin, TX").isEmpty)
        #expect(TitleChecks.misspelledAcronyms("Corporate Attorney La", expected: ["la": "LA"]) == ["La"])
    }
}
