/// Decides a topic's ``PageType`` from its keywords: the primary keyword's own signals first,
/// then what the other keywords say about it.
///
/// ## The primary keyword
/// In this order, the first that applies:
/// 1. news ("today", "yesterday", "news", "injured", "killed") or a navigational search
///    ("login", "sign in", "customer service", "phone number", a big retailer's or platform's
///    name): ``PageType/noPage``;
/// 2. "vs", "versus", "difference between": ``PageType/comparison``;
/// 3. a tool word ("calculator", "estimator", "generator", "converter", "checker", "counter",
///    "size chart"): ``PageType/tool``;
/// 4. "what is/are X" for a short X, "X meaning", "X definition", "define X":
///    ``PageType/definition``;
/// 5. a question, "how to", "for beginners", or a price guide ("cost", "fees"):
///    ``PageType/article``;
/// 6. "near me" and the like, or a service beside a place: ``PageType/localService``;
/// 7. an article word ("guide", "tips", "ideas", "checklist", "settlement", "statute", "laws",
///    "brands", "reviews", a last word "care"): ``PageType/article``;
/// 8. a service ("lawyer", "roof repair", "gutter cleaning"), "best" included:
///    ``PageType/service``;
/// 9. "best"/"top": ``PageType/article`` (a best-of list); a buying word ("buy", "for sale",
///    "deals", "used", "parts"): ``PageType/product``.
///
/// ## The other keywords
/// - When two of them, or one weighing a tenth of the topic's volume, name the primary keyword
///   with "phone number", "login", "customer service", "hours" and the like, the primary
///   keyword is someone's brand: ``PageType/noPage`` ("morgan and morgan", "roto rooter").
/// - A primary keyword with no signal of its own ("bird feeder", "lawn care", "composting")
///   takes the type its other keywords vote for, by volume: article words against buying
///   and best-of words (a product), against local and service words when the primary keyword
///   names a service. Without votes, a service is a service page, an activity ("composting",
///   "building a deck") or a condition ("cns dysfunction in newborn") an article, any other
///   noun phrase a product.
public enum PageTypeClassifier {
    /// The page type of a topic: `keywords` are its keywords (the primary one among them),
    /// `primary` its primary keyword.
    ///
    /// - Complexity: O(*k* × *w*) for *k* keywords of *w* words.
    public static func pageType(primary: String, keywords: [ClusterKeyword]) -> PageType {
        pageType(primary: KeywordText.words(primary), keywords: keywords, words: keywords.map { KeywordText.words($0.text) })
    }

    /// `pageType(primary:keywords:)` with the words of the primary keyword and of each keyword
    /// (`words[i]` of `keywords[i]`) already split.
    static func pageType(primary words: [String], keywords: [ClusterKeyword], words keywordWords: [[String]]) -> PageType {
        guard !words.isEmpty else { return .article }
        if isBrand(primary: words, keywords: keywords, words: keywordWords) { return .noPage }
        if let type = strongType(words) { return type }
        return voted(primary: words, keywords: keywords, words: keywordWords)
    }

    /// Why no page should target the topic whose primary keyword is `primary`, in the order
    /// `pageType(primary:keywords:)` applies the rules; nil exactly when that page type is not
    /// ``PageType/noPage``.
    ///
    /// - Complexity: O(*k* × *w*) for *k* keywords of *w* words.
    public static func noPageReason(primary: String, keywords: [ClusterKeyword]) -> NoPageReason? {
        let words = KeywordText.words(primary)
        guard !words.isEmpty else { return nil }
        if has(navigationalPhrases, in: words) { return .navigational }
        if isBrand(primary: words, keywords: keywords, words: keywords.map { KeywordText.words($0.text) }) { return .brand }
        if words.contains(where: newsWords.contains) { return .news }
        return nil
    }

    /// The page type of a topic summarised as `summary`.
    public static func pageType(of summary: ClusterSummary, keywords: [ClusterKeyword]) -> PageType {
        pageType(primary: summary.primaryKeyword, keywords: keywords)
    }

    // MARK: Lexicon

