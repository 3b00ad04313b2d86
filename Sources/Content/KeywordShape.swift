/// What a title generator needs to know about the grammar of a keyword: is it a noun
/// phrase, a "how to" phrase, a question or a comparison, and which modifiers it holds.
struct KeywordShape: Sendable {
    /// The grammatical form of a keyword.
    enum Form: Sendable {
        /// A noun phrase, possibly with modifiers: "best garden hose", "mulch price".
        case phrase
        /// Starts with "how to": "how to prune roses".
        case howTo
        /// Any other question: "what is mulch", "how much does sod cost", "can dogs eat basil",
        /// and "best time to ..." / "best way to ..." keywords, which ask when or how.
        case question
        /// Compares two things: "gas vs charcoal grill".
        case comparison
    }

    /// Question words that make a keyword a question when it starts with one.
    static let questionLeads: Set<String> = [
        "how", "what", "why", "when", "where", "which", "who", "can", "do", "does", "is",
        "are", "should", "will", "could", "would",
    ]

    /// The keyword's words, lower-case.
    let words: [String]
    /// The keyword's form.
    let form: Form
    /// Whether it has "best" or "top".
    let hasSuperlative: Bool
    /// Whether it names a place or says "near me", "nearby" and the like.
    let hasPlace: Bool
    /// Its last word ("ideas", "tips", "price", ...).
    let lastWord: String

    /// Analyses `keyword`.
    init(_ keyword: String) {
        let words = KeywordText.words(keyword)
        self.words = words
        lastWord = words.last ?? ""
        hasSuperlative = words.contains("best") || words.first == "top" || words.contains("greatest")
        hasPlace = IntentLexicon.signals(in: words).hasLocal || PlaceNames.firstPlace(in: words) != nil
        if words.contains("vs") || words.contains("vs.") || words.contains("versus") {
            form = .comparison
        } else if words.count >= 2, words[0] == "how", words[1] == "to" {
            form = .howTo
        } else if let first = words.first, Self.questionLeads.contains(first), words.count >= 2 {
            form = .question
        } else if words.count >= 3, words[0] == "best", ["time", "way", "month", "season"].contains(words[1]),
                  words[2] == "to" {
            form = .question
        } else {
            form = .phrase
        }
    }

    /// Whether the last word looks like a plural noun ("hoses", "ideas", not "grass",
    /// "cactus" or "analysis"), so that "The 7 Best ..." reads well.
    var isPlural: Bool {
        lastWord.count > 3 && lastWord.hasSuffix("s")
            && !lastWord.hasSuffix("ss") && !lastWord.hasSuffix("us") && !lastWord.hasSuffix("is")
    }

    /// Whether the keyword is a short noun phrase that can sit before a noun ("lawn care"
    /// in "Lawn Care Tips"): at most three words, no small word or preposition, and not a
    /// gerund with an object ("pruning roses" would give "Pruning Roses Tips").
    var isCompactNounPhrase: Bool {
        guard form == .phrase, (1...3).contains(words.count) else { return false }
        if words.contains(where: { TitleCase.smallWords.contains($0) || Self.qualifierWords.contains($0) }) {
            return false
        }
        return words.count == 1 || !words[0].hasSuffix("ing")
    }

    /// Whether a preposition qualifies the keyword ("best kayak for beginners").
    var hasQualifier: Bool { words.contains { Self.qualifierWords.contains($0) } }

    /// Prepositions that open a qualifier.
    static let qualifierWords: Set<String> = ["for", "with", "without", "in", "on", "under", "near", "by", "to", "step"]

    /// Whether a question is phrased as a topic rather than a full question ("when to
    /// plant garlic", "best time to prune roses"), so a colon, not "?", follows it.
    var isTopicQuestion: Bool {
        form == .question && words.prefix(4).contains("to")
    }

    /// Whether the keyword contains `word`.
    func contains(_ word: String) -> Bool { words.contains(word) }

    /// Whether the keyword contains any of `candidates`.
    func containsAny(_ candidates: Set<String>) -> Bool { words.contains { candidates.contains($0) } }
}
