/// Decides the search intent of a keyword from its modifiers, and of a cluster by a
/// volume-weighted vote of its keywords.
///
/// ## One keyword
/// - A local phrase ("near me", "nearby", "open now") makes the keyword
///   ``SearchIntent/local`` whatever else it says ("best pizza near me" is local), and so does a
///   place named beside a service ("lawn care austin", "landscaping in denver", "car accident
///   lawyer corpus christi"). A place alone does not: "texas car accident laws", "gardena
///   official website" and questions about a place are not local searches.
/// - Otherwise the leftmost modifier decides, the longest phrase winning at one position:
///   "how to buy a tent" is informational ("how" comes first), "cheap tents for sale" is
///   transactional, "best cheap tent" commercial, "where to buy mulch" transactional.
/// - A keyword without any modifier ("garden hose") has no intent of its own: `nil`.
///
/// The modifier families are listed in ``IntentLexicon`` and ``PlaceNames``.
public enum IntentClassifier {
    /// The intent the modifiers of `keyword` signal, or `nil` when it has none.
    ///
    /// - Complexity: O(*n* × *m*) for *n* words and *m* known modifiers and places.
    public static func intent(of keyword: String) -> SearchIntent? {
        let words = KeywordText.words(keyword)
        guard !words.isEmpty else { return nil }
        let signals = IntentLexicon.signals(in: words)
        if signals.hasLocal { return .local }
        if ServiceLexicon.serviceEnd(in: words) != nil, !KeywordShape.questionLeads.contains(words[0]),
           PlaceNames.firstPlace(in: words) != nil {
            return .local
        }
        return signals.leftmost
    }

    /// The intent of a cluster: a vote of its keywords that have an intent, each weighing
    /// its volume plus one (so keywords of unknown or zero volume still count a little and
    /// a cluster without volumes is a plain count).
    ///
    /// Ties go to the more specific intent, in ``SearchIntent/tieBreakOrder``: local, then
    /// transactional, commercial, navigational, informational. A cluster where no keyword
    /// has a modifier is ``SearchIntent/informational``, the default for content.
    ///
    /// - Complexity: O(*k*) keyword classifications for *k* keywords.
    public static func intent(ofCluster keywords: [ClusterKeyword]) -> SearchIntent {
        var weights: [SearchIntent: Int] = [:]
        for keyword in keywords {
            guard let intent = intent(of: keyword.text) else { continue }
            let weight = saturatingAdd(max(keyword.volume ?? 0, 0), 1)
            weights[intent] = saturatingAdd(weights[intent, default: 0], weight)
        }
        guard !weights.isEmpty else { return .informational }
        return weights.max { lhs, rhs in
            lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key.tieBreakRank > rhs.key.tieBreakRank
        }!.key
    }

    /// `a + b`, or `Int.max` when that overflows.
    private static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
