/// What a searcher wants when typing a keyword: the five classes SEO tools report.
///
/// The raw values are stable: they are stored in the database and written to exports.
public enum SearchIntent: String, Sendable, Codable, CaseIterable {
    /// Wants to learn something ("how to prune roses", "lawn care tips").
    case informational
    /// Is comparing options before buying ("best garden hose", "gas vs charcoal grill").
    case commercial
    /// Is ready to buy ("buy patio umbrella", "raised bed price").
    case transactional
    /// Wants one particular site or app ("home depot app", "rei login").
    case navigational
    /// Wants something nearby ("garden center near me", "landscaping in austin").
    case local
}

extension SearchIntent {
    /// The order that breaks ties, most specific first: a place narrows any other intent,
    /// buying is narrower than comparing, comparing narrower than a site visit, and
    /// informational is the broadest.
    ///
    /// Used by ``IntentClassifier/intent(ofCluster:)`` when two intents carry the same weight.
    public static let tieBreakOrder: [SearchIntent] = [
        .local, .transactional, .commercial, .navigational, .informational,
    ]

    /// Position in ``tieBreakOrder``: lower wins a tie.
    var tieBreakRank: Int {
        Self.tieBreakOrder.firstIndex(of: self) ?? Self.tieBreakOrder.count
    }
}
