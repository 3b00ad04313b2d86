/// The modifier words and phrases that signal each search intent.
///
/// Phrases are matched as whole consecutive words of a normalised keyword, so "top" does
/// not match "laptop" and "order" does not match "border". Places (cities, "near me") are
/// in ``PlaceNames``; this table holds the other four families plus the local phrases
/// that are not place names.
enum IntentLexicon {
    /// One modifier: its words and the intent it signals.
    struct Modifier: Sendable {
        let words: [String]
        let intent: SearchIntent
    }

    /// Every modifier, longest first so that "where to buy" wins over "where".
    static let modifiers: [Modifier] = {
        var all: [Modifier] = []
        func add(_ intent: SearchIntent, _ phrases: [String]) {
            all += phrases.map { Modifier(words: $0.split(separator: " ").map(String.init), intent: intent) }
        }
        add(.informational, [
            "how", "what", "why", "when", "who", "where", "guide", "guides", "tips", "tip",
            "ideas", "idea", "tutorial", "diy", "for beginners", "beginner", "beginners",
            "examples", "meaning", "definition", "step by step", "benefits", "ways",
            "learn", "instructions", "explained", "can you", "should i", "do i", "does",
            "difference between", "types of", "checklist", "mistakes",
        ])
        add(.commercial, [
            "best", "top", "top rated", "vs", "versus", "review", "reviews", "compare",
            "comparison", "alternative", "alternatives", "worth it", "brands", "rated",
            "ranking", "rankings", "recommended",
        ])
        add(.transactional, [
            "buy", "purchase", "price", "prices", "pricing", "cheap", "cheapest",
            "affordable", "deal", "deals", "coupon", "coupons", "promo code", "discount",
            "for sale", "sale", "order", "where to buy", "cost", "costs", "rent", "rental",
            "free shipping", "wholesale", "clearance", "shop",
        ])
        add(.navigational, [
            "login", "log in", "sign in", "signin", "sign up", "official", "website",
            "app", "app download", "customer service", "phone number", "account",
            "contact", "www", "target",
        ] + brands)
        add(.local, [
            "near me", "nearby", "near by", "near you", "open now", "close to me",
            "around me", "closest", "local",
        ])
        return all.sorted { $0.words.count > $1.words.count }
    }()

    /// Large retailers and platforms whose name alone sends people to them ("target" is
    /// navigational too, but as a common word not a brand of its own).
    static let brands: [String] = [
        "amazon", "home depot", "lowes", "lowe's", "walmart", "ikea", "costco", "wayfair", "rei", "menards",
        "ace hardware", "tractor supply", "bunnings", "b&q", "etsy", "ebay", "youtube", "reddit",
    ]

    private static let brandPhrases: [[String]] = brands.map { $0.split(separator: " ").map(String.init) }

    /// Whether `words` name one of the ``brands``.
    static func isBrand(_ words: [String]) -> Bool {
        brandPhrases.contains { KeywordText.firstIndex(of: $0, in: words) != nil }
    }

    /// In one pass over `words`: whether a local modifier occurs, and the intent of the leftmost
    /// modifier (at one position the longest phrase wins: the order of `modifiers`). Only a
    /// modifier's first occurrence counts, and only when it is a signal (``isSignal``).
    /// - Complexity: O(*n* × *c*) for *n* words and *c* modifiers sharing a first word.
    static func signals(in words: [String]) -> (hasLocal: Bool, leftmost: SearchIntent?) {
        var passed: [Int] = []
        var leftmost: SearchIntent?
        for index in words.indices {
            for candidate in byFirstWord[words[index]] ?? [] where !passed.contains(candidate) {
                let modifier = modifiers[candidate]
                guard matches(modifier.words, at: index, in: words) else { continue }
                // Only a modifier's first occurrence counts, as a signal or not.
                passed.append(candidate)
                guard isSignal(modifier, at: index, in: words) else { continue }
                if modifier.intent == .local { return (true, leftmost) }
                if leftmost == nil { leftmost = modifier.intent }
            }
        }
        return (false, leftmost)
    }

    /// The indices into `modifiers` by each modifier's first word, in `modifiers` order.
    static let byFirstWord: [String: [Int]] = {
        var table: [String: [Int]] = [:]
        for (index, modifier) in modifiers.enumerated() {
            if let first = modifier.words.first { table[first, default: []].append(index) }
        }
        return table
    }()

    /// Whether `phrase` stands at `index` of `words`.
    static func matches(_ phrase: [String], at index: Int, in words: [String]) -> Bool {
        guard index + phrase.count <= words.count else { return false }
        for offset in phrase.indices where words[index + offset] != phrase[offset] { return false }
        return true
    }

    /// Filters out the ambiguous uses of a modifier. "top" is commercial only first in a
    /// keyword or before a number ("top 10 tents"), not in "top soil" or "table top".
    private static func isSignal(_ modifier: Modifier, at index: Int, in words: [String]) -> Bool {
        guard modifier.words == ["top"] else { return true }
        if index == 0 { return words.count > 1 && words[1] != "soil" && words[1] != "dressing" }
        return index + 1 < words.count && words[index + 1].first?.isNumber == true
    }
}
