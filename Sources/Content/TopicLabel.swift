/// A short name for a topic: its primary keyword without intent modifiers.
///
/// "best garden hose 2026" gives "garden hose", "how to grow tomatoes in pots" gives
/// "grow tomatoes in pots", "lawn care near me" gives "lawn care". The result keeps at
/// most four words: a longer remainder first loses its trailing qualifier from the first
/// preposition on ("raised garden bed with legs" gives "raised garden bed"), then keeps its
/// last four words, where English noun phrases keep their head noun. It never starts or
/// ends with a small word, and falls back to the primary keyword's first four words when
/// stripping would leave nothing.
enum TopicLabel {
    /// Words and phrases removed wherever they occur.
    private static let strippedPhrases: [[String]] = [
        "how to", "how do i", "how do you", "how much does", "how much do", "how much is",
        "how long does", "how long do", "how often", "how many", "what is", "what are",
        "what does", "why is", "why are", "why do", "why does", "when to", "where to buy",
        "where to", "can you", "should i", "do i", "is it", "best", "top rated", "top",
        "reviews", "review", "compare", "comparison", "worth it", "recommended", "buy",
        "purchase", "price", "prices", "pricing", "cheap", "cheapest", "affordable",
        "deal", "deals", "coupon", "coupons", "promo code", "discount", "for sale", "sale",
        "cost", "costs", "near me", "nearby", "near by", "near you", "open now",
        "close to me", "around me", "closest", "login", "log in", "sign in", "sign up",
        "official", "website", "guide", "guides", "tips", "tip", "tutorial", "ideas",
        "for beginners", "step by step", "explained", "examples", "meaning",
        "definition", "checklist",
    ].map { $0.split(separator: " ").map(String.init) }.sorted { $0.count > $1.count }

    /// The positions in ``strippedPhrases`` of the phrases starting with each word.
    private static let phrasesByFirstWord: [String: [Int]] = {
        var table: [String: [Int]] = [:]
        for (index, phrase) in strippedPhrases.enumerated() { table[phrase[0], default: []].append(index) }
        return table
    }()

    /// Words a label neither starts nor ends with.
    private static let edgeWords: Set<String> = [
        "a", "an", "the", "and", "or", "for", "in", "of", "to", "on", "at", "by", "with",
        "vs", "my", "your", "i", "you", "is", "are", "do", "does",
    ]

    /// Prepositions that start a qualifier a long label can lose ("... with legs").
    private static let cutWords: Set<String> = [
        "with", "without", "for", "in", "on", "under", "from", "using", "at", "by", "near", "to", "of",
    ]

    /// The label of `keyword` (rules in the type's documentation).
    ///
    /// - Complexity: O(*n* × *p*) for *n* words and *p* stripped phrases.
    static func label(for keyword: String) -> String {
        let original = KeywordText.words(keyword)
        var words = original
        if let place = PlaceNames.firstPlace(in: words) {
            var end = place.index + place.length
            var start = place.index
            if start > 0, words[start - 1] == "in" || words[start - 1] == "near" { start -= 1 }
            end = min(end, words.count)
            words.removeSubrange(start..<end)
        }
        // Words are only ever removed, so a phrase whose first word is absent now never matches:
        // only the phrases starting with one of the words are tried, in the list's order.
        var candidates: [Int] = []
        for word in words { if let phrases = phrasesByFirstWord[word] { candidates += phrases } }
        for position in Set(candidates).sorted() {
            let phrase = strippedPhrases[position]
            while let index = KeywordText.firstIndex(of: phrase, in: words) {
                words.removeSubrange(index..<(index + phrase.count))
            }
        }
        words.removeAll { KeywordText.isYear($0) }
        words = trimmed(words)
        if words.count > 4 {
            words.removeAll { $0 == "a" || $0 == "an" || $0 == "the" }
        }
        if words.count > 4,
           let cut = words.indices.dropFirst(2).first(where: { cutWords.contains(words[$0]) }) {
            words = trimmed(Array(words[..<cut]))
        }
        if words.count > 4 { words = trimmed(Array(words.suffix(4))) }
        if words.isEmpty { words = Array(original.prefix(4)) }
        return words.joined(separator: " ")
    }

    private static func trimmed(_ words: [String]) -> [String] {
        var slice = words[...]
        while let first = slice.first, edgeWords.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, edgeWords.contains(last) { slice = slice.dropLast() }
        return Array(slice)
    }
}
