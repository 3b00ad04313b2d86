import Testing
import VectorMath
@testable import Clustering

@Suite("KMeansModel.assign")
struct KMeansAssignmentTests {
    /// A model whose clusters are seeded by `centres` (no members).
    static func model(_ data: VectorBatch, count: Int) -> KMeansModel {
        var model = KMeansModel(vectorKind: data.kind)
        model.appendClusters(seededBy: data, indices: Array(0 ..< count))
        return model
    }

    @Test func sparseMatchesBruteForceCosine() {
        // Given a fitted sparse model and fresh keywords
        let (vectors, _) = SyntheticData.sparse(groups: 10, perGroup: 12, seed: 21)
        var generator = SeededGenerator(seed: 3)
        let model = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 7), generator: &generator).model
        let (fresh, _) = SyntheticData.sparse(groups: 10, perGroup: 5, seed: 22)
        // When assigning them
        let assignments = model.assign(.sparse(fresh))
        // Then each is the highest dot product with any centre (lowest id on ties), exactly
        for (vector, assignment) in zip(fresh, assignments) {
            let scores = (0 ..< model.clusterCount).map { vector.dot(model.sparseCentre(of: Int32($0))) }
            let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
            #expect(assignment.cluster == Int32(best))
            #expect(assignment.similarity == scores[best])
        }
    }

    @Test(arguments: [false, true])
    func afterMovedCentresMatchesAFullAssignment(negative: Bool) {
        // Given overlapping sparse points (some repeated, so ties occur; with negative weights,
        // some similarities are negative) and a model seeded by 120 of them
        var vectors = SyntheticData.randomSparse(count: 900, features: 200, perVector: 10, negative: negative, seed: 40)
        vectors += vectors.prefix(100)
        let data = VectorBatch.sparse(vectors)
        var model = KMeansModel(vectorKind: .sparse, centreMass: 0.9)
        model.appendClusters(seededBy: data, indices: Array(stride(from: 0, to: 960, by: 8)))
        var assignments = model.assign(data)
        var labels: [Int32]?
        var searchedMovedOnly = 0
        for _ in 0 ..< 15 {
            // When the centres move as in a Lloyd iteration (only clusters whose members changed)
            var moved: [Int] = []
            let nearest = assignments.map(\.cluster)
            _ = model.recomputeClusters(data, labels: nearest, previous: labels, moved: &moved)
            labels = nearest
            if !moved.isEmpty, moved.count * 4 <= model.clusterCount { searchedMovedOnly += 1 }
            // Then searching only the moved centres for points whose own centre stayed gives the
            // full assignment, similarities included, bit for bit
            let full = model.assign(data)
            #expect(model.assign(data, after: assignments, moved: moved) == full)
            assignments = full
        }
        #expect(searchedMovedOnly >= 2)
    }

    @Test func afterMovedCentresTiesGoToTheLowerId() {
        // Given a point, and a model where it sits on cluster 0's centre (or cluster 1's) ...
        // (and six clusters far away, so that few of them move)
        let p = SparseVector(indices: [1, 2], values: [0.6, 0.8]), q = SparseVector(indices: [3], values: [1])
        let far = (10 ..< 16).map { SparseVector(indices: [UInt32($0)], values: [1]) }
        for (before, after, moved) in [([p, q], [p, p], [1]), ([q, p], [p, p], [0])] {
            let previous = Self.model(.sparse(before + far), count: 8).assign(.sparse([p]))
            // ... when the other cluster's centre moves onto the same point
            let model = Self.model(.sparse(after + far), count: 8)
            // Then the tie goes to cluster 0, as in a full assignment
            #expect(model.assign(.sparse([p]), after: previous, moved: moved) == model.assign(.sparse([p])))
            #expect(model.assign(.sparse([p])).first?.cluster == 0)
        }
    }

    @Test func denseMatchesBruteForceCosine() {
        // Given 9 dense centres and 200 points
        let (values, _) = SyntheticData.dense(groups: 9, perGroup: 23, dimension: 24, noise: 0.5, seed: 23)
        let data = VectorBatch.dense(values: values, dimension: 24)
        let model = Self.model(data, count: 9)
        // When assigning
        let assignments = model.assign(data)
        // Then each matches a brute-force dot product
        for (i, assignment) in assignments.enumerated() {
            let row = Array(values[i * 24 ..< (i + 1) * 24])
            let scores = (0 ..< 9).map { c in zip(row, model.denseCentre(of: Int32(c))).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
            let best = scores.indices.max { scores[$0] < scores[$1] }!
            #expect(abs(assignment.similarity - scores[best]) < 1e-5)
            #expect(abs(scores[Int(assignment.cluster)] - scores[best]) < 1e-5)
        }
        // And the first 9 points are their own centres
        #expect(assignments.prefix(9).map(\.cluster) == (0 ..< 9).map(Int32.init))
    }

    @Test func tiesGoToTheLowestId() {
        // Given the same vector seeding clusters 0, 1 and 2
        let vector = SparseVector(indices: [1, 5], values: [0.6, 0.8])
        let data = VectorBatch.sparse([vector, vector, vector])
        let model = Self.model(data, count: 3)
        // When assigning it, then cluster 0 wins
        #expect(model.assign(.sparse([vector])).first?.cluster == 0)
        // And the same holds for dense vectors
        let dense = Self.model(.dense(values: [0.6, 0.8, 0.6, 0.8], dimension: 2), count: 2)
        #expect(dense.assign(.dense(values: [0.6, 0.8], dimension: 2)).first?.cluster == 0)
    }

    @Test func vectorsSharingNoFeatureGoToTheLowestIdAtZero() {
        // Given two clusters on features 1 and 2
        let data = VectorBatch.sparse([SparseVector(indices: [1], values: [1]), SparseVector(indices: [2], values: [1])])
        let model = Self.model(data, count: 2)
        // When assigning a vector on feature 3 and the empty vector
        let assignments = model.assign(.sparse([SparseVector(indices: [3], values: [1]), .empty]))
        // Then both go to cluster 0 at similarity 0
        #expect(assignments == [ClusterAssignment(cluster: 0, similarity: 0), ClusterAssignment(cluster: 0, similarity: 0)])
    }

    @Test func negativeScoresLoseToUntouchedCentres() {
        // Given cluster 0 on feature 1 and cluster 1 on feature 2
        let data = VectorBatch.sparse([SparseVector(indices: [1], values: [1]), SparseVector(indices: [2], values: [1])])
        let model = Self.model(data, count: 2)
        // When a vector points away from cluster 0
        let assignment = model.assign(.sparse([SparseVector(indices: [1, 3], values: [-0.6, 0.8])]))[0]
        // Then cluster 1, at similarity 0, is nearer
        #expect(assignment == ClusterAssignment(cluster: 1, similarity: 0))
    }

    @Test func largeInputsGiveTheSameResultAsSmallOnes() {
        // Given more points than one parallel chunk
        let (vectors, _) = SyntheticData.sparse(groups: 20, perGroup: 250, seed: 24)
        var generator = SeededGenerator(seed: 4)
        let model = KMeansModel.fit(.sparse(Array(vectors.prefix(400))), parameters: KMeansParameters(clusterCount: 15), generator: &generator).model
        // When assigning all at once and one by one
        let all = model.assign(.sparse(vectors))
        let single = vectors.prefix(300).map { model.assign(.sparse([$0]))[0] }
        // Then the results agree
        #expect(Array(all.prefix(300)) == single)
    }

    @Test func searchMatchesBruteForceWithFrequentFeatures() {
        // Given 300 centres that all hold two frequent features (long posting lists) besides their own
        var generator = SeededGenerator(seed: 25)
        func vector(own: UInt32, stop: Float) -> SparseVector {
            let w1 = Float(0.05 + 0.5 * generator.nextUnitInterval())
            let w2 = Float(0.05 + 0.5 * generator.nextUnitInterval())
            let w3 = Float(generator.nextUnitInterval())
            let values: [Float] = [stop * w1, stop * w2, 1, w3]
            return SparseVector(indices: [1, 2, own, own + 1], values: values).normalized()
        }
        let centres = (0 ..< 300).map { (i: Int) -> SparseVector in
            let stop: Float = i % 7 == 0 ? 3 : 0.3
            return vector(own: UInt32(100 + 2 * i), stop: stop)
        }
        var model = KMeansModel(vectorKind: .sparse)
        model.appendClusters(seededBy: .sparse(centres), indices: Array(centres.indices))
        // And keywords: topical ones, ones made only of the frequent features, and mixed ones
        var keywords: [SparseVector] = []
        for i in 0 ..< 200 { keywords.append(vector(own: UInt32(100 + 2 * i), stop: 1)) }
        for _ in 0 ..< 50 { keywords.append(SparseVector(indices: [1, 2], values: [0.6, 0.8])) }
        for i in 0 ..< 50 { keywords.append(vector(own: UInt32(99 + 2 * i), stop: 2)) }
        // When assigning
        let assignments = model.assign(.sparse(keywords))
        // Then every answer is the brute-force arg-max with the bit-identical similarity
        for (keyword, assignment) in zip(keywords, assignments) {
            let scores = centres.map { keyword.dot($0) }
            let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
            #expect(assignment == ClusterAssignment(cluster: Int32(best), similarity: scores[best]))
        }
    }

    @Test func aBalancedCentreBeatsLongTiedLists() {
        // Given 70 centres heavy on feature 1, 70 heavy on feature 2 (long, tied lists), and a
        // last centre balanced between both
        var centres: [SparseVector] = []
        for i in 0 ..< 70 { centres.append(SparseVector(indices: [1, UInt32(1_000 + i)], values: [0.9, 0.6]).normalized()) }
        for i in 0 ..< 70 { centres.append(SparseVector(indices: [2, UInt32(2_000 + i)], values: [0.9, 0.6]).normalized()) }
        centres.append(SparseVector(indices: [1, 2], values: [1, 1]).normalized())
        var model = KMeansModel(vectorKind: .sparse)
        model.appendClusters(seededBy: .sparse(centres), indices: Array(centres.indices))
        let keyword = SparseVector(indices: [1, 2], values: [1, 1]).normalized()
        // When assigning a keyword made of both features
        let assignment = model.assign(.sparse([keyword]))[0]
        // Then the balanced centre wins, with the brute-force similarity
        #expect(assignment == ClusterAssignment(cluster: 140, similarity: keyword.dot(centres[140])))
    }

    @Test func searchStaysExactWhileCentresChangeBetweenIndexRebuilds() throws {
        // Given a fitted model with 80 clusters (its centre index built)
        let (vectors, _) = SyntheticData.sparse(groups: 40, perGroup: 10, seed: 26)
        var generator = SeededGenerator(seed: 6)
        var model = KMeansModel.fit(.sparse(Array(vectors.prefix(300))), parameters: KMeansParameters(clusterCount: 80), generator: &generator).model
        // When a few clusters move (absorb) and a few are appended, fewer than a rebuild needs
        let extra = VectorBatch.sparse(Array(vectors[300 ..< 310]))
        model.absorb(extra, into: model.assign(extra).map(\.cluster))
        model.appendClusters(seededBy: .sparse(vectors), indices: [390, 391, 392])
        #expect(!model.staleClusters.isEmpty)
        // Then assignments equal brute force, and those of a model with a fresh index
        let all = model.assign(.sparse(vectors))
        let fresh = try KMeansModel(serialized: model.serialized())
        #expect(fresh.staleClusters.isEmpty)
        #expect(fresh.assign(.sparse(vectors)) == all)
        for (vector, assignment) in zip(vectors, all) {
            let scores = (0 ..< model.clusterCount).map { vector.dot(model.sparseCentre(of: Int32($0))) }
            let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
            #expect(assignment == ClusterAssignment(cluster: Int32(best), similarity: scores[best]))
        }
    }

    @Test func aLargeIndexMatchesBruteForce() {
        // Given 700 random centres of 30 features (over 2^14 postings: the index uses its direct table)
        let centres = SyntheticData.randomSparse(count: 700, features: 3_000, perVector: 30, seed: 28)
        var model = KMeansModel(vectorKind: .sparse)
        model.appendClusters(seededBy: .sparse(centres), indices: Array(centres.indices))
        let keywords = SyntheticData.randomSparse(count: 300, features: 3_000, perVector: 30, seed: 29)
        // When assigning, then every answer is the brute-force arg-max, bit for bit
        for (keyword, assignment) in zip(keywords, model.assign(.sparse(keywords))) {
            let scores = centres.map { keyword.dot($0) }
            let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
            #expect(assignment == ClusterAssignment(cluster: Int32(best), similarity: scores[best]))
        }
    }

    @Test func truncatedCentresOfOverlappingVectorsMatchBruteForceWithAndWithoutNegativeWeights() {
        // Given 40 truncated centres absorbing random, overlapping vectors, once with negative weights
        for negative in [false, true] {
            let points = SyntheticData.randomSparse(count: 400, features: 60, perVector: 6, negative: negative, seed: 30)
            var model = KMeansModel(vectorKind: .sparse, centreMass: 0.8)
            model.appendClusters(seededBy: .sparse(points), indices: Array(0 ..< 40))
            model.absorb(.sparse(points), into: model.assign(.sparse(points)).map(\.cluster))
            let keywords = SyntheticData.randomSparse(count: 200, features: 60, perVector: 6, negative: negative, seed: 31)
            // When assigning fresh vectors, then every answer is the brute-force arg-max, bit for bit
            for (keyword, assignment) in zip(keywords, model.assign(.sparse(keywords))) {
                #expect(assignment == SyntheticData.bruteForceNearest(keyword, model))
            }
        }
    }

    @Test func featuresBeyondTheDirectTableUseTheHashedIndex() {
        // Given sparse vectors whose feature ids are far above 2^24
        let (small, labels) = SyntheticData.sparse(groups: 4, perGroup: 10, seed: 27)
        let vectors = small.map { SparseVector(indices: $0.indices.map { $0 + 3_000_000_000 }, values: $0.values) }
        var generator = SeededGenerator(seed: 8)
        // When fitting and assigning
        let fit = KMeansModel.fit(.sparse(vectors), parameters: KMeansParameters(clusterCount: 4), generator: &generator)
        // Then the topics are found and assignment agrees with brute force
        #expect(SyntheticData.samePartition(fit.assignments, labels))
        for (vector, assignment) in zip(vectors, fit.model.assign(.sparse(vectors))) {
            let scores = (0 ..< 4).map { vector.dot(fit.model.sparseCentre(of: Int32($0))) }
            #expect(assignment.similarity == scores.max())
        }
    }

    @Test func zeroVectorsAreAtSimilarityZero() {
        // Given data with empty sparse vectors and zero dense rows
        var generator = SeededGenerator(seed: 9)
        let sparse = KMeansModel.fit(.sparse([.empty, .empty, SparseVector(indices: [3], values: [1])]),
                                     parameters: KMeansParameters(clusterCount: 2), generator: &generator)
        let dense = KMeansModel.fit(.dense(values: [0, 0, 0, 0, 1, 0], dimension: 2),
                                    parameters: KMeansParameters(clusterCount: 2), generator: &generator)
        // When fitted, then nothing traps, and zero vectors score 0
        #expect(sparse.assignments.count == 3 && dense.assignments.count == 3)
        #expect(sparse.assignments.filter { $0.similarity == 0 }.count >= 2)
        #expect(dense.assignments.filter { $0.similarity == 0 }.count >= 2)
    }
}
