import Testing
import VectorMath
@testable import Clustering

@Suite("KMeansModel appendClusters, absorb, refine")
struct KMeansIncrementalTests {
    @Test func appendClustersKeepsOldIds() {
        // Given a fitted sparse model
        let (vectors, _) = SyntheticData.sparse(groups: 6, perGroup: 10, seed: 41)
        var generator = SeededGenerator(seed: 1)
        let fit = KMeansModel.fit(.sparse(Array(vectors.prefix(30))), parameters: KMeansParameters(clusterCount: 3), generator: &generator)
        var model = fit.model
        let before = model
        // When appending two clusters seeded by new points
        let ids = model.appendClusters(seededBy: .sparse(vectors), indices: [40, 41])
        // Then they get the next ids, with no members, and the old clusters are untouched
        #expect(ids == 3 ..< 5)
        #expect(model.memberCounts == before.memberCounts + [0, 0])
        for c in 0 ..< 3 { #expect(model.sparseCentre(of: Int32(c)) == before.sparseCentre(of: Int32(c))) }
        #expect(model.sparseCentre(of: 3) == vectors[40])
        // And the seed points are assigned to their own clusters
        #expect(model.assign(.sparse([vectors[40], vectors[41]])).map(\.cluster) == [3, 4])
    }

    @Test func absorbGivesTheExactMeanDirection() {
        // Given one dense cluster seeded by a point
        let (values, _) = SyntheticData.dense(groups: 1, perGroup: 5, dimension: 4, noise: 0.3, seed: 42)
        let data = VectorBatch.dense(values: values, dimension: 4)
        var model = KMeansModel(vectorKind: .dense(dimension: 4))
        model.appendClusters(seededBy: data, indices: [0])
        // When absorbing all five points
        model.absorb(data, into: [0, 0, 0, 0, 0])
        // Then the count is 5 and the centre is the normalised mean
        var mean = [Float](repeating: 0, count: 4)
        for i in 0 ..< 5 { for t in 0 ..< 4 { mean[t] += values[i * 4 + t] / 5 } }
        let expected = SyntheticData.normalised(mean)
        #expect(model.memberCounts == [5])
        for (a, b) in zip(model.denseCentre(of: 0), expected) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func sparseAbsorbGivesTheMeanDirection() {
        // Given a sparse cluster
        let vectors = [SparseVector(indices: [1, 2], values: [0.6, 0.8]), SparseVector(indices: [2, 3], values: [0.8, 0.6])]
        var model = KMeansModel(vectorKind: .sparse)
        model.appendClusters(seededBy: .sparse(vectors), indices: [0])
        // When absorbing both
        model.absorb(.sparse(vectors), into: [0, 0])
        // Then the centre is (0.6, 1.6, 0.6) normalised
        let norm = (0.36 + 2.56 + 0.36 as Float).squareRoot()
        let centre = model.sparseCentre(of: 0)
        #expect(centre.indices == [1, 2, 3])
        for (a, b) in zip(centre.values, [0.6 / norm, 1.6 / norm, 0.6 / norm]) { #expect(abs(a - b) < 1e-6) }
    }

    @Test(arguments: [false, true])
    func absorbInPiecesThroughSerialisationEqualsAbsorbingAtOnce(dense: Bool) throws {
        // Given a model with 4 clusters and 60 points with their clusters
        let data: VectorBatch
        if dense {
            data = .dense(values: SyntheticData.dense(groups: 4, perGroup: 15, dimension: 12, noise: 0.3, seed: 43).values, dimension: 12)
        } else {
            data = .sparse(SyntheticData.sparse(groups: 4, perGroup: 15, seed: 43).vectors)
        }
        var start = KMeansModel(vectorKind: data.kind)
        start.appendClusters(seededBy: data, indices: [0, 1, 2, 3])
        let clusters = start.assign(data).map(\.cluster)
        // When absorbing everything at once, and in two halves with a round trip in between
        var whole = start
        whole.absorb(data, into: clusters)
        var pieces = start
        pieces.absorb(data.subset(0 ..< 25), into: Array(clusters[0 ..< 25]))
        pieces = try KMeansModel(serialized: pieces.serialized())
        pieces.absorb(data.subset(25 ..< 60), into: Array(clusters[25 ..< 60]))
        // Then the models are identical
        #expect(whole == pieces)
        #expect(whole.serialized() == pieces.serialized())
        #expect(whole.memberCounts.reduce(0, +) == 60)
    }

    @Test func refineKeepsIdsAndReducesInertia() {
        // Given 5 sparse topics, a model seeded by 5 points of topic 0..4, and poor assignments
        let (vectors, labels) = SyntheticData.sparse(groups: 5, perGroup: 20, seed: 44)
        let data = VectorBatch.sparse(vectors)
        var model = KMeansModel(vectorKind: .sparse)
        model.appendClusters(seededBy: data, indices: [0, 1, 2, 3, 4])
        var assignments = vectors.indices.map { ClusterAssignment(cluster: Int32($0 % 5 == 0 ? 1 : $0 % 5), similarity: 0) }
        model.absorb(data, into: assignments.map(\.cluster))
        let before = zip(vectors, assignments).reduce(0.0) { $0 + 1 - Double($1.0.dot(model.sparseCentre(of: $1.1.cluster))) }
        // When refining
        let result = model.refine(data, assignments: &assignments, maxIterations: 20, tolerance: 0)
        // Then the ids still follow the seeds (cluster c holds topic c), inertia fell, counts are exact
        #expect(model.clusterCount == 5)
        #expect(assignments.map(\.cluster) == labels.map(Int32.init))
        #expect(result.inertia < before)
        #expect(model.memberCounts == [20, 20, 20, 20, 20])
        #expect(result.iterations >= 1)
    }

    @Test func refineKeepsTheCentreOfAnEmptiedCluster() {
        // Given two clusters on the same topic plus one elsewhere
        let (vectors, _) = SyntheticData.sparse(groups: 2, perGroup: 10, seed: 45)
        let data = VectorBatch.sparse(vectors)
        var model = KMeansModel(vectorKind: .sparse)
        model.appendClusters(seededBy: data, indices: [0, 1, 2])   // topics 0, 1, 0
        let seedCentre = model.sparseCentre(of: 2)
        var assignments: [ClusterAssignment] = []
        // When refining over data where cluster 0 takes all of topic 0
        model.refine(data, assignments: &assignments, maxIterations: 10, tolerance: 0)
        // Then every point is in cluster 0 or 1, and cluster 2 keeps its id and seed centre with no members
        #expect(Set(assignments.map(\.cluster)).isSubset(of: [0, 1, 2]))
        if model.memberCounts[2] == 0 {
            #expect(model.sparseCentre(of: 2) == seedCentre)
        }
        #expect(model.memberCounts.reduce(0, +) == 20)
    }
}

@Suite struct DeferredSearchIndexTests {
    @Test func updatesWithTheIndexDeferredGiveTheSameModelAndAssignments() {
        // Given a fitted sparse model and more data to fold in
        let data = SyntheticData.sparse(groups: 6, perGroup: 40, seed: 9)
        var generator = SeededGenerator(seed: 4)
        let first = VectorBatch.sparse(Array(data.vectors.prefix(120)))
        let rest = VectorBatch.sparse(Array(data.vectors.dropFirst(120)))
        let fit = KMeansModel.fit(first, parameters: KMeansParameters(clusterCount: 6), generator: &generator)
        var eager = fit.model
        var deferred = fit.model
        let clusters = eager.assign(rest).map(\.cluster)
        // When one absorbs with the index kept up to date and the other with it deferred, then rebuilt
        eager.absorb(rest, into: clusters)
        deferred.deferSearchIndex()
        deferred.appendClusters(seededBy: rest, indices: [0])
        eager.appendClusters(seededBy: rest, indices: [0])
        deferred.absorb(rest, into: clusters)
        deferred.buildSearchIndex()
        // Then the models are equal and assign alike
        #expect(eager == deferred)
        #expect(eager.assign(.sparse(data.vectors)) == deferred.assign(.sparse(data.vectors)))
    }
}
