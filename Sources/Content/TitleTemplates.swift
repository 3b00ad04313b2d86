/// The catalogue of title templates: per grammatical form (how-to, question, comparison),
/// per intent for noun phrases, and short fallbacks for every case.
///
/// Several templates per case, so a generator can rotate among them by a stable hash and
/// move on when a title is taken or too long. Templates need not guard against repeated
/// words: ``TitleQuality`` rejects "Best Best ..." and the like after rendering.
enum TitleTemplates {
    private static let tipWords: Set<String> = ["tips", "tip", "hacks", "tricks", "secrets"]
    private static let ideaWords: Set<String> = ["ideas", "idea", "inspiration", "designs", "examples", "projects", "plans"]
    private static let mistakeWords: Set<String> = ["mistakes", "problems", "myths", "errors"]
    private static let guideWords: Set<String> = ["guide", "guides", "tutorial", "checklist", "basics"]
    private static let reviewWords: Set<String> = ["review", "reviews"]
    private static let priceWords: Set<String> = ["price", "prices", "pricing", "cost", "costs", "cheap", "cheapest", "affordable"]
    private static let buyWords: Set<String> = ["buy", "sale", "purchase", "order", "shop", "deal", "deals", "coupon", "discount", "wholesale"]
    private static let accountWords: Set<String> = ["login", "log", "sign", "signin", "account"]

    /// The preferred templates for a subject, before any fallback: chosen by the subject's
    /// form, and for noun phrases by the cluster's intent.
    static func primary(for context: TitleContext) -> [TitleTemplate] {
        let candidates: [TitleTemplate]
        switch context.shape.form {
        case .comparison: candidates = comparison
        case .howTo: candidates = howTo
        case .question: candidates = question
        case .phrase:
            switch context.intent {
            case .commercial: candidates = commercial
            case .informational: candidates = informational
            case .transactional: candidates = transactional
            case .navigational: candidates = navigational
            case .local: candidates = local
            }
        }
        return candidates.filter { $0.isApplicable(context) }
    }

    /// Short templates tried, in this order, after the preferred ones.
    static let fallbacks: [TitleTemplate] = [
        TitleTemplate("{k}{?} A Complete Guide for {y}"),
        TitleTemplate("{k}{?} {n} Things to Know"),
        TitleTemplate("{k}{?} A Complete Guide"),
        TitleTemplate("{k}{?} The Essentials"),
        TitleTemplate("{k}{?} A Quick Guide"),
        TitleTemplate("{k} ({y})", when: { $0.shape.form != .question }),
    ]

    static let comparison: [TitleTemplate] = [
        TitleTemplate("{k}: Which Is Better in {y}?"),
        TitleTemplate("{k}: Key Differences Explained"),
        TitleTemplate("{k}: Pros, Cons and Verdict ({y})"),
        TitleTemplate("{k}: How They Compare in {y}"),
        TitleTemplate("{k} ({y}): Which Should You Choose?"),
    ]

    static let howTo: [TitleTemplate] = [
        TitleTemplate("{k}: A Step-by-Step Guide"),
        TitleTemplate("{k} in {n} Easy Steps"),
        TitleTemplate("{k}: {n} Steps for Beginners"),
        TitleTemplate("{k}: A Beginner's Guide for {y}"),
        TitleTemplate("{k}: {n} Mistakes to Avoid"),
    ]

    static let question: [TitleTemplate] = [
        TitleTemplate("{k}{?} What You Need to Know"),
        TitleTemplate("{k}? Here's the Answer", when: { !$0.shape.isTopicQuestion }),
        TitleTemplate("{k}{?} {n} Things to Know"),
        TitleTemplate("{k}{?} Our {y} Guide"),
        TitleTemplate("{k}: A Simple Guide for {y}", when: { $0.shape.isTopicQuestion }),
        TitleTemplate("{k}? {n} Causes and Fixes", when: { $0.shape.words.first == "why" }),
        TitleTemplate("{k}? A {y} Cost Breakdown", when: {
            $0.shape.containsAny(["cost", "costs", "price", "much"]) && $0.shape.words.first == "how"
        }),
        TitleTemplate("{k}? A Simple Explanation", when: {
            $0.shape.words.first == "what" && ($0.shape.contains("is") || $0.shape.contains("are"))
        }),
        TitleTemplate("{k}? Our {y} Picks", when: { $0.shape.words.first == "which" }),
    ]

    static let commercial: [TitleTemplate] = [
        TitleTemplate("Best {k} in {y}", when: plainProduct),
        TitleTemplate("The {n} Best {k} of {y}", when: { plainProduct($0) && $0.shape.isPlural }),
        TitleTemplate("{n} Best {k} for Every Budget ({y})", when: { plainProduct($0) && $0.shape.isPlural }),
        TitleTemplate("Best {k} ({y}): Tested and Compared", when: plainProduct),
        TitleTemplate("The {n} Best {k} Options for {y}", when: { plainProduct($0) && !$0.shape.isPlural }),
        TitleTemplate("Best {k} for {y}: {n} Top Picks", when: plainProduct),
        TitleTemplate("Best {k} in {y}: Expert Picks and Buying Tips", when: plainProduct),
        TitleTemplate("{k} in {y}: Our Top Picks", when: { !plainProduct($0) }),
        TitleTemplate("{k} of {y}: {n} Picks We Recommend", when: { $0.shape.hasSuperlative && !$0.shape.hasQualifier }),
        TitleTemplate("{k} ({y}): Tested and Compared", when: { $0.shape.hasSuperlative }),
        TitleTemplate("{k}: Pros, Cons and Verdict ({y})", when: { $0.endsWith(reviewWords) }),
        TitleTemplate("{k} ({y}): What Owners Really Think", when: { $0.endsWith(reviewWords) }),
    ]

