/// How many distinct items a topic's keywords name, so a list title carries a number only
/// when the topic has that many ("garden edging ideas with pavers", "... with lights", "...
/// for small spaces" are three ideas; "best hiking boots for flat feet", "best winter hiking
/// boots" two picks).
///
/// An item is a secondary keyword that holds every word of the primary keyword's label and
/// adds a word of its own that is not a modifier, a year or a number; items adding the same
/// words count once.
enum ListItems {
    /// The number of distinct items among `keywords` for a topic labelled `label`.
    ///
    /// - Complexity: O(*k* × *w*) for *k* keywords of *w* words.
    static func count(label: String, keywords: [ClusterKeyword]) -> Int {
        count(label: label, words: keywords.map { KeywordText.words($0.text) })
    }

    /// `count(label:keywords:)` for keywords already split into words.
    static func count(label: String, words keywordWords: [[String]]) -> Int {
        let labelWords = Set(KeywordText.words(label).map(singular))
        guard !labelWords.isEmpty else { return 0 }
        var distinct = Set<[String]>()
        for keywordWords in keywordWords {
            let words = keywordWords.map(singular)
            guard labelWords.isSubset(of: Set(words)) else { continue }
            let extra = words.filter { word in
                !labelWords.contains(word) && !ignored.contains(word) && !KeywordText.isYear(word)
                    && word.first?.isNumber != true
            }
            if !extra.isEmpty { distinct.insert(extra.sorted()) }
        }
        return distinct.count
    }

    /// Words that do not make an item of their own: modifiers and small words.
    private static let ignored: Set<String> = [
        "best", "top", "rated", "review", "reviews", "cheap", "buy", "sale", "for", "with", "a", "an",
        "the", "to", "of", "in", "on", "and", "or", "near", "me", "how", "what", "is", "are", "my",
        "ideas", "idea", "tips", "tip", "guide", "price", "prices", "cost", "vs", "do", "i", "you",
    ]

    /// `word` without a plural "s" (not "ss"), so "boots" and "boot" match.
    private static func singular(_ word: String) -> String {
        word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") ? String(word.dropLast()) : word
    }
}
