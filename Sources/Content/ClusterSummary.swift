/// What the content layer knows about a cluster: the keyword an article would target,
/// a short label, the search intent and volume figures.
///
/// Built by ``ClusterSummarizer/summarize(_:)``; the input of every ``TitleGenerating``.
public struct ClusterSummary: Sendable, Hashable, Codable {
    /// The keyword the article targets (see ``ClusterSummarizer`` for the rule).
    public var primaryKeyword: String
    /// Up to four lower-case words naming the topic: the primary keyword without its
    /// intent modifiers ("best garden hose 2026" gives "garden hose").
    public var label: String
    /// The cluster's search intent (see ``IntentClassifier/intent(ofCluster:)``).
    public var intent: SearchIntent
    /// Sum of the known volumes of the cluster's keywords (unknown volumes count as 0).
    public var totalVolume: Int
    /// Volume of the primary keyword, `nil` when unknown.
    public var primaryVolume: Int?
    /// Number of keywords in the cluster.
    public var keywordCount: Int

    /// Creates a summary from its parts.
    public init(
        primaryKeyword: String,
        label: String,
        intent: SearchIntent,
        totalVolume: Int,
        primaryVolume: Int?,
        keywordCount: Int
    ) {
        self.primaryKeyword = primaryKeyword
        self.label = label
        self.intent = intent
        self.totalVolume = totalVolume
        self.primaryVolume = primaryVolume
        self.keywordCount = keywordCount
    }
}
