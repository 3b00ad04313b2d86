/// How a project's keywords stand.
public struct KeywordCounts: Sendable, Hashable, Codable {
    public var total: Int
    public var assigned: Int
    public var absent: Int
    public var clusters: Int
    public var titled: Int

    public init(total: Int, assigned: Int, absent: Int, clusters: Int, titled: Int) {
        self.total = total
        self.assigned = assigned
        self.absent = absent
        self.clusters = clusters
        self.titled = titled
    }
}