    static let informational: [TitleTemplate] = [
        TitleTemplate("{n} {k} Tips for Beginners", when: {
            plainTopic($0) && $0.shape.isCompactNounPhrase && !$0.shape.isPlural
        }),
        TitleTemplate("{k}: A Step-by-Step Guide", when: plainTopic),
        TitleTemplate("The Complete Guide to {k} ({y})", when: plainTopic),
        TitleTemplate("{k}: {n} Things to Know Before You Start", when: plainTopic),
        TitleTemplate("{n} {k} to Try in {y}", when: pluralIdeas),
        TitleTemplate("{n} {k} for Every Budget", when: pluralIdeas),
        TitleTemplate("{n} Creative {k} for {y}", when: pluralIdeas),
        TitleTemplate("{n} {k} That Actually Work", when: { $0.endsWith(tipWords) }),
        TitleTemplate("{n} Essential {k} for {y}", when: { $0.endsWith(tipWords) }),
        TitleTemplate("{n} {k} for Beginners ({y})", when: { $0.endsWith(tipWords) }),
        TitleTemplate("{n} {k} to Avoid in {y}", when: { $0.endsWith(mistakeWords) }),
        TitleTemplate("{n} Common {k} and How to Fix Them", when: { $0.endsWith(mistakeWords) }),
        TitleTemplate("The Complete {k} for {y}", when: { $0.endsWith(guideWords) }),
        TitleTemplate("{k}: {n} Steps to Get It Right", when: { $0.endsWith(guideWords) }),
    ]

    static let transactional: [TitleTemplate] = [
        TitleTemplate("Buy {k}: Prices and Deals", when: plainOffer),
        TitleTemplate("{k}: Prices and Deals for {y}", when: plainOffer),
        TitleTemplate("{k} Buying Guide: Prices and Deals ({y})", when: plainOffer),
        TitleTemplate("Where to Buy {k} in {y}", when: plainOffer),
        TitleTemplate("{k} in {y}: What You'll Pay", when: { $0.shape.containsAny(priceWords) }),
        TitleTemplate("{k}: What to Expect in {y}", when: { $0.shape.containsAny(priceWords) }),
        TitleTemplate("{k}: {n} Ways to Save in {y}", when: { $0.shape.containsAny(priceWords) }),
        TitleTemplate("{k}: {n} Places to Find Deals in {y}", when: { $0.shape.containsAny(buyWords) }),
        TitleTemplate("{k}: A {y} Shopping Guide", when: { $0.shape.containsAny(buyWords) }),
    ]

    static let navigational: [TitleTemplate] = [
        TitleTemplate("{k}: A Quick Guide for {y}"),
        TitleTemplate("{k}: Features, Tips and FAQs"),
        TitleTemplate("{k}: What It Offers in {y}"),
        TitleTemplate("{k}: Everything You Need to Know"),
        TitleTemplate("{k}: How to Access Your Account", when: { $0.shape.containsAny(accountWords) }),
        TitleTemplate("{k} Help: {n} Common Problems Fixed", when: { $0.shape.containsAny(accountWords) }),
    ]

    static let local: [TitleTemplate] = [
        TitleTemplate("{k}: {n} Things to Check Before You Go", when: { $0.shape.hasPlace }),
        TitleTemplate("{k}: How to Find the Best Local Option", when: { $0.shape.hasPlace }),
        TitleTemplate("{k}: A Local Guide for {y}", when: { $0.shape.hasPlace }),
        TitleTemplate("{k}: Prices, Reviews and Tips ({y})", when: { $0.shape.hasPlace }),
        TitleTemplate("{k} in {c}: {n} Top Options for {y}", when: { !$0.shape.hasPlace }),
        TitleTemplate("{k} in {c}: A Local's Guide ({y})", when: { !$0.shape.hasPlace }),
        TitleTemplate("{k} Near You: What to Know Before You Go", when: { !$0.shape.hasPlace }),
        TitleTemplate("{k} Near You: How to Find the Best Local Option", when: { !$0.shape.hasPlace }),
        TitleTemplate("{k} Near You: {n} Tips for Choosing Well", when: { !$0.shape.hasPlace }),
    ]

    /// A product noun phrase that takes "Best ...": no superlative, review or price word.
    @Sendable private static func plainProduct(_ context: TitleContext) -> Bool {
        !context.shape.hasSuperlative && !context.endsWith(reviewWords) && !context.shape.containsAny(priceWords)
    }

    /// A topic that takes "... Tips" or "... Guide": not already a list of tips or ideas
    /// and not already a guide.
    @Sendable private static func plainTopic(_ context: TitleContext) -> Bool {
        !context.endsWith(tipWords) && !context.endsWith(ideaWords) && !context.endsWith(guideWords)
            && !context.endsWith(mistakeWords)
    }

    /// A plural list of ideas ("patio ideas", "deck designs") that a number can count.
    @Sendable private static func pluralIdeas(_ context: TitleContext) -> Bool {
        context.endsWith(ideaWords) && context.shape.isPlural
    }

    /// Something to buy, not already phrased as a price or purchase query.
    @Sendable private static func plainOffer(_ context: TitleContext) -> Bool {
        !context.shape.containsAny(priceWords) && !context.shape.containsAny(buyWords)
    }
}
