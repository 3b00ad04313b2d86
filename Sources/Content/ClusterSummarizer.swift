/// Builds a ``ClusterSummary`` from a cluster's keywords.
///
/// ## Primary keyword
/// The keyword with the highest known volume. Keywords of equal volume, and keywords
/// without a volume (which rank below every known volume, zero included), are ordered by
/// similarity to the cluster centre, highest first; remaining ties go to the
/// alphabetically first text, so the choice never depends on input order.
///
/// ## Label
/// The primary keyword without its intent modifiers (see ``TopicLabel``).
public enum ClusterSummarizer {
    /// Summarises one cluster. `keywords` must not be empty.
    ///
    /// - Complexity: O(*k*) for *k* keywords, plus one intent classification per keyword.
    public static func summarize(_ keywords: [ClusterKeyword]) -> ClusterSummary {
        precondition(!keywords.isEmpty, "a cluster has at least one keyword")
        let primary = primaryKeyword(of: keywords)
        var total = 0
        for keyword in keywords {
            let (sum, overflow) = total.addingReportingOverflow(max(keyword.volume ?? 0, 0))
            total = overflow ? Int.max : sum
        }
        return ClusterSummary(
            primaryKeyword: primary.text,
            label: TopicLabel.label(for: primary.text),
            intent: IntentClassifier.intent(ofCluster: keywords),
            totalVolume: total,
            primaryVolume: primary.volume,
            keywordCount: keywords.count
        )
    }

    /// The label of a cluster whose primary keyword is `primaryKeyword` (``ClusterSummary/label``).
    public static func label(ofPrimary primaryKeyword: String) -> String {
        TopicLabel.label(for: primaryKeyword)
    }

    /// The primary keyword of a non-empty cluster (rule in the type's documentation).
    ///
    /// - Complexity: O(*k*) for *k* keywords.
    public static func primaryKeyword(of keywords: [ClusterKeyword]) -> ClusterKeyword {
        precondition(!keywords.isEmpty, "a cluster has at least one keyword")
        return keywords.min(by: ranksBefore)!
    }

    /// The ranking that picks the primary keyword, as a strict "comes first" order. Also
    /// used to order secondary keywords.
    static func ranksBefore(_ lhs: ClusterKeyword, _ rhs: ClusterKeyword) -> Bool {
        switch (lhs.volume, rhs.volume) {
        case let (l?, r?) where l != r: return l > r
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        let lhsSimilarity = lhs.similarity.isNaN ? -Float.infinity : lhs.similarity
        let rhsSimilarity = rhs.similarity.isNaN ? -Float.infinity : rhs.similarity
        if lhsSimilarity != rhsSimilarity { return lhsSimilarity > rhsSimilarity }
        return lhs.text < rhs.text
    }
}
