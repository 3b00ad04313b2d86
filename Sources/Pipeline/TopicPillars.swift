import Content
import Persistence

/// The pillars (hub pages) of a project as exports, the report, the dashboard and the content
/// plan show them: each pillar's id, title, topics and figures, every topic's pillar and its
/// nearest siblings. Pillar ids and siblings are what the runs stored (`Pillars`); titles and
/// figures are made here from the topics as they are now, so they always agree with the topics
/// shown beside them.
///
/// Titles come from the built-in generator (`HubTitles`: the phrase the topics' labels share and
/// the kinds of pages they hold), also for runs with LLM titles. Two pillars never share a title:
/// the larger keeps it and the next gets " (2)", and so on.
public struct TopicPillars: Sendable, Equatable {
    public struct Pillar: Sendable, Equatable {
        public var id: Int
        public var title: String
        /// Its topics' cluster ids, largest total volume first (ties to the lower id).
        public var topics: [Int]
        public var keywordCount: Int
        public var totalVolume: Int
    }

    /// Largest total volume first (ties to the lower id).
    public private(set) var pillars: [Pillar]
    /// Each shown topic's pillar id.
    public private(set) var pillarOfTopic: [Int: Int]
    /// Each shown topic's nearest topics of its pillar, nearest first (shown topics only).
    public private(set) var siblings: [Int: [Int]]
    private var positionOfPillar: [Int: Int]

    /// No pillars (a project made before pillars whose runs have not computed them).
    public static let none = TopicPillars(stored: StoredPillars(), summaries: [:], plans: [:])

    /// The pillar of the topic `clusterID`, if it has one.
    public func pillar(ofTopic clusterID: Int) -> Pillar? {
        pillarOfTopic[clusterID].flatMap(pillar(id:))
    }

    public func pillar(id: Int) -> Pillar? {
        positionOfPillar[id].map { pillars[$0] }
    }

    /// The pillars of the topics of `summaries` (the topics shown, by cluster id), titled with
    /// their `plans`' page types.
    /// - Complexity: O(topics × words² of a label) for the titles, plus a read of `topic_pillars`.
    public static func read(projectID: Int64, summaries: [Int: ClusterSummary], plans: [Int: TopicPlan],
                            store: Store) throws -> TopicPillars {
        TopicPillars(stored: try store.pillars(projectID: projectID), summaries: summaries, plans: plans)
    }

    /// The pillars of the cluster-level export's rows.
    public static func read(projectID: Int64, rows: [ClusterExportRow], plans: [Int: TopicPlan], store: Store) throws -> TopicPillars {
        var summaries: [Int: ClusterSummary] = [:]
        for row in rows { summaries[row.clusterID] = TopicPlans.summary(of: row) }
        return try read(projectID: projectID, summaries: summaries, plans: plans, store: store)
    }

    /// Every shown topic's plan (``TopicPlans``) and the pillars over them, from one read of the
    /// cluster-level rows.
    public static func readWithPlans(projectID: Int64, store: Store) throws -> (plans: [Int: TopicPlan], pillars: TopicPillars) {
        let rows = try store.clusterExportRows(projectID: projectID)
        let plans = try TopicPlans.read(projectID: projectID, rows: rows, store: store)
        return (plans, try read(projectID: projectID, rows: rows, plans: plans, store: store))
    }

    public init(stored: StoredPillars, summaries: [Int: ClusterSummary], plans: [Int: TopicPlan]) {
        var topicsOf: [Int: [Int]] = [:]
        var pillarOfTopic: [Int: Int] = [:]
        for id in summaries.keys.sorted() {
            guard let pillar = stored.topics[id]?.pillarID else { continue }
            topicsOf[pillar, default: []].append(id)
            pillarOfTopic[id] = pillar
        }
        var pillars = topicsOf.map { id, topics -> Pillar in
            let ordered = topics.sorted {
                let a = summaries[$0]!.totalVolume, b = summaries[$1]!.totalVolume
                return a != b ? a > b : $0 < $1
            }
            return Pillar(id: id, title: "", topics: ordered,
                          keywordCount: topics.reduce(0) { $0 + summaries[$1]!.keywordCount },
                          totalVolume: topics.reduce(0) { $0 + summaries[$1]!.totalVolume })
        }
        pillars.sort { $0.totalVolume != $1.totalVolume ? $0.totalVolume > $1.totalVolume : $0.id < $1.id }
        var used = UsedTitles()
        for index in pillars.indices {
            let topics = pillars[index].topics.sorted()
            let base = HubTitles.title(for: topics.map { summaries[$0]! },
                                       pageTypes: topics.map { plans[$0]?.pageType ?? .article })
            var title = base
            var number = 2
            while used.contains(title) {
                title = "\(base) (\(number))"
                number += 1
            }
            used.insert(title)
            pillars[index].title = title
        }
        var siblings: [Int: [Int]] = [:]
        for (topic, pillar) in pillarOfTopic {
            siblings[topic] = (stored.topics[topic]?.siblings ?? []).filter { pillarOfTopic[$0] == pillar }
        }
        self.pillars = pillars
        self.pillarOfTopic = pillarOfTopic
        self.siblings = siblings
        positionOfPillar = Dictionary(uniqueKeysWithValues: pillars.enumerated().map { ($1.id, $0) })
    }

    /// How many pillars hold shown topics.
    public var count: Int { pillars.count }
}
