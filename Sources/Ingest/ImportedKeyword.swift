/// One normalised, de-duplicated keyword and where it came from.
public struct ImportedKeyword: Sendable, Hashable {
    /// The normalised keyword (see ``KeywordNormalizer``).
    public var text: String
    /// The metrics of the merged row with the highest volume (ties: the first seen).
    public var metrics: KeywordMetrics
    /// The file paths the keyword came from, in first-seen order, without repeats.
    public var sources: [String]

    public init(text: String, metrics: KeywordMetrics, sources: [String]) {
        self.text = text
        self.metrics = metrics
        self.sources = sources
    }
}
