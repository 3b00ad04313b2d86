/// One keyword of a cluster, as the content layer sees it.
///
/// `text` is already normalised by ingest (lower-case, single spaces). `similarity` is the
/// cosine similarity between the keyword's vector and its cluster's centre, in [-1, 1].
public struct ClusterKeyword: Sendable, Hashable {
    /// The normalised keyword text.
    public var text: String
    /// Monthly search volume, or `nil` when the export did not give one.
    public var volume: Int?
    /// Cosine similarity to the cluster centre; higher means more central.
    public var similarity: Float

    /// The keyword as the source export wrote it ("VA disability claim", "HubSpot CRM"), when
    /// known: a word written in capitals or with a capital inside keeps that spelling in
    /// titles. `nil` when only the normalised text is known.
    public var asWritten: String?

    /// Creates a keyword of a cluster.
    public init(text: String, volume: Int?, similarity: Float, asWritten: String? = nil) {
        self.text = text
        self.volume = volume
        self.similarity = similarity
        self.asWritten = asWritten
    }
}
