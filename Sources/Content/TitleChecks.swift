/// The checks a published title passes beyond ``TitleQuality``'s: no filler a reader
/// recognises as machine-made, no year on a topic that does not age, no number the topic's
/// items do not back, and acronyms written as acronyms. The generator applies them to every
/// candidate; the evaluation tests score titles with them.
enum TitleChecks {
    /// Phrases that pad a title without saying anything about the page.
    static let fillerPhrases: [[String]] = [
        "things to know", "everything you need to know", "what you need to know", "the essentials",
        "complete guide", "here's the answer", "a quick guide", "quick guide", "tips for choosing well",
        "a local guide", "local's guide", "find the best local option", "prices reviews and tips",
        "things to check before you go", "what to know before you go", "what it offers",
        "features tips and faqs", "our top picks", "picks we recommend", "what owners really think",
    ].map { phrase in phrase.split(separator: " ").map { KeywordText.trimEdges($0) } }

    /// Words of topics that age, whose titles may carry a year: best-of lists and rankings,
    /// prices and deals, laws and rates.
    static let agingWords: Set<String> = [
        "best", "top", "rated", "ranking", "rankings", "review", "reviews", "price", "prices", "pricing",
        "cost", "costs", "deal", "deals", "coupon", "coupons", "sale", "law", "laws", "statute", "statutes",
        "limitations", "rate", "rates", "tax", "taxes", "limit", "limits", "salary", "alternatives",
    ]

    /// The first words of ``fillerPhrases``: a title without any of them has no filler.
    private static let fillerFirstWords = Set(fillerPhrases.map { $0[0] })

    /// Whether `title` holds a filler phrase the primary keyword does not hold itself.
    static func hasFiller(_ title: String, primary: String) -> Bool {
        hasFiller(title, primaryWords: KeywordText.words(primary))
    }

    /// `hasFiller(_:primary:)` with the primary keyword's words already split.
    static func hasFiller(_ title: String, primaryWords: [String]) -> Bool {
        let words = KeywordText.words(title)
        guard words.contains(where: fillerFirstWords.contains) else { return false }
        return fillerPhrases.contains { phrase in
            KeywordText.firstIndex(of: phrase, in: words) != nil && KeywordText.firstIndex(of: phrase, in: primaryWords) == nil
        }
    }

    /// Whether the topic of these keywords ages: one of them has an aging word or a year.
    static func ages(_ keywords: [String]) -> Bool {
        ages(words: keywords.map(KeywordText.words))
    }

    /// `ages(_:)` for keywords already split into words.
    static func ages(words keywords: [[String]]) -> Bool {
        keywords.contains { words in words.contains { agingWords.contains($0) || KeywordText.isYear($0) } }
    }

    /// Whether `title` carries a year although neither the primary keyword nor the topic ages.
    static func hasYearWithoutAging(_ title: String, primary: String, topicAges: Bool) -> Bool {
        let years = KeywordText.words(title).filter(KeywordText.isYear)
        guard !years.isEmpty else { return false }
        let primaryYears = Set(KeywordText.words(primary).filter(KeywordText.isYear))
        return !topicAges && years.contains { !primaryYears.contains($0) }
    }

    /// Whether `title` counts something ("7 Tips", "The 10 Best ...") that the topic's
    /// `items` do not back: a number of its own, not from the primary keyword, above `items`.
    static func hasNumberWithoutItems(_ title: String, primary: String, items: Int) -> Bool {
        let primaryWords = Set(KeywordText.words(primary))
        return KeywordText.words(title).contains { word in
            guard let value = Int(word), !KeywordText.isYear(word), !primaryWords.contains(word) else { return false }
            return value > items
        }
    }

    /// The words of `title` that should be acronyms or fixed spellings but are not written
    /// so ("Cns", "Okc", "Irs"); `expected` adds the spellings a topic requires (its place's
    /// code, a short form, a spelling from the source export).
    static func misspelledAcronyms(_ title: String, expected: [String: String] = [:]) -> [String] {
        title.split(whereSeparator: { $0.isWhitespace }).compactMap { token -> String? in
            let core = KeywordText.trimEdges(token)
            let lower = core.lowercased()
            guard let wanted = expected[lower] ?? Acronyms.spelling(of: lower), wanted.lowercased() == lower else { return nil }
            return core == wanted ? nil : core
        }
    }
}