    static let newsWords: Set<String> = [
        "news", "today", "yesterday", "tonight", "breaking", "injured", "killed", "dies", "died", "arrested",
        "sentenced", "charged", "indicted",
    ]
    static let navigationalPhrases: [[String]] = words([
        "login", "log in", "sign in", "signin", "sign up", "customer service", "phone number", "store hours",
        "hours", "download", "app", "account", "membership", "lookup", "portal", "official site", "official website",
        "address", "careers", "jobs",
    ])
    static let entitySuffixes: [[String]] = words([
        "phone number", "login", "log in", "sign in", "customer service", "hours", "store hours", "address",
        "careers", "jobs", "account", "app", "locations",
    ])
    static let toolWords: Set<String> = [
        "calculator", "calculators", "estimator", "generator", "converter", "checker", "counter", "formatter",
        "calc", "validator", "tester",
    ]
    static let articleWords: Set<String> = [
        "guide", "guides", "tips", "tip", "ideas", "idea", "inspiration", "designs", "checklist", "schedule",
        "101", "beginners", "beginner", "mistakes", "examples", "tutorial", "diy", "pictures",
        "settlement", "settlements", "compensation", "claim", "claims", "statute", "laws", "law", "symptoms",
        "recovery", "causes", "types", "benefits", "problems", "brands", "review", "reviews",
        "alternatives", "pests", "requirements", "process", "timeline", "rights", "steps", "curling",
    ]
    /// Words of a price guide ("roof replacement cost"), an article even for a service.
    static let priceGuideWords: Set<String> = ["cost", "costs", "fees", "fee"]
    static let articlePhrases: [[String]] = words(["step by step", "for beginners", "how to", "best time", "best way"])
    static let buyingWords: Set<String> = [
        "buy", "sale", "deals", "deal", "cheap", "cheapest", "discount", "coupon", "clearance", "used", "parts",
        "accessories", "shop", "order", "wholesale", "price", "prices", "pricing", "seeds", "plants",
    ]
    static let localPhrases: [[String]] = words([
        "near me", "nearby", "near by", "open now", "close to me", "around me", "in my area",
    ])
    static let serviceVoteWords: Set<String> = [
        "estimate", "estimates", "quote", "quotes", "company", "companies", "contractor", "contractors", "service",
        "services", "installer", "installers", "local", "consultation",
    ]
    static let superlatives: Set<String> = ["best", "top", "rated", "greatest"]

    private static func words(_ phrases: [String]) -> [[String]] {
        phrases.map { $0.split(separator: " ").map(String.init) }
    }

    private static func has(_ phrases: [[String]], in words: [String]) -> Bool {
        phrases.contains { KeywordText.firstIndex(of: $0, in: words) != nil }
    }

    // MARK: Rules

    /// Whether the other keywords treat the primary keyword as an entity one visits or calls.
    static func isBrand(primary: [String], keywords: [ClusterKeyword], words keywordWords: [[String]]) -> Bool {
        if has(navigationalPhrases, in: primary) || IntentLexicon.isBrand(primary) { return true }
        var hits = 0
        var weight = 0
        var total = 0
        for (keyword, words) in zip(keywords, keywordWords) {
            let volume = max(keyword.volume ?? 0, 0) + 1
            total += volume
            guard words.count > primary.count, Array(words.prefix(primary.count)) == primary else { continue }
            let rest = Array(words.dropFirst(primary.count))
            if entitySuffixes.contains(rest) {
                hits += 1
                weight += volume
            }
        }
        return hits >= 2 || hits == 1 && weight * 10 >= total
    }

    /// The page type the primary keyword's own words decide, or nil when they say nothing.
    static func strongType(_ words: [String]) -> PageType? {
        if words.contains(where: newsWords.contains) { return .noPage }
        if words.contains("vs") || words.contains("versus") || words.contains("vs.")
            || KeywordText.firstIndex(of: ["difference", "between"], in: words) != nil {
            return .comparison
        }
        if words.contains(where: toolWords.contains) || KeywordText.firstIndex(of: ["size", "chart"], in: words) != nil {
            return .tool
        }
        if isDefinition(words) { return .definition }
        let first = words[0]
        if words.count >= 2, KeywordShape.questionLeads.contains(first) || has(articlePhrases, in: words) { return .article }
        if words.contains(where: priceGuideWords.contains) { return .article }
        let service = isService(words)
        if has(localPhrases, in: words) || service && PlaceNames.firstPlace(in: words) != nil { return .localService }
        if words.contains(where: articleWords.contains) || words.last == "care" { return .article }
        if service { return .service }
        if words.contains(where: superlatives.contains) { return .article }
        if words.contains(where: buyingWords.contains) || KeywordText.firstIndex(of: ["for", "sale"], in: words) != nil {
            // A price of a service or an activity is a price guide.
            if ["price", "prices", "pricing"].contains(where: words.contains),
               ServiceLexicon.serviceEnd(in: words) != nil || isGerund(words) {
                return .article
            }
            return .product
        }
        return nil
    }

