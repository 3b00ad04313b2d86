import Testing
import VectorMath
@testable import Clustering

@Suite("KMeansModel.chooseNewSeeds")
struct KMeansSeedingTests {
    @Test func prefersPointsFarFromExistingCentres() {
        // Given a model with one cluster, 40 points very close to its centre and 2 far points
        let (vectors, labels) = SyntheticData.sparse(groups: 2, perGroup: 40, seed: 31)
        let centre = vectors[0]
        var generator = SeededGenerator(seed: 100)
        let near = (0 ..< 40).map { _ in
            SparseVector(indices: centre.indices, values: centre.values.map { $0 * Float(0.95 + 0.1 * generator.nextUnitInterval()) }).normalized()
        }
        let far = vectors.indices.filter { labels[$0] == 1 }.prefix(2).map { vectors[$0] }
        let data = VectorBatch.sparse(near + far)
        var model = KMeansModel(vectorKind: .sparse)
        model.appendClusters(seededBy: .sparse([centre]), indices: [0])
        for seed in 0 ..< 10 {
            var generator = SeededGenerator(seed: UInt64(seed))
            // When choosing one new seed
            let chosen = model.chooseNewSeeds(from: data, count: 1, generator: &generator)
            // Then it is one of the two far points
            #expect(chosen.count == 1 && chosen[0] >= near.count)
        }
    }

    @Test func denseSeedsPreferFarPointsToo() {
        // Given dense data: 30 points near one direction, 3 near the opposite one
        let (values, labels) = SyntheticData.dense(groups: 2, perGroup: 30, dimension: 8, noise: 0.02, seed: 32)
        var rows: [Float] = []
        let nearIndices = labels.indices.filter { labels[$0] == 0 }
        let farIndices = labels.indices.filter { labels[$0] == 1 }.prefix(3)
        for i in nearIndices + farIndices { rows += values[i * 8 ..< (i + 1) * 8] }
        let data = VectorBatch.dense(values: rows, dimension: 8)
        var model = KMeansModel(vectorKind: .dense(dimension: 8))
        model.appendClusters(seededBy: data, indices: [0])
        var generator = SeededGenerator(seed: 8)
        // When choosing one seed, then it is far
        #expect(model.chooseNewSeeds(from: data, count: 1, generator: &generator).first! >= nearIndices.count)
    }

    @Test func oneSeedPerWellSeparatedTopic() {
        // Given 5 separated topics
        let (vectors, labels) = SyntheticData.sparse(groups: 5, perGroup: 20, seed: 33)
        var generator = SeededGenerator(seed: 2)
        // When choosing 5 seeds from scratch
        let chosen = KMeansModel(vectorKind: .sparse).chooseNewSeeds(from: .sparse(vectors), count: 5, generator: &generator)
        // Then they cover the 5 topics
        #expect(Set(chosen.map { labels[$0] }).count == 5)
    }

    @Test func seedsAreDistinctAndStopWhenEveryPointIsCovered() {
        // Given 3 distinct vectors, each repeated
        let a = SparseVector(indices: [1], values: [1]), b = SparseVector(indices: [2], values: [1]), c = SparseVector(indices: [3], values: [1])
        let data = VectorBatch.sparse([a, a, b, b, c, c])
        var generator = SeededGenerator(seed: 4)
        // When asking for 5 seeds
        let chosen = KMeansModel(vectorKind: .sparse).chooseNewSeeds(from: data, count: 5, generator: &generator)
        // Then only 3 come back, one per distinct vector
        #expect(chosen.count == 3)
        #expect(Set(chosen.map { $0 / 2 }).count == 3)
    }

    @Test func keptOverlapsDoNotChangeTheSeeds() {
        // Given many overlapping sparse points and far more seeds than topics, so candidates are drawn again and again
        let vectors = SyntheticData.randomSparse(count: 600, features: 300, perVector: 12, seed: 34)
        func seeds(overlapMemory: Int) -> [Int] {
            var generator = SeededGenerator(seed: 5)
            return KMeansModel(vectorKind: .sparse).chooseNewSeeds(from: .sparse(vectors), count: 250, trials: nil,
                                                                   overlapMemory: overlapMemory, generator: &generator)
        }
        // When seeding keeps no overlap, a few (dropping old ones all the time), or all of them
        let none = seeds(overlapMemory: 0)
        // Then the seeds are the same
        #expect(none.count == 250)
        #expect(seeds(overlapMemory: 20_000) == none)
        #expect(seeds(overlapMemory: 64 << 20) == none)
    }

    @Test(arguments: [false, true])
    func droppingSettledPointsDoesNotChangeTheSeeds(negative: Bool) {
        // Given overlapping sparse points (with negative weights, some distances exceed 1), and a
        // model that already has clusters, so seeding starts from their distances
        let vectors = SyntheticData.randomSparse(count: 600, features: 300, perVector: 12, negative: negative, seed: 35)
        var model = KMeansModel(vectorKind: .sparse)
        model.appendClusters(seededBy: .sparse(vectors), indices: [3, 77, 140])
        func seeds(dropsSettled: Bool, overlapMemory: Int) -> [Int] {
            var generator = SeededGenerator(seed: 6)
            return model.chooseNewSeeds(from: .sparse(vectors), count: 300, trials: nil, overlapMemory: overlapMemory,
                                        dropsSettled: dropsSettled, generator: &generator)
        }
        // When seeding keeps every point of each overlap, or drops those it can no longer bring closer
        let everyPoint = seeds(dropsSettled: false, overlapMemory: 64 << 20)
        // Then the seeds are the same, whether overlaps are kept or made anew
        #expect(everyPoint.count == 300)
        #expect(seeds(dropsSettled: true, overlapMemory: 64 << 20) == everyPoint)
        #expect(seeds(dropsSettled: true, overlapMemory: 30_000) == everyPoint)
        #expect(seeds(dropsSettled: true, overlapMemory: 0) == everyPoint)
    }
}
