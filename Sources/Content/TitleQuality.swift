/// The checks every generated title passes: length, the primary keyword's words in order,
/// and no awkward repetition ("Best Best Tents", "How to How to ...", "Tips ... Tips",
/// "Best How to ...").
enum TitleQuality {
    /// Titles never exceed this many characters (grapheme clusters), the length search
    /// engines show before cutting.
    static let maximumLength = 60

    /// Words that count as the same modifier when checking for repetition.
    private static let wordClasses: [String: String] = {
        var table: [String: String] = [:]
        func add(_ name: String, _ words: [String]) { for word in words { table[word] = name } }
        add("superlative", ["best", "greatest", "ultimate"])
        add("top", ["top", "top-rated"])
        add("question", ["how", "what", "why", "which", "where", "when"])
        add("price", ["price", "prices", "pricing", "cost", "costs"])
        add("buy", ["buy", "buying", "shop", "purchase", "order"])
        add("deal", ["deal", "deals", "discount", "coupon", "sale", "save"])
        add("guide", ["guide", "guides", "tutorial", "handbook"])
        add("tip", ["tip", "tips", "hacks", "tricks"])
        add("idea", ["idea", "ideas", "inspiration"])
        add("review", ["review", "reviews", "reviewed"])
        add("compare", ["vs", "vs.", "versus", "compare", "compared", "comparison", "differences", "better"])
        add("near", ["near", "nearby", "local", "local's"])
        add("step", ["step", "steps", "step-by-step"])
        add("beginner", ["beginner", "beginners", "beginner's"])
        add("know", ["know", "knowing"])
        add("pick", ["pick", "picks", "choose", "choosing"])
        add("option", ["option", "options"])
        add("complete", ["complete", "everything", "essentials", "essential"])
        add("in", ["in"])
        add("for", ["for"])
        add("of", ["of"])
        return table
    }()

    /// What the checks need to know about a primary keyword, worked out once for all the
    /// candidate titles of a cluster.
    struct Primary {
        let words: [String]
        /// Its adjacent word pairs ("best tents"), never held against a title.
        let pairs: Set<String>
        let classCounts: [CountKey: Int]

        init(_ primary: String) {
            words = KeywordText.words(primary)
            pairs = Set(zip(words, words.dropFirst()).map { "\($0) \($1)" })
            classCounts = TitleQuality.classCounts(words)
        }
    }

    /// Whether `title` is acceptable for a cluster whose primary keyword is `primary`.
    ///
    /// - Complexity: O(*n*) in the length of the title.
    static func accepts(_ title: String, primary: String) -> Bool {
        accepts(title, primary: Primary(primary))
    }

    /// Whether `title` is acceptable for a cluster with this primary keyword.
    static func accepts(_ title: String, primary: Primary) -> Bool {
        // Counting characters only when the UTF-8 length exceeds the limit (it is never smaller).
        if title.utf8.count > maximumLength, title.count > maximumLength { return false }
        let titleWords = KeywordText.words(title)
        guard KeywordText.isSubsequence(primary.words, of: titleWords) else { return false }
        return !hasAwkwardRepetition(titleWords, primary: primary)
    }

    /// Whether `title` is acceptable for a local landing page whose primary keyword names a
    /// place: the same checks, except that the place may move ("car accident lawyer corpus
    /// christi" → "Car Accident Lawyer in Corpus Christi, TX"). The primary keyword's other
    /// words stay in order and the place's words stay together, in order.
    static func acceptsLocal(_ title: String, primary: String) -> Bool {
        guard let local = LocalPrimary(primary) else { return false }
        return acceptsLocal(title, primary: local)
    }

    /// What the local check needs to know about a primary keyword that names a place.
    struct LocalPrimary {
        /// The checks' view of the primary keyword without its place.
        let restPrimary: Primary
        /// The primary keyword's words without the place (and an "in" or "near" before it).
        let rest: [String]
        /// The place's words as the keyword has them, and as titles write them.
        let placeWords: [String]
        let displayWords: [String]

