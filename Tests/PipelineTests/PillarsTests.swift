import Clustering
import Content
import Foundation
import Persistence
import Testing
import VectorMath
@testable import Pipeline

/// `Pillars`: Ward's tree over the topics' centres cut into pillars, stable ids, placement
/// between recuts, siblings; `PillarCount`; `TopicPillars`' titles.
@Suite struct PillarsTests {
    /// A model whose topic `i` has centre `points[i]` (normalised) and `sizes[i]` members.
    static func model(_ points: [[Float]], sizes: [Int]? = nil) -> KMeansModel {
        let dimension = points[0].count
        var model = KMeansModel(vectorKind: .dense(dimension: dimension))
        let unit = points.map { point -> [Float] in
            let norm = point.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return point.map { $0 / norm }
        }
        let seeds = VectorBatch.dense(values: unit.flatMap { $0 }, dimension: dimension)
        model.appendClusters(seededBy: seeds, indices: Array(points.indices))
        var values: [Float] = [], clusters: [Int32] = []
        for (index, vector) in unit.enumerated() {
            for _ in 0 ..< (sizes?[index] ?? 1) {
                values += vector
                clusters.append(Int32(index))
            }
        }
        model.absorb(.dense(values: values, dimension: dimension), into: clusters)
        return model
    }

    /// `count` points around axis `axis` of 6 dimensions, each a little off it.
    static func blob(axis: Int, count: Int, offset: Int = 0) -> [[Float]] {
        (0 ..< count).map { index in
            var point = [Float](repeating: 0, count: 6)
            point[axis] = 1
            point[(axis + 1 + (index + offset) % 5) % 6] += 0.05 + 0.01 * Float(index % 3)
            return point
        }
    }

    static func pillarOf(_ pillars: StoredPillars) -> [Int: Int] { pillars.topics.mapValues(\.pillarID) }