    /// "what is a tort", "what are punitive damages", "tort meaning", "define tort".
    static func isDefinition(_ words: [String]) -> Bool {
        if let last = words.last, last == "meaning" || last == "definition", words.count <= 4 { return true }
        if words.first == "define", words.count <= 4 { return true }
        guard words.count >= 3, words[0] == "what", words[1] == "is" || words[1] == "are" else { return false }
        var term = Array(words.dropFirst(2))
        if let article = term.first, ["a", "an", "the"].contains(article) { term.removeFirst() }
        let tooSpecific: Set<String> = ["best", "average", "cost", "price", "much", "many", "statute", "difference", "my", "your"]
        return (1...3).contains(term.count) && !term.contains(where: tooSpecific.contains)
    }

    /// Whether `words` is a service: a service head at its end, or followed by a place, a
    /// local phrase or a qualifier ("lawyer for car accident").
    static func isService(_ words: [String]) -> Bool {
        guard let end = ServiceLexicon.serviceEnd(in: words) else { return false }
        if end == words.count { return true }
        let next = words[end]
        if ["for", "in", "near", "around", "at", "who", "that", "free", "open", "serving"].contains(next) { return true }
        if let place = PlaceNames.firstPlace(in: words), place.index == end { return true }
        return false
    }

    /// An activity named by an -ing word: last ("composting", "container gardening"), or first
    /// before an article or with a preposition later ("building a deck", "mulching with leaves"). An -ing word before a noun is usually a kind of
    /// thing ("hiking boots", "sleeping bag"), so it does not count.
    static func isGerund(_ words: [String]) -> Bool {
        let ing: (String) -> Bool = { $0.count > 4 && $0.hasSuffix("ing") && !["string", "spring", "ceiling"].contains($0) }
        if ing(words[words.count - 1]) { return true }
        guard words.count >= 3, ing(words[0]) else { return false }
        // "growing tomatoes upside down", "mulching with leaves", "pruning roses in spring".
        return ["a", "an", "the", "your", "my"].contains(words[1])
            || words.dropFirst().contains { ["in", "on", "with", "from", "without", "upside", "during", "into"].contains($0) }
    }

    /// A state or event in a setting ("cns dysfunction in newborn", "back pain after car
    /// accident"): a preposition of place or time after the first two words. Things for sale
    /// take "for" and "with" instead ("sleeping bag for cold weather").
    static func isCondition(_ words: [String]) -> Bool {
        words.dropFirst(2).contains { ["in", "after", "during", "from", "following"].contains($0) }
    }

    /// The type the other keywords vote for, for a primary keyword without a signal of its own.
    static func voted(primary: [String], keywords: [ClusterKeyword], words keywordWords: [[String]]) -> PageType {
        let service = isService(primary)
        let fallback: PageType = service ? .service : isGerund(primary) || isCondition(primary) ? .article : .product
        var votes: [PageType: Int] = [:]
        for (keyword, words) in zip(keywords, keywordWords) {
            guard words != primary, !words.isEmpty else { continue }
            let weight = max(keyword.volume ?? 0, 0) + 1
            if words.count >= 2, KeywordShape.questionLeads.contains(words[0]) || has(articlePhrases, in: words)
                || words.contains(where: { articleWords.contains($0) && !["reviews", "review", "brands"].contains($0) }) {
                votes[.article, default: 0] += weight
            } else if service {
                if has(localPhrases, in: words) || words.contains(where: serviceVoteWords.contains)
                    || PlaceNames.firstPlace(in: words) != nil {
                    votes[.service, default: 0] += weight
                }
            } else if words.contains(where: { buyingWords.contains($0) || superlatives.contains($0) })
                        || words.contains("reviews") || words.contains("brands") {
                votes[.product, default: 0] += weight
            }
        }
        guard let best = votes.filter({ $0.value > 0 }).max(by: { lhs, rhs in
            lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key != fallback
        }) else { return fallback }
        return best.key
    }
}
