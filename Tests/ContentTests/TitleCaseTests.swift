import Testing
@testable import Content

@Suite("TitleCase")
struct TitleCaseTests {
    @Test("Small words stay lower-case except first", arguments: [
        ("the best tents for camping in the rain", "The Best Tents for Camping in the Rain"),
        ("how to grow tomatoes: a step-by-step guide", "How to Grow Tomatoes: A Step-by-Step Guide"),
        ("gas vs charcoal grill", "Gas vs Charcoal Grill"),
        ("a guide to lawns and gardens of the world", "A Guide to Lawns and Gardens of the World"),
        ("raised beds or pots", "Raised Beds or Pots"),
        ("vs the world", "Vs the World"),
    ])
    func smallWords(input: String, expected: String) {
        #expect(TitleCase.apply(input) == expected)
    }

    @Test("Acronyms and fixed spellings", arguments: [
        ("seo tips for crm users in the usa", "SEO Tips for CRM Users in the USA"),
        ("best pizza in nyc", "Best Pizza in NYC"),
        ("ai garden planner", "AI Garden Planner"),
        ("diy led grow lights", "DIY LED Grow Lights"),
        ("soil ph test", "Soil pH Test"),
        ("iphone garden apps", "iPhone Garden Apps"),
    ])
    func acronyms(input: String, expected: String) {
        #expect(TitleCase.apply(input) == expected)
    }

    @Test("A subtitle starts with a capital, even a small word")
    func subtitle() {
        #expect(TitleCase.apply("mulch: a complete guide") == "Mulch: A Complete Guide")
        #expect(TitleCase.apply("is mulch safe? the answer") == "Is Mulch Safe? The Answer")
    }

    @Test("Punctuation, numbers, apostrophes and spacing")
    func punctuation() {
        #expect(TitleCase.apply("best  10x10 canopy (2026)") == "Best 10x10 Canopy (2026)")
        #expect(TitleCase.apply("a beginner's guide to men's boots") == "A Beginner's Guide to Men's Boots")
        #expect(TitleCase.apply("top-rated hoses") == "Top-Rated Hoses")
        #expect(TitleCase.apply("") == "")
    }

    @Test("Capitals in mixed input are kept; all-capitals input is recased")
    func capitals() {
        #expect(TitleCase.apply("tents tested by NASA engineers") == "Tents Tested by NASA Engineers")
        #expect(TitleCase.apply("BEST TENTS AND TARPS") == "Best Tents and Tarps")
    }
}