        init?(_ text: String) {
            let words = KeywordText.words(text)
            guard let place = PlaceNames.firstPlace(in: words) else { return nil }
            var rest = words
            rest.removeSubrange(place.index ..< place.index + place.length)
            if place.index > 0, ["in", "near"].contains(rest[place.index - 1]) { rest.remove(at: place.index - 1) }
            self.rest = rest
            placeWords = place.words
            displayWords = KeywordText.words(place.place.display)
            restPrimary = Primary(rest.joined(separator: " "))
        }
    }

    /// `acceptsLocal(_:primary:)` with the primary keyword worked out once.
    static func acceptsLocal(_ title: String, primary local: LocalPrimary) -> Bool {
        if title.utf8.count > maximumLength, title.count > maximumLength { return false }
        var titleWords = KeywordText.words(title)
        guard KeywordText.isSubsequence(local.rest, of: titleWords),
              let at = KeywordText.firstIndex(of: local.placeWords, in: titleWords)
                ?? KeywordText.firstIndex(of: local.displayWords, in: titleWords)
        else { return false }
        // The place and the state after it ("Indianapolis, IN") are names, not repeated words.
        var end = at + min(local.displayWords.count, titleWords.count - at)
        if end < titleWords.count, Gazetteer.places[titleWords[end]]?.kind == .stateCode { end += 1 }
        titleWords.removeSubrange(at ..< end)
        return !hasAwkwardRepetition(titleWords, primary: local.restPrimary)
    }

    /// Whether the title repeats a word or a modifier class more often than the primary
    /// keyword itself does, repeats a word back to back, carries two years, or puts a
    /// superlative right before a question word ("Best How to"). Word pairs that are in
    /// the primary keyword itself are never held against the title.
    private static func hasAwkwardRepetition(_ titleWords: [String], primary: Primary) -> Bool {
        for (first, second) in zip(titleWords, titleWords.dropFirst()) {
            let awkward = first == second
                || (wordClasses[first] == "superlative" || first == "top") && wordClasses[second] == "question"
            // A pair of the primary keyword itself is never held against the title.
            if awkward, !primary.pairs.contains("\(first) \(second)") { return true }
        }
        let titleCounts = classCounts(titleWords)
        for (name, count) in titleCounts where count > max(1, primary.classCounts[name, default: 0]) {
            return true
        }
        return false
    }

    /// How often each modifier class, each year and each other content word occurs.
    private static func classCounts(_ words: [String]) -> [CountKey: Int] {
        var counts: [CountKey: Int] = [:]
        for word in words {
            let key: CountKey
            if let name = wordClasses[word] {
                key = .modifier(name)
            } else if KeywordText.isYear(word) {
                key = .year
            } else if TitleCase.smallWords.contains(word) || word.count < 3 || word.first?.isNumber == true {
                continue
            } else {
                key = .word(word.hasSuffix("s") ? Substring(word.dropLast()) : Substring(word))
            }
            counts[key, default: 0] += 1
        }
        return counts
    }

    /// What `classCounts` counts: a modifier class, a year, or a content word (plural "s" dropped).
    enum CountKey: Hashable {
        case modifier(String)
        case year
        case word(Substring)
    }

    /// The key under which two titles count as the same: lower-case with single spaces,
    /// so case and spacing do not make a title different. Kept cheap: a plain
    /// `Set<String>` of used titles is normalised with it on every generator call.
    ///
    /// - Complexity: O(*n*) in the length of the title.
    static func uniquenessKey(_ title: String) -> String {
        asciiUniquenessKey(title) ?? uniquenessKeyByCharacter(title)
    }

    /// `uniquenessKey` for any text.
    static func uniquenessKeyByCharacter(_ title: String) -> String {
        let lower = title.lowercased()
        guard lower.contains("  ") || lower.first == " " || lower.last == " " else { return lower }
        return lower.split(separator: " ").joined(separator: " ")
    }

    /// `uniquenessKey` of pure-ASCII text, on bytes (the same key); nil for other text.
    static func asciiUniquenessKey(_ title: String) -> String? {
        // Split on spaces only, as the character path does.
        ASCIIText.lowercasedCollapsing(title) { $0 == 0x20 }
    }
}
