/// A member of a cluster, as titles need it.
public struct ClusterMember: Sendable, Hashable {
    public var keywordID: Int64
    public var text: String
    public var volume: Int?
    public var similarity: Float

    public init(keywordID: Int64, text: String, volume: Int?, similarity: Float) {
        self.keywordID = keywordID
        self.text = text
        self.volume = volume
        self.similarity = similarity
    }
}
