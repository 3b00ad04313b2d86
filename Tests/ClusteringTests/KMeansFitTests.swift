import Testing
import VectorMath
@testable import Clustering

@Suite("KMeansModel.fit")
struct KMeansFitTests {
    @Test func recoversWellSeparatedSparseClusters() {
        // Given 6 sparse topics of 30 keywords each
        let (vectors, labels) = SyntheticData.sparse(groups: 6, perGroup: 30, seed: 1)
        var generator = SeededGenerator(seed: 11)
        // When fitting 6 clusters
        let fit = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 6), generator: &generator)
        // Then every topic is one cluster, and the counts describe the assignments
        #expect(fit.model.clusterCount == 6)
        #expect(SyntheticData.samePartition(fit.assignments, labels))
        #expect(fit.model.memberCounts == [Int](repeating: 30, count: 6))
        #expect(fit.inertia > 0 && fit.inertia < Double(vectors.count))
        // And each similarity is exactly the cosine to the point's final centre
        for (vector, assignment) in zip(vectors, fit.assignments) {
            #expect(assignment.similarity == vector.dot(fit.model.sparseCentre(of: assignment.cluster)))
        }
    }

    @Test func recoversWellSeparatedDenseClusters() {
        // Given 5 dense groups of 40 points in 16 dimensions
        let (values, labels) = SyntheticData.dense(groups: 5, perGroup: 40, dimension: 16, seed: 2)
        var generator = SeededGenerator(seed: 12)
        // When fitting 5 clusters
        let fit = KMeansModel.fit(.dense(values: values, dimension: 16), parameters: KMeansParameters(clusterCount: 5), generator: &generator)
        // Then every group is one cluster
        #expect(SyntheticData.samePartition(fit.assignments, labels))
        #expect(fit.model.memberCounts.reduce(0, +) == 200)
        // And each similarity is the cosine to the point's final centre, summing to the inertia
        var inertia = 0.0
        for (i, assignment) in fit.assignments.enumerated() {
            let centre = fit.model.denseCentre(of: assignment.cluster)
            let cosine = zip(values[i * 16 ..< (i + 1) * 16], centre).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(abs(assignment.similarity - cosine) < 1e-5)
            inertia += 1 - Double(assignment.similarity)
        }
        #expect(abs(inertia - fit.inertia) < 1e-9)
    }

    @Test func stopsEarlyAtTolerance() {
        // Given noisy data with fewer clusters asked than groups
        let (vectors, _) = SyntheticData.sparse(groups: 8, perGroup: 20, seed: 3)
        // When fitting with a loose tolerance and with none
        var loose = SeededGenerator(seed: 5), strict = SeededGenerator(seed: 5)
        let quick = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 5, tolerance: 10), generator: &loose)
        let full = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 5, tolerance: 0), generator: &strict)
        // Then the loose one stops after one iteration, the strict one at convergence before the cap
        #expect(quick.iterations == 1)
        #expect(full.iterations >= 1 && full.iterations < 100)
        #expect(full.inertia <= quick.inertia + 1e-9)
    }

    @Test func respectsMaxIterations() {
        // Given data that needs several iterations
        let (values, _) = SyntheticData.dense(groups: 6, perGroup: 20, dimension: 8, noise: 0.6, seed: 4)
        for cap in [0, 1, 2] {
            var generator = SeededGenerator(seed: 9)
            // When the cap is `cap` and there is no tolerance
            let parameters = KMeansParameters(clusterCount: 4, maxIterations: cap, tolerance: 0)
            let fit = KMeansModel.fit(.dense(values: values, dimension: 8), parameters: parameters, generator: &generator)
            // Then at most `cap` iterations run, and the model still describes its assignments
            #expect(fit.iterations <= cap)
            #expect(fit.assignments.count == 120)
            #expect(fit.model.memberCounts.reduce(0, +) == 120)
        }
    }

    @Test func isDeterministicForAGeneratorState() {
        // Given one data set and two generators in the same state
        let (vectors, _) = SyntheticData.sparse(groups: 7, perGroup: 15, seed: 5)
        var a = SeededGenerator(seed: 99), b = SeededGenerator(seed: 99)
        // When fitting twice
        let parameters = KMeansParameters(clusterCount: 9)
        let first = KMeansModel.fit(.sparse(vectors), parameters: parameters, generator: &a)
        let second = KMeansModel.fit(.sparse(vectors), parameters: parameters, generator: &b)
        // Then models, assignments and generator states are identical, bit for bit
        #expect(first.model == second.model)
        #expect(first.model.serialized() == second.model.serialized())
        #expect(first.assignments == second.assignments)
        #expect(first.inertia == second.inertia)
        #expect(a == b)
    }

    @Test func isDeterministicWhenTheWorkIsSplitOverThreads() {
        // Given inputs large enough to be cut into several parallel chunks
        let sparse = VectorBatch.sparse(SyntheticData.sparse(groups: 120, perGroup: 25, seed: 8).vectors)
        let dense = VectorBatch.dense(
            values: SyntheticData.dense(groups: 20, perGroup: 15, dimension: 16, noise: 0.3, seed: 9).values, dimension: 16)
        for data in [sparse, dense] {
            // When fitting three times from the same generator state
            let fits = (0 ..< 3).map { _ -> KMeansFit in
                var generator = SeededGenerator(seed: 2024)
                return KMeansModel.fit(data, parameters: KMeansParameters(clusterCount: 100), generator: &generator)
            }
            // Then every run gives the same bytes and assignments
            #expect(Set(fits.map { $0.model.serialized() }).count == 1)
            #expect(fits.allSatisfy { $0.assignments == fits[0].assignments && $0.inertia == fits[0].inertia })
        }
    }

    @Test func differentSeedsMayChooseDifferentCentres() {
        // Given noisy dense data, more points than clusters
        let (values, _) = SyntheticData.dense(groups: 3, perGroup: 30, dimension: 8, noise: 0.8, seed: 6)
        let data = VectorBatch.dense(values: values, dimension: 8)
        // When seeding with several seeds
        let seedings = (0 ..< 5).map { seed -> [Int] in
            var generator = SeededGenerator(seed: UInt64(seed))
            return KMeansModel(vectorKind: .dense(dimension: 8)).chooseNewSeeds(from: data, count: 4, generator: &generator)
        }
        // Then not all of them agree
        #expect(Set(seedings).count > 1)
    }

    @Test func neverAsksForMoreClustersThanPoints() {
        // Given 3 points and 10 clusters asked
        let (vectors, _) = SyntheticData.sparse(groups: 3, perGroup: 1, seed: 7)
        var generator = SeededGenerator(seed: 1)
        // When fitting
        let fit = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 10), generator: &generator)
        // Then each point is its own cluster
        #expect(fit.model.clusterCount == 3)
        #expect(Set(fit.assignments.map(\.cluster)).count == 3)
    }

    @Test func emptyDataGivesAnEmptyFit() {
        var generator = SeededGenerator(seed: 1)
        let fit = KMeansModel.fit(.sparse([]), parameters: KMeansParameters(clusterCount: 4), generator: &generator)
        #expect(fit.model.clusterCount == 0 && fit.assignments.isEmpty && fit.iterations == 0)
    }
}
