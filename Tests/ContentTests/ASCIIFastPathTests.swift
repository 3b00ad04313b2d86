import Testing
@testable import Content

/// The byte-level ASCII paths of title casing, subject cleaning and title keys must give
/// exactly what the character-level code gives; they are only faster.
@Suite("ASCII fast paths")
struct ASCIIFastPathTests {
    /// Text with the cases the rules single out: small words, acronyms and fixed spellings,
    /// hyphens and dashes, "vs.", subtitles, digits, capitals, apostrophes, odd spacing and
    /// control characters.
    static let samples: [String] = [
        "the best tents for camping in the rain", "how to grow tomatoes: a step-by-step guide", "gas vs. charcoal grill",
        "GAS VS CHARCOAL GRILL", "NASA launch schedule vs spacex", "seo tips for crm users in the usa", "soil ph test",
        "iphone vs ipad - which one", "10x10 canopy tent", "2nd hand kayak", "men's rain jacket", "mcdonald's near me",
        "  leading and trailing  ", "tabs\tand\nnewlines\r\nmixed", "what is mulch?", "a--b -- c", "-", "- - -", "vs.", "vs",
        "Vs. The World", "ends with dot. then more", "wow! great: yes? no.", "(parenthesised) [brackets] {braces}",
        "\"quoted\" words", "x", "", " ", "UPPER lower MiXeD", "3-in-1 printer", "top-rated step-by-step hvac guide",
        "faqs about diy's", "\u{1}control\u{1F}bytes\u{7F}", "tiktok youtube linkedin", "b&q garden", "...", "?!",
    ]

    /// Random ASCII strings from an alphabet rich in the characters the rules look at.
    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        let alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.:?!'\"()&/\t\n\r vsaeio".map(String.init)
            + ["vs.", " vs ", "the ", "seo", "ph", " - ", "\u{0B}", "\u{0C}", "\u{1C}", "\r\n"]
        var state = seed
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        return (0 ..< count).map { _ in (0 ..< next() % 30).map { _ in alphabet[next() % alphabet.count] }.joined() }
    }

    static var texts: [String] { samples + randomTexts(count: 5_000, seed: 7) }

    @Test("Title case: the same as character by character")
    func titleCase() {
        for text in Self.texts {
            #expect(TitleCase.apply(text) == TitleCase.applyByCharacter(text), "\(text.debugDescription)")
        }
    }

    @Test("Title keys: the same as character by character")
    func uniquenessKey() {
        for text in Self.texts {
            #expect(TitleQuality.uniquenessKey(text) == TitleQuality.uniquenessKeyByCharacter(text), "\(text.debugDescription)")
        }
    }

    @Test("Clean subjects: the same as character by character")
    func cleanSubject() {
        for text in Self.texts {
            #expect(BuiltInTitleGenerator.cleanSubject(text) == BuiltInTitleGenerator.cleanSubjectByCharacter(text),
                    "\(text.debugDescription)")
        }
    }

    @Test("Non-ASCII text takes the character path")
    func nonASCII() {
        #expect(ASCIITitleCase.apply("café crème") == nil)
        #expect(TitleCase.apply("café — crème brûlée") == TitleCase.applyByCharacter("café — crème brûlée"))
        #expect(TitleQuality.asciiUniquenessKey("Ünïcode") == nil)
        #expect(BuiltInTitleGenerator.asciiCleanSubject("naïve?") == nil)
    }

    @Test("Rendering fills every placeholder once, and never inside the values")
    func render() {
        let shape = KeywordShape("best tents {y} {k}")
        let context = TitleContext(subject: "best tents {y} {k}", shape: shape, intent: .commercial, year: 2026, number: 7,
                                   city: "austin")
        let template = TitleTemplate("{n} {k} in {c}{?} {y} {x} {")
        // The values go in as they are; "{x}" and the lone "{" are no placeholders.
        #expect(template.render(context) == TitleCase.apply("7 best tents {y} {k} in austin: 2026 {x} {"))
        let noCity = TitleContext(subject: "tents", shape: KeywordShape("tents"), intent: .local, year: 2026, number: 7, city: nil)
        #expect(template.render(noCity) == nil)
    }

    @Test("Every template renders as sequential replacement did")
    func templatesMatchReplacement() {
        let all = TitleTemplates.fallbacks + TitleTemplates.comparison + TitleTemplates.howTo + TitleTemplates.question
            + TitleTemplates.commercial + TitleTemplates.informational + TitleTemplates.transactional
            + TitleTemplates.service + TitleTemplates.product + TitleTemplates.tool + TitleTemplates.definition
            + TitleTemplates.bare
        let subjects = ["best tents", "how to prune roses", "what is mulch", "gas vs charcoal grill", "garden center near me",
                        "when to plant garlic"]
        for subject in subjects {
            for city in [nil, "austin"] as [String?] {
                let context = TitleContext(subject: subject, shape: KeywordShape(subject), intent: .local, year: 2026,
                                           number: 9, city: city)
                for template in all {
                    #expect(template.render(context) == Self.replacementRender(template.pattern, context), "\(template.pattern)")
                }
            }
        }
    }

    /// The old rendering: one `replacing` per placeholder, in this order.
    static func replacementRender(_ pattern: String, _ context: TitleContext) -> String? {
        if pattern.contains("{c}"), context.city == nil { return nil }
        let separator = context.shape.form == .question && !context.shape.isTopicQuestion ? "?" : ":"
        var text = pattern
        text = text.replacing("{?}", with: separator)
        text = text.replacing("{y}", with: String(context.year))
        text = text.replacing("{n}", with: String(context.number))
        if let city = context.city { text = text.replacing("{c}", with: city) }
        text = text.replacing("{k}", with: context.subject)
        return TitleCase.applyByCharacter(text)
    }
}
