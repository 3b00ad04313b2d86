import Clustering
import Testing
@testable import Pipeline

/// The topic of each fine cluster: batch 1's cut, later fine clusters placed, and the final
/// merge keeping the ids of the topics it continues.
struct TopicMapTests {
    static func unit(_ values: [Float]) -> [Float] {
        let length = values.map { $0 * $0 }.reduce(0, +).squareRoot()
        return values.map { $0 / length }
    }

    /// A dense model of 3 dimensions whose cluster `c` holds `points[c]`.
    static func model(_ points: [[[Float]]]) -> KMeansModel {
        var model = KMeansModel(vectorKind: .dense(dimension: 3))
        append(points, to: &model)
        return model
    }

    static func append(_ points: [[[Float]]], to model: inout KMeansModel) {
        let first = Int32(model.clusterCount)
        let seeds = points.map { $0[0] }
        model.appendClusters(seededBy: .dense(values: seeds.flatMap { $0 }, dimension: 3), indices: Array(seeds.indices))
        let labels = points.enumerated().flatMap { cluster, list in list.map { _ in first + Int32(cluster) } }
        model.absorb(.dense(values: points.flatMap { $0 }.flatMap { $0 }, dimension: 3), into: labels)
    }

    static let rule = FineClusterMerge.Rule(exponent: 1)
    // Three directions, two fine clusters near each.
    static let x1 = [unit([1, 0.05, 0]), unit([1, 0.06, 0])], x2 = [unit([1, 0, 0.05])]
    static let y1 = [unit([0.05, 1, 0])], y2 = [unit([0, 1, 0.05]), unit([0.02, 1, 0.04])]
    static let z1 = [unit([0.05, 0, 1])], z2 = [unit([0, 0.05, 1])]

    @Test func batchOneIsCutAtFineClustersOverTheFactor() {
        // Given six fine clusters, two near each of three directions
        let fine = Self.model([Self.x1, Self.y1, Self.z1, Self.x2, Self.y2, Self.z2])
        // When batch 1's map is made with two fine clusters per topic
        let map = TopicMap.first(model: fine, factor: 2, rule: Self.rule)
        // Then the fine clusters of each direction make one topic, numbered by their first cluster
        #expect(map.topicOf == [0, 1, 2, 0, 1, 2])
        #expect(map.fine && map.joinCost > 0)
        #expect(TopicMap.first(model: fine, factor: 2, rule: Self.rule) == map)
    }

    @Test func withAPageCostTheTreeIsCutWhereAMergeCostsMoreThanOnePage() {
        // Given six fine clusters, two near each of three directions
        let fine = Self.model([Self.x1, Self.y1, Self.z1, Self.x2, Self.y2, Self.z2])
        let unweighted = FineClusterMerge.Rule(exponent: 0)
        // When batch 1's map is cut at one page's cost (`--clusters=auto`), although the factor
        // asks for one fine cluster per topic (six topics)
        let page = FineClusterMerge.onePageCost
        let map = TopicMap.first(model: fine, factor: 1, rule: unweighted, pageCost: page)
        // Then each direction is one topic (merging two directions costs more than a page), and
        // a later fine cluster joins a topic up to that cost
        #expect(map.topicOf == [0, 1, 2, 0, 1, 2])
        #expect(map.joinCost == page)
        #expect(TopicMap.first(model: fine, factor: 1, rule: unweighted).topicOf == [0, 1, 2, 3, 4, 5])
        // And the final merge cuts at the same cost, whatever number of topics it is given
        let merge = map.finalMerge(model: fine, topics: 6, pageCost: page, nextTopicID: 3)
        #expect(merge.groupOf == [0, 1, 2, 0, 1, 2])
        #expect(merge.groupTopics == [0, 1, 2])
    }

    @Test func aLaterFineClusterJoinsItsNearestTopicOrStartsOne() {
        var fine = Self.model([Self.x1, Self.y1, Self.z1, Self.x2, Self.y2, Self.z2])
        var map = TopicMap.first(model: fine, factor: 2, rule: Self.rule)
        // When a batch adds a fine cluster near x and one in a direction of its own
        Self.append([[Self.unit([1, 0.03, 0.03])], [Self.unit([-1, 0, 0])]], to: &fine)
        let placed = map.place(newClustersOf: fine, nextTopicID: 7)
        // Then the first joins x's topic, the second starts topic 7; the old clusters keep theirs
        #expect(placed == [0, 7])
        #expect(map.topicOf == [0, 1, 2, 0, 1, 2, 0, 7])
        // and a map with nothing new places nothing
        #expect(map.place(newClustersOf: fine, nextTopicID: 8).isEmpty)
    }

    @Test func theFinalMergeKeepsTheIdOfTheTopicHoldingMostOfAGroup() {
        // Given fine clusters whose batch-time topics split x in two (ids 4 and 5) and keep y (6), z (9)
        let fine = Self.model([Self.x1, Self.y1, Self.z1, Self.x2, Self.y2, Self.z2])
        let map = TopicMap(topicOf: [4, 6, 9, 5, 6, 9], fine: true, joinCost: 0, rule: Self.rule)
        // When they are merged into three topics
        let merge = map.finalMerge(model: fine, topics: 3, nextTopicID: 10)
        // Then x's group keeps id 4 (2 members against 1 of id 5, which ends), y keeps 6, z keeps 9
        #expect(merge.groupOf == [0, 1, 2, 0, 1, 2])
        #expect(merge.groupTopics == [4, 6, 9])
        // and when merged into more groups than there are ids to keep, a group gets a new id
        let finer = TopicMap(topicOf: [4, 4, 4, 4, 4, 4], fine: true, joinCost: 0, rule: Self.rule)
            .finalMerge(model: fine, topics: 3, nextTopicID: 10)
        // (x and y hold 3 members of id 4 each: the lower group, x, keeps it; y and z get 10 and 11)
        #expect(finer.groupTopics == [4, 10, 11])
    }

    @Test func polishedTopicsGiveEachNewClusterANewTopic() {
        var model = Self.model([Self.x1, Self.y1])
        var map = TopicMap(topicOf: [3, 8], fine: false, joinCost: 0, rule: Self.rule)
        Self.append([Self.x2, Self.z1], to: &model)
        #expect(map.place(newClustersOf: model, nextTopicID: 9) == [9, 10])
        #expect(map.topicOf == [3, 8, 9, 10])
    }
}
