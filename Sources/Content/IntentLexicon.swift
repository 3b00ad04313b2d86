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
            "contact", "www",
            // Brand-ish: large retailers and platforms whose name alone sends people to them.
            "amazon", "home depot", "lowes", "lowe's", "walmart", "ikea", "costco",
            "target", "wayfair", "rei", "menards", "ace hardware", "tractor supply",
            "bunnings", "b&q", "etsy", "ebay", "youtube", "reddit",
        ])
        add(.local, [
            "near me", "nearby", "near by", "near you", "open now", "close to me",
            "around me", "closest", "local",
        ])
        return all.sorted { $0.words.count > $1.words.count }
    }()

    /// The leftmost modifier of `words`: its position, length and intent. At one position
    /// the longest phrase wins.
    ///
    /// - Complexity: O(*n* × *m*) for *n* words and *m* modifiers.
    static func leftmostModifier(in words: [String]) -> (index: Int, length: Int, intent: SearchIntent)? {
        var best: (index: Int, length: Int, intent: SearchIntent)?
        for modifier in modifiers {
            guard let index = KeywordText.firstIndex(of: modifier.words, in: words),
                  isSignal(modifier, at: index, in: words)
            else { continue }
            if let current = best, current.index < index || (current.index == index && current.length >= modifier.words.count) {
                continue
            }
            best = (index, modifier.words.count, modifier.intent)
        }
        return best
    }

    /// Whether any modifier of `intent` occurs in `words`.
    static func contains(_ intent: SearchIntent, in words: [String]) -> Bool {
        modifiers.contains { modifier in
            guard modifier.intent == intent,
                  let index = KeywordText.firstIndex(of: modifier.words, in: words)
            else { return false }
            return isSignal(modifier, at: index, in: words)
        }
    }

    /// Filters out the ambiguous uses of a modifier. "top" is commercial only first in a
    /// keyword or before a number ("top 10 tents"), not in "top soil" or "table top".
    private static func isSignal(_ modifier: Modifier, at index: Int, in words: [String]) -> Bool {
        guard modifier.words == ["top"] else { return true }
        if index == 0 { return words.count > 1 && words[1] != "soil" && words[1] != "dressing" }
        return index + 1 < words.count && words[index + 1].first?.isNumber == true
    }
}
