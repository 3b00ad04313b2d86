import Testing
import VectorMath
@testable import Clustering

@Suite("Truncated sparse centres")
struct TruncatedCentreTests {
    static func sum(_ indices: [UInt32], _ values: [Double]) -> SparseSum {
        SparseSum(indices: indices, values: values)
    }

    @Test func directionKeepsTheFewestLargestFeaturesHoldingTheMass() throws {
        // Given a sum over five features, squares 0.01, 0.25, 0.09, 0.16, 0.04 (total 0.55)
        let sum = Self.sum([1, 2, 3, 4, 5], [0.1, -0.5, 0.3, 0.4, 0.2])
        // When keeping 90% of the squared length (0.495): 0.25 + 0.16 = 0.41 is short, + 0.09 = 0.50 reaches it
        let centre = try #require(sum.direction(mass: 0.9))
        // Then those three stay, in feature order, scaled to unit length among themselves
        #expect(centre.indices == [2, 3, 4])
        let length = (0.25 + 0.09 + 0.16).squareRoot()
        #expect(centre.values == [Float(-0.5 / length), Float(0.3 / length), Float(0.4 / length)])
        #expect(abs(centre.norm - 1) < 1e-6)
        // And a smaller share keeps fewer: 40% (0.22) needs the largest alone
        #expect(try #require(sum.direction(mass: 0.4)).indices == [2])
    }

    @Test func tiedMagnitudesGoToTheLowerFeature() throws {
        // Given three features of equal magnitude
        let sum = Self.sum([7, 8, 9], [0.5, -0.5, 0.5])
        // When keeping 60%, two are needed, and the two lowest features stay
        #expect(try #require(sum.direction(mass: 0.6)).indices == [7, 8])
        // And 30% takes one: the lowest
        #expect(try #require(sum.direction(mass: 0.3)).indices == [7])
    }

    @Test func theCutMatchesASortedScanOnManySums() {
        // Given 200 random sums of 1-300 features, many with repeated magnitudes
        var generator = SeededGenerator(seed: 35)
        for _ in 0 ..< 200 {
            let count = 1 + generator.nextIndex(below: 300)
            let values = (0 ..< count).map { _ in Double(1 + generator.nextIndex(below: 12)) * (generator.nextUnitInterval() < 0.5 ? -0.1 : 0.1) }
            let sum = Self.sum((0 ..< count).map { UInt32($0 * 3) }, values)
            let mass = 0.5 + 0.49 * generator.nextUnitInterval()
            // When truncating, then the features kept are the sorted scan's: largest first, lower feature on ties
            let order = values.indices.sorted { abs(values[$0]) > abs(values[$1]) || (abs(values[$0]) == abs(values[$1]) && $0 < $1) }
            let total = values.reduce(0) { $0 + $1 * $1 }
            var kept: [Int] = [], held = 0.0
            for position in order where held < mass * total {
                kept.append(position)
                held += values[position] * values[position]
            }
            #expect(sum.direction(mass: mass)?.indices == kept.sorted().map { UInt32($0 * 3) })
        }
    }

    @Test func noLimitOrAllTheMassGivesTheExactDirection() {
        // Given a sum over four features
        let sum = Self.sum([1, 5, 9, 11], [0.3, 0.1, 0.7, 0.2])
        // When the share is absent or 1, then the centre is the full direction
        let exact = sum.direction()
        #expect(exact?.indices == [1, 5, 9, 11])
        #expect(sum.direction(mass: 1) == exact)
        #expect(Self.sum([], []).direction(mass: 0.9) == nil)
    }

    @Test func fittedCentresDropTheirTailsAndStillFindTheTopics() {
        // Given 12 topics, each point with a noise feature from a shared pool
        let (vectors, labels) = SyntheticData.sparse(groups: 12, perGroup: 20, seed: 31)
        var generator = SeededGenerator(seed: 4)
        // When fitting with centres keeping 80% of their length
        let fit = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 12, centreMass: 0.8),
                                  generator: &generator)
        // Then centres hold fewer features than their sums, and the topics are found
        let model = fit.model
        #expect(model.centreMass == 0.8)
        #expect((0 ..< model.clusterCount).allSatisfy {
            model.sparseCentre(of: Int32($0)).nonZeroCount < model.sparseSums[$0].nonZeroCount
        })
        #expect(SyntheticData.samePartition(fit.assignments, labels))
        // And assignment is the brute-force arg-max over the truncated centres, bit for bit
        for (vector, assignment) in zip(vectors, model.assign(.sparse(vectors))) {
            #expect(assignment == SyntheticData.bruteForceNearest(vector, model))
        }
    }

    @Test func absorbingInPiecesGivesTheSameTruncatedModel() {
        // Given a truncated model seeded with 5 clusters and 100 keywords to absorb
        let (vectors, _) = SyntheticData.sparse(groups: 5, perGroup: 20, seed: 32)
        var start = KMeansModel(vectorKind: .sparse, centreMass: 0.7)
        start.appendClusters(seededBy: .sparse(vectors), indices: [0, 1, 2, 3, 4])
        let labels = start.assign(.sparse(vectors)).map(\.cluster)
        // When absorbing them at once, and in two pieces
        var once = start
        once.absorb(.sparse(vectors), into: labels)
        var pieces = start
        pieces.absorb(.sparse(Array(vectors[..<37])), into: Array(labels[..<37]))
        pieces.absorb(.sparse(Array(vectors[37...])), into: Array(labels[37...]))
        // Then both models are equal, and their centres are truncated
        #expect(once == pieces)
        #expect((0 ..< 5).allSatisfy { once.sparseCentre(of: Int32($0)).nonZeroCount < once.sparseSums[$0].nonZeroCount })
    }

    @Test func serialisationKeepsTheShareAndReadsVersionOneModels() throws {
        // Given a truncated model and an exact one
        let (vectors, _) = SyntheticData.sparse(groups: 6, perGroup: 15, seed: 33)
        var generator = SeededGenerator(seed: 5)
        let truncated = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 6, centreMass: 0.85),
                                        generator: &generator).model
        let exact = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 6), generator: &generator).model
        // When round-tripping both
        // Then each comes back equal, its limit included
        let back = try KMeansModel(serialized: truncated.serialized())
        #expect(back == truncated)
        #expect(back.centreMass == 0.85)
        #expect(try KMeansModel(serialized: exact.serialized()) == exact)
        // And the bytes of version 1 (no share field) still read, as a model with exact centres
        var version1 = exact.serialized()
        #expect(version1[3] == 2)
        version1[3] = 1
        version1.removeSubrange(13 ..< 21)
        let old = try KMeansModel(serialized: version1)
        #expect(old == exact)
        #expect(old.centreMass == nil)
    }
}
