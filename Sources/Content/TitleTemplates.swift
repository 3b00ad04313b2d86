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
    private static let problemWords: Set<String> = [
        "curling", "shriveled", "wilting", "yellowing", "dying", "drooping", "pests", "leaking", "rotting", "problems",
    ]
    private static let legalWords: Set<String> = [
        "compensation", "claim", "claims", "settlement", "settlements", "law", "laws", "statute", "limitations",
        "lawsuit", "liability", "damages",
    ]

    /// The preferred templates for a subject, before any fallback: chosen by the topic's page
    /// type, for articles by the subject's form, and for article noun phrases by their
    /// modifiers.
    static func primary(for context: TitleContext) -> [TitleTemplate] {
        let candidates: [TitleTemplate]
        switch context.pageType {
        case .localService: candidates = localService
        case .service: candidates = service
        case .product: candidates = product
        case .comparison: candidates = comparison
        case .tool: candidates = tool
        case .definition: candidates = definition
        case .noPage: candidates = bare
        case .article:
            switch context.shape.form {
            case .comparison: candidates = comparison
            case .howTo: candidates = howTo
            case .question: candidates = question
            case .phrase:
                // A best-of list or a review names itself so; a price guide names a price. Any
                // other article is a guide, whatever its siblings' intent ("lawn aeration" is not
                // "Best Lawn Aeration").
                let list = context.endsWith(ideaWords) || context.endsWith(tipWords) || context.endsWith(guideWords)
                    || context.endsWith(mistakeWords)
                if (context.shape.hasSuperlative || context.endsWith(reviewWords)) && !list {
                    candidates = commercial
                } else if context.shape.containsAny(priceWords) && !list {
                    candidates = transactional
                } else {
                    candidates = informational
                }
            }
        }
        return candidates.filter { $0.isApplicable(context) }
    }

    /// Short templates tried, in this order, after the preferred ones.
    /// Only pages that explain something take them: a landing, product or tool page keeps its
    /// name and is told apart by a longer keyword of its topic instead.
    static let fallbacks: [TitleTemplate] = [
        TitleTemplate("{k}{?} A Beginner's Guide", when: { $0.pageType == .article && !isPersonOrPlace($0) }),
        TitleTemplate("{k} ({y})", when: { $0.shape.form != .question }),
        TitleTemplate("{k} Explained", when: { explains($0) && !isPersonOrPlace($0) && $0.shape.form == .phrase }),
        TitleTemplate("{k}{?} Key Facts", when: explains),
        TitleTemplate("{k}{?} Pros and Cons", when: { $0.pageType == .comparison }),
    ]

    /// Whether the page explains something: an article, a comparison or a definition.
    @Sendable static func explains(_ context: TitleContext) -> Bool {
        [.article, .comparison, .definition].contains(context.pageType)
    }

    /// The keyword alone, title-cased.
    static let bare: [TitleTemplate] = [TitleTemplate("{k}")]

    /// A service in a place: the service first, then the place with its state.
    static let localService: [TitleTemplate] = [
        TitleTemplate("{s} in {p}"),
        TitleTemplate("{k}", when: { $0.place == nil }),
        TitleTemplate("{s} Serving {p}"),
        // "Corpus Christi Car Accident Lawyer", not "Corpus Christi, TX Car Accident Lawyer".
        TitleTemplate("{p} {s}", when: { $0.place.map { !$0.display.contains(",") && !$0.service.lowercased().hasPrefix("best") } == true }),
    ]

    /// A service without a place.
    static let service: [TitleTemplate] = [
        TitleTemplate("{k}"),
        TitleTemplate("{k} Services", when: { !$0.shape.isPlural && !["service", "services"].contains($0.shape.lastWord) }),
        TitleTemplate("Hire a {k}", when: { !$0.shape.isPlural && $0.shape.words.first.map { !"aeiou".contains($0.prefix(1)) && !["best", "top", "a"].contains($0) } == true }),
    ]

    /// A product or category page.
    static let product: [TitleTemplate] = [
        TitleTemplate("{k}"),
        TitleTemplate("{k} for Sale", when: { !$0.shape.containsAny(buyWords) && !$0.shape.containsAny(priceWords) && !$0.shape.contains("software") }),
        TitleTemplate("Shop {k}", when: { !$0.shape.containsAny(buyWords) && !$0.shape.containsAny(priceWords) }),
        TitleTemplate("{k}: Prices and Deals ({y})"),
    ]

    /// A tool or calculator.
    static let tool: [TitleTemplate] = [
        TitleTemplate("{k}", when: { $0.shape.contains("free") }),
        TitleTemplate("Free {k}", when: { !$0.shape.contains("free") }),
        TitleTemplate("{k}"),
        TitleTemplate("{k}: Free Online Tool", when: { !$0.shape.contains("free") }),
    ]

    /// A definition: the term and what it means.
    static let definition: [TitleTemplate] = [
        TitleTemplate("{k}? Definition and Examples", when: { $0.shape.form == .question }),
        TitleTemplate("{k}? Meaning and Examples", when: { $0.shape.form == .question }),
        TitleTemplate("{k} and Examples", when: { $0.shape.form != .question && $0.endsWith(["definition", "meaning"]) }),
        TitleTemplate("{k}: Definition and Examples", when: { $0.shape.form != .question && !$0.endsWith(["definition", "meaning"]) }),
        TitleTemplate("{k} Explained", when: { $0.shape.form != .question }),
    ]

    /// Whether the subject is, after its modifiers, only a place or a person's name (a brand,
    /// a place): "The Complete Guide to ..." and "A Beginner's Guide" do not fit it.
    @Sendable static func isPersonOrPlace(_ context: TitleContext) -> Bool {
        context.place != nil && context.place!.service.isEmpty
    }

    static let comparison: [TitleTemplate] = [
        TitleTemplate("{k}: Key Differences Explained"),
        TitleTemplate("{k}: Which Should You Choose?"),
        TitleTemplate("{k}: How They Compare"),
        TitleTemplate("{k}: Pros, Cons and Verdict ({y})"),
    ]

    static let howTo: [TitleTemplate] = [
        TitleTemplate("{k}: A Step-by-Step Guide"),
        TitleTemplate("{k} in {n} Steps"),
        TitleTemplate("{k}: A Beginner's Guide"),
        TitleTemplate("{k}: Steps, Tools and Tips"),
        TitleTemplate("{k}: {n} Mistakes to Avoid"),
        TitleTemplate("{k}"),
    ]

    static let question: [TitleTemplate] = [
        TitleTemplate("{k}?", when: { !$0.shape.isTopicQuestion }),
        TitleTemplate("{k}: A Simple Guide", when: { $0.shape.isTopicQuestion }),
        TitleTemplate("{k}? {n} Causes and Fixes", when: { $0.shape.words.first == "why" }),
        TitleTemplate("{k}? A {y} Cost Breakdown", when: {
            $0.shape.containsAny(["cost", "costs", "price", "much"]) && $0.shape.words.first == "how"
        }),
        TitleTemplate("{k}? A Simple Explanation", when: {
            $0.shape.words.first == "what" && ($0.shape.contains("is") || $0.shape.contains("are"))
        }),
        TitleTemplate("{k}? The Short Answer", when: { !$0.shape.isTopicQuestion }),
        TitleTemplate("{k}: Timing and Tips", when: { $0.shape.isTopicQuestion && ["when", "best"].contains($0.shape.words.first ?? "") }),
    ]

    static let commercial: [TitleTemplate] = [
        TitleTemplate("Best {k} in {y}", when: plainProduct),
        TitleTemplate("The {n} Best {k} of {y}", when: { plainProduct($0) && $0.shape.isPlural }),
        TitleTemplate("Best {k} of {y}", when: plainProduct),
        TitleTemplate("Best {k} ({y}): Buying Guide", when: plainProduct),
        TitleTemplate("{k} in {y}", when: { !plainProduct($0) && !$0.endsWith(reviewWords) }),
        TitleTemplate("{k} of {y}: {n} Picks", when: { $0.shape.hasSuperlative && !$0.shape.hasQualifier }),
        TitleTemplate("{k} ({y}): Buying Guide", when: {
            $0.shape.hasSuperlative && !$0.endsWith(tipWords) && !$0.endsWith(ideaWords) && !$0.endsWith(guideWords)
        }),
        TitleTemplate("{k}: Pros, Cons and Verdict ({y})", when: { $0.endsWith(reviewWords) }),
        TitleTemplate("{k} ({y}): Pros and Cons", when: { $0.endsWith(reviewWords) }),
        TitleTemplate("{k}: A Buyer's Guide", when: { !$0.shape.hasSuperlative }),
    ]

    static let informational: [TitleTemplate] = [
        TitleTemplate("{k} in {y}", when: { $0.shape.containsAny(legalWords) && $0.endsWith(["law", "laws", "statute", "limitations"]) }),
        TitleTemplate("{k}: What to Expect", when: { $0.shape.containsAny(["settlement", "settlements", "compensation", "damages"]) }),
        TitleTemplate("{k}: How It Works", when: { $0.shape.containsAny(["claim", "claims", "lawsuit", "liability"]) }),
        TitleTemplate("{k}: Deadlines and Exceptions", when: { $0.shape.containsAny(["statute", "limitations"]) }),
        TitleTemplate("{k}: Causes and Fixes", when: { $0.shape.containsAny(problemWords) }),
        TitleTemplate("{k} Compared", when: { $0.endsWith(["brands", "alternatives"]) }),
        TitleTemplate("{n} {k} Tips for Beginners", when: {
            plainTopic($0) && $0.shape.isCompactNounPhrase && !$0.shape.isPlural
        }),
        TitleTemplate("{k}: A Beginner's Guide", when: { plainTopic($0) && !isPersonOrPlace($0) }),
        TitleTemplate("{k}: How to Get Started", when: { plainTopic($0) && !isPersonOrPlace($0) && !$0.ages }),
        TitleTemplate("{k} Explained", when: { plainTopic($0) && !isPersonOrPlace($0) }),
        TitleTemplate("{n} {k} to Try", when: pluralIdeas),
        TitleTemplate("{k} for Every Budget", when: pluralIdeas),
        TitleTemplate("{n} Creative {k}", when: pluralIdeas),
        TitleTemplate("{k} for Small and Large Spaces", when: pluralIdeas),
        TitleTemplate("{n} {k} That Work", when: { $0.endsWith(tipWords) }),
        TitleTemplate("{k} for Beginners", when: { $0.endsWith(tipWords) }),
        TitleTemplate("{n} {k} and How to Avoid Them", when: { $0.endsWith(mistakeWords) }),
        TitleTemplate("Common {k} and How to Fix Them", when: { $0.endsWith(mistakeWords) }),
        TitleTemplate("{k}: Step by Step", when: { $0.endsWith(guideWords) }),
        TitleTemplate("{k} for Beginners", when: { $0.endsWith(guideWords) }),
        // A keyword that already says what the article is ("tips for seed starting for beginners").
        TitleTemplate("{k}", when: { $0.shape.containsAny(tipWords.union(ideaWords).union(guideWords).union(["beginners", "101"])) }),
    ]

    static let transactional: [TitleTemplate] = [
        TitleTemplate("{k} in {y}: What You'll Pay", when: { $0.shape.containsAny(priceWords) }),
        TitleTemplate("{k}: What to Expect in {y}", when: { $0.shape.containsAny(priceWords) }),
        TitleTemplate("{k}: {n} Ways to Save in {y}", when: { $0.shape.containsAny(priceWords) }),
        TitleTemplate("{k}: A Buyer's Guide", when: { !$0.shape.containsAny(priceWords) }),
        TitleTemplate("{k}: Prices and Deals ({y})", when: plainOffer),
        TitleTemplate("Where to Buy {k} in {y}", when: plainOffer),
    ]

    /// A product noun phrase that takes "Best ...": no superlative, review or price word.
    @Sendable private static func plainProduct(_ context: TitleContext) -> Bool {
        !context.shape.hasSuperlative && !context.endsWith(reviewWords) && !context.shape.containsAny(priceWords)
    }

    /// A topic that takes "... Tips" or "... Guide": not already a list of tips or ideas, a
    /// guide, a beginners' topic, a legal question, a problem or a list of brands.
    @Sendable private static func plainTopic(_ context: TitleContext) -> Bool {
        !context.shape.containsAny(legalWords) && !context.shape.containsAny(problemWords)
            && !context.endsWith(["brands", "alternatives"]) && !context.endsWith(mistakeWords)
            && !context.shape.containsAny(tipWords.union(ideaWords).union(guideWords).union(["beginners", "beginner", "101"]))
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