    @Test func aRecutGroupsSeparateBlobsIntoOnePillarEach() {
        // Given three well-separated blobs of six topics each (interleaved ids)
        var points = [[Float]](repeating: [], count: 18)
        for axis in 0 ..< 3 { for (index, point) in Self.blob(axis: axis, count: 6).enumerated() { points[index * 3 + axis] = point } }
        let centres = TopicCentres(model: Self.model(points))
        // When cutting automatically (18 topics: 2 to 4 pillars allowed)
        let (changes, pillars) = Pillars.update(StoredPillars(), centres: centres, moved: [], recut: true, count: .auto)
        // Then there are three pillars, one per blob, numbered 1-3 in the order of their lowest topic
        let pillarOf = Self.pillarOf(pillars)
        #expect(Set(pillarOf.values) == [1, 2, 3])
        for topic in 0 ..< 18 { #expect(pillarOf[topic] == topic % 3 + 1, "topic \(topic)") }
        #expect(changes.newPillars == [1, 2, 3])
        #expect(changes.topics.count == 18)
        // And each topic's siblings are the nearest three of its own pillar
        for (topic, entry) in pillars.topics {
            #expect(entry.siblings.count == 3)
            #expect(entry.siblings.allSatisfy { pillarOf[$0] == pillarOf[topic] && $0 != topic })
        }
        // And the same input gives the same pillars
        #expect(Pillars.update(StoredPillars(), centres: centres, moved: [], recut: true, count: .auto).pillars == pillars)
    }

    @Test func aGivenCountIsCutExactly() {
        let points = (0 ..< 4).flatMap { Self.blob(axis: $0, count: 5) }
        for wanted in [1, 2, 4, 7] {
            let pillars = Pillars.update(StoredPillars(), centres: TopicCentres(model: Self.model(points)), moved: [], recut: true,
                                         count: .count(wanted)).pillars
            #expect(Set(Self.pillarOf(pillars).values).count == wanted)
        }
    }

    @Test func pillarIdsStayWithTheirTopicsAcrossRecutsAndAreNeverReused() {
        // Given pillars over blobs A (axis 0) and B (axis 1)
        let first = Self.blob(axis: 0, count: 6) + Self.blob(axis: 1, count: 6)
        let before = Pillars.update(StoredPillars(), centres: TopicCentres(model: Self.model(first)), moved: [], recut: true,
                                    count: .count(2)).pillars
        let idOfA = before.topics[0]!.pillarID, idOfB = before.topics[6]!.pillarID
        // When a third blob C arrives and the tree is cut again into three
        let second = first + Self.blob(axis: 2, count: 6)
        let (changes, after) = Pillars.update(before, centres: TopicCentres(model: Self.model(second)), moved: [], recut: true,
                                              count: .count(3))
        // Then A and B keep their ids, and C gets a new one above every id given
        for topic in 0 ..< 6 { #expect(after.topics[topic]!.pillarID == idOfA) }
        for topic in 6 ..< 12 { #expect(after.topics[topic]!.pillarID == idOfB) }
        let idOfC = after.topics[12]!.pillarID
        #expect(idOfC == max(idOfA, idOfB) + 1)
        #expect(changes.newPillars == [idOfC])
        // And only C's topics (and siblings that changed) are written
        #expect(changes.topics.allSatisfy { $0.clusterID >= 12 })
        // When A and B then merge into one pillar (a cut into two; A holds the most keywords and
        // C is heavy enough that joining it costs more), the merged pillar keeps the id of the
        // larger overlap, A's, and B's id is not given again later
        let sizes = (0 ..< 18).map { $0 < 6 ? 3 : ($0 < 12 ? 1 : 5) }
        let merged = Pillars.update(after, centres: TopicCentres(model: Self.model(second, sizes: sizes)),
                                    moved: [], recut: true, count: .count(2)).pillars
        #expect(Set(Self.pillarOf(merged).values) == [idOfA, idOfC])
        for topic in 0 ..< 12 { #expect(merged.topics[topic]!.pillarID == idOfA) }
        #expect(merged.topics[12]!.pillarID == idOfC)
        let fourth = second + Self.blob(axis: 3, count: 6)
        let again = Pillars.update(merged, centres: TopicCentres(model: Self.model(fourth)), moved: [], recut: true, count: .count(4))
        #expect(again.changes.newPillars.allSatisfy { $0 > max(idOfA, idOfB, idOfC) })
    }

    @Test func betweenRecutsANewTopicJoinsThePillarOfItsNearestTopic() {
        let first = Self.blob(axis: 0, count: 5) + Self.blob(axis: 1, count: 5)
        let before = Pillars.update(StoredPillars(), centres: TopicCentres(model: Self.model(first)), moved: [], recut: true,
                                    count: .count(2)).pillars
        // When two topics arrive, one near each blob, in a batch that does not recut
        let grown = first + [Self.blob(axis: 1, count: 1, offset: 3)[0], Self.blob(axis: 0, count: 1, offset: 2)[0]]
        let (changes, after) = Pillars.update(before, centres: TopicCentres(model: Self.model(grown)), moved: [10, 11], recut: false,
                                              count: .count(2))
        // Then each joins its blob's pillar; no pillar is made and no other topic moves
        #expect(after.topics[10]!.pillarID == before.topics[5]!.pillarID)
        #expect(after.topics[11]!.pillarID == before.topics[0]!.pillarID)
        #expect(changes.newPillars.isEmpty)
        #expect(Set(changes.topics.map(\.clusterID)) == [10, 11])
        for topic in 0 ..< 10 { #expect(after.topics[topic] == before.topics[topic]) }
    }

    @Test func runsStartedBeforeTheGrowthRuleRecutAfterBatchesOneTwoFourEightAndTheLast() {
        let rule = PillarRecuts.batchPowersOfTwo
        func recuts(_ batch: Int) -> Bool {
            rule.recuts(batch: batch, totalBatches: 20, refinementFollows: true, topicsBefore: 100, topicsAfter: 100 + batch)
        }
        #expect((0 ... 20).filter(recuts) == [1, 2, 4, 8, 16, 20])
        #expect(recuts(21))
        // Parameters stored before the rule existed (no key) decode to this schedule; new runs record theirs.
        var object = try! JSONSerialization.jsonObject(with: Data(RunParameters().json().utf8)) as! [String: Any]
        #expect(object["pillarRecuts"] as? String == "topicGrowth")
        object.removeValue(forKey: "pillarRecuts")
        let old = try! RunParameters.decode(String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        #expect(old.pillarRecutRule == .batchPowersOfTwo)
    }

    @Test func newRunsRecutAfterBatchOneWhenTheTopicsGrowByAQuarterAndAfterTheRefinement() {
        let rule = PillarRecuts.topicGrowth
        func recuts(_ batch: Int, of total: Int = 20, refinementFollows: Bool = true, _ before: Int, _ after: Int) -> Bool {
            rule.recuts(batch: batch, totalBatches: total, refinementFollows: refinementFollows, topicsBefore: before, topicsAfter: after)
        }
        #expect(recuts(1, 0, 80))
        // The levels near 100 are 97, 121 and 151: a batch recuts when it passes one
        #expect(!recuts(2, 100, 120))
        #expect(recuts(2, 100, 121))
        #expect(recuts(3, 96, 97))
        #expect(!recuts(3, 121, 150))
        #expect(!recuts(7, 130, 130))
        // The last batch recuts only when no refinement follows (which recuts anyway)
        #expect(!recuts(20, 100, 200))
        #expect(recuts(20, refinementFollows: false, 100, 100))
        #expect(recuts(21, 100, 100))
        // Topics growing from 4,323 to 5,000 over 180 batches (a lexical 100k run) pass no level: 2 trees, not 10
        let counts = (0 ... 180).map { 4_323 + $0 * 677 / 180 }
        let trees = (1 ... 181).filter { batch in
            recuts(batch, of: 181, batch == 1 ? 0 : counts[batch - 2], counts[batch - 1])
        }.count + (recuts(182, of: 181, 5_000, 5_000) ? 1 : 0)
        #expect(trees == 2)
    }

    @Test func lexicalCentresAreSketchedDeterministically() {
        let vector = SparseVector(indices: [3, 900_001, 77], values: [0.5, 0.7, 0.2])
        let sketch = TopicCentres.sketch(vector)
        #expect(sketch.count == TopicCentres.sketchDimension)
        #expect(abs(sketch.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        #expect(TopicCentres.sketch(vector) == sketch)
        #expect(TopicCentres.sketch(.empty).allSatisfy { $0 == 0 })
    }

    @Test func pillarCountParsesAndRoundTripsThroughTheRunParameters() throws {
        #expect(try PillarCount(parsing: "auto") == .auto)
        #expect(try PillarCount(parsing: "12") == .count(12))
        #expect(throws: PipelineError.self) { try PillarCount(parsing: "0") }
        #expect(throws: PipelineError.self) { try PillarCount(parsing: "many") }
        var parameters = RunParameters()
        parameters.pillars = .count(7)
        #expect(parameters.json().contains("\"pillars\":7"))
        #expect(try RunParameters.decode(parameters.json()).pillarCount == .count(7))
        parameters.pillars = .auto
        #expect(try RunParameters.decode(parameters.json()).pillarCount == .auto)
        // Runs stored before pillars decode to auto, and their parameters' text is unchanged
        parameters.pillars = nil
        #expect(!parameters.json().contains("pillars"))
        #expect(try RunParameters.decode(parameters.json()).pillarCount == .auto)
    }

    @Test func pillarTitlesAreUniqueAndFollowVolume() {
        // Given two pillars whose topics share the same words
        func summary(_ label: String, _ volume: Int) -> ClusterSummary {
            ClusterSummary(primaryKeyword: label, label: label, intent: .informational, totalVolume: volume, primaryVolume: volume,
                           keywordCount: 4)
        }
        let summaries = [0: summary("garden hose", 500), 1: summary("garden hose reel", 300),
                         2: summary("garden hose", 100), 3: summary("garden hose fitting", 50)]
        var stored = StoredPillars(pillarIDs: [1, 2])
        for (topic, pillar) in [(0, 1), (1, 1), (2, 2), (3, 2)] {
            stored.topics[topic] = TopicPillar(clusterID: topic, pillarID: pillar, siblings: [topic ^ 1])
        }
        let pillars = TopicPillars(stored: stored, summaries: summaries, plans: [:])
        // Then the larger keeps the plain title and the other is numbered
        #expect(pillars.pillars.map(\.id) == [1, 2])
        #expect(pillars.pillars[0].title == "Garden Hose: Guides")
        #expect(pillars.pillars[1].title == "Garden Hose: Guides (2)")
        #expect(pillars.pillars[0].topics == [0, 1])
        #expect(pillars.pillars[0].totalVolume == 800 && pillars.pillars[0].keywordCount == 8)
        #expect(pillars.siblings[0] == [1])
        // And a topic not shown (no members) is left out of its pillar
        let shown = TopicPillars(stored: stored, summaries: summaries.filter { $0.key != 1 }, plans: [:])
        #expect(shown.pillar(id: 1)?.topics == [0])
        #expect(shown.siblings[0] == [])
    }
}
