import Testing
@testable import Clustering

/// Refinement over rows expanded a chunk at a time must be the very refinement of the rows held
/// as one array: the semantic run refines a million compact vectors that way.
@Suite struct DenseRowsRefineTests {
    /// A fitted model of `data` with fewer clusters than topics, so refinement has work to do.
    func fittedModel(_ data: VectorBatch, clusters: Int) -> KMeansModel {
        var generator = SeededGenerator(seed: 7)
        return KMeansModel.fit(data, parameters: KMeansParameters(clusterCount: clusters, maxIterations: 1),
                               generator: &generator).model
    }

    @Test(arguments: [96, 192, 960], LloydAssignment.allCases)
    func chunkedRefineEqualsRefineInMemory(chunkRows: Int, rule: LloydAssignment) {
        // Given 1,000 noisy points of 12 topics (several chunks and a short last one) and a rough model
        let (values, _) = SyntheticData.dense(groups: 12, perGroup: 84, dimension: 24, noise: 0.3, seed: 11)
        let data = VectorBatch.dense(values: values, dimension: 24)
        let start = fittedModel(data, clusters: 10)
        // When refining it once with all rows in memory and once a chunk at a time, from no assignments
        var inMemory = start, chunked = start
        var expected: [ClusterAssignment] = [], got: [ClusterAssignment] = []
        let a = inMemory.refine(data, assignments: &expected, maxIterations: 5, tolerance: 0, rule: rule)
        let b = chunked.refine(FloatRows(values: values, dimension: 24), assignments: &got, maxIterations: 5, tolerance: 0,
                               rule: rule, chunkRows: chunkRows)
        // Then the models, assignments, iterations and inertia are identical to the bit
        #expect(a.iterations == b.iterations)
        #expect(a.inertia == b.inertia)
        #expect(got == expected)
        #expect(chunked == inMemory)
        #expect(chunked.serialized() == inMemory.serialized())
        #expect(a.iterations > 1)
    }

    @Test func chunkedRefineFromAssignmentsEqualsRefineInMemory() {
        // Given points, a model and the assignments a run made before refining
        let (values, _) = SyntheticData.dense(groups: 9, perGroup: 50, dimension: 16, noise: 0.25, seed: 12)
        let data = VectorBatch.dense(values: values, dimension: 16)
        let start = fittedModel(data, clusters: 9)
        let before = start.assign(data)
        // When refining from them, with maximal and zero iterations
        for iterations in [0, 3] {
            var inMemory = start, chunked = start
            var expected = before, got = before
            let a = inMemory.refine(data, assignments: &expected, maxIterations: iterations, tolerance: 0.001)
            let b = chunked.refine(FloatRows(values: values, dimension: 16), assignments: &got, maxIterations: iterations,
                                   tolerance: 0.001, chunkRows: 96)
            // Then both agree exactly
            #expect(a.iterations == b.iterations)
            #expect(a.inertia == b.inertia)
            #expect(got == expected)
            #expect(chunked == inMemory)
        }
    }
}
