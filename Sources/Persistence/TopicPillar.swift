/// A topic's pillar (hub page) and its nearest siblings in that pillar, as `topic_pillars` keeps them.
public struct TopicPillar: Sendable, Hashable, Codable {
    public var clusterID: Int
    public var pillarID: Int
    /// The topics of the same pillar whose centres are nearest to this one's, nearest first
    /// (at most `Pillars.siblingCount`): the spoke pages it links to.
    public var siblings: [Int]

    public init(clusterID: Int, pillarID: Int, siblings: [Int]) {
        self.clusterID = clusterID
        self.pillarID = pillarID
        self.siblings = siblings
    }
}

/// What one batch changed of the pillars: topics whose pillar or siblings changed, and the
/// pillar ids it gave for the first time. Empty for a batch that changed nothing.
public struct PillarChanges: Sendable, Hashable {
    public var topics: [TopicPillar]
    public var newPillars: [Int]

    public init(topics: [TopicPillar] = [], newPillars: [Int] = []) {
        self.topics = topics
        self.newPillars = newPillars
    }

    public var isEmpty: Bool { topics.isEmpty && newPillars.isEmpty }
}

/// Every topic's pillar and every pillar id given so far in a project.
public struct StoredPillars: Sendable, Hashable {
    /// By cluster id.
    public var topics: [Int: TopicPillar]
    /// Every pillar id ever given (a pillar whose topics all moved away keeps its id reserved).
    public var pillarIDs: Set<Int>

    public init(topics: [Int: TopicPillar] = [:], pillarIDs: Set<Int> = []) {
        self.topics = topics
        self.pillarIDs = pillarIDs
    }

    /// Applies a batch's changes.
    public mutating func apply(_ changes: PillarChanges) {
        for topic in changes.topics { topics[topic.clusterID] = topic }
        pillarIDs.formUnion(changes.newPillars)
    }
}
