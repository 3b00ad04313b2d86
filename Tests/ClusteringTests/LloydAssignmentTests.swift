import Foundation
import Testing
@testable import Clustering

/// Lloyd's two assignment rules: the nearest direction (cosine, spherical k-means) and the
/// nearest mean (Euclidean, as scikit-learn's k-means).
@Suite struct LloydAssignmentTests {
    /// A unit vector in the plane at `degrees`.
    func unit(_ degrees: Double) -> [Float] {
        [Float(cos(degrees * .pi / 180)), Float(sin(degrees * .pi / 180))]
    }

    @Test func nearestMeanPrefersATightClusterThatCosinePassesOver() {
        // Given a tight cluster at 0° (three points there: mean length 1) and a spread one whose
        // members at 10° and 170° point it at 90° with a mean of length sin 10° ≈ 0.17
        var model = KMeansModel(vectorKind: .dense(dimension: 2))
        let members = VectorBatch.dense(values: unit(0) + unit(0) + unit(0) + unit(10) + unit(170), dimension: 2)
        model.appendClusters(seededBy: members, indices: [0, 3])
        model.absorb(members, into: [0, 0, 0, 1, 1])
        let point = VectorBatch.dense(values: unit(50), dimension: 2)
        // When a point at 50° is assigned by each rule
        let byDirection = model.lloydAssign(point, rule: .nearestDirection)
        let byMean = model.lloydAssign(point, rule: .nearestMean)
        // Then cosine takes the spread cluster (40° away against 50°), while the tight cluster's
        // mean (1, 0) is nearer than the spread one's (0, 0.17): ‖x − m‖² 0.71 against 0.77
        #expect(byDirection.map(\.cluster) == [1])
        #expect(byMean.map(\.cluster) == [0])
        #expect(model.meanLengths()[0] == 1)
        #expect(abs(model.meanLengths()[1] - Float(sin(10 * Double.pi / 180))) < 1e-6)
    }

    @Test func anEmptyClusterCountsAsItsCentre() {
        // Given a cluster without members (a fresh seed) beside one with members
        var model = KMeansModel(vectorKind: .dense(dimension: 2))
        let points = VectorBatch.dense(values: unit(0) + unit(90), dimension: 2)
        model.appendClusters(seededBy: points, indices: [0, 1])
        model.absorb(.dense(values: unit(0), dimension: 2), into: [0])
        // Then its mean is its centre (length 1), and a point at it is assigned to it by both rules
        #expect(model.meanLengths() == [1, 1])
        for rule in LloydAssignment.allCases {
            #expect(model.lloydAssign(.dense(values: unit(85), dimension: 2), rule: rule).map(\.cluster) == [1])
        }
    }

    @Test func refineByNearestMeanEndsWithEveryPointAtItsNearestMean() throws {
        // Given noisy points of 6 topics and a rough model of 5 clusters
        let (values, _) = SyntheticData.dense(groups: 6, perGroup: 60, dimension: 12, noise: 0.6, seed: 21)
        let data = VectorBatch.dense(values: values, dimension: 12)
        var generator = SeededGenerator(seed: 3)
        var model = KMeansModel.fit(data, parameters: KMeansParameters(clusterCount: 5, maxIterations: 1),
                                    generator: &generator).model
        // When refining it to convergence by the nearest mean
        var assignments: [ClusterAssignment] = []
        let result = model.refine(data, assignments: &assignments, maxIterations: 200, tolerance: 0, rule: .nearestMean)
        #expect(result.iterations < 200)
        // Then every point is nearest (Euclidean, in doubles) to the mean of its own cluster
        let labels = assignments.map { Int($0.cluster) }
        let d = 12, k = model.clusterCount
        var means = [Double](repeating: 0, count: k * d), counts = [Int](repeating: 0, count: k)
        for (i, label) in labels.enumerated() {
            counts[label] += 1
            for t in 0 ..< d { means[label * d + t] += Double(values[i * d + t]) }
        }
        for j in 0 ..< k where counts[j] > 0 { for t in 0 ..< d { means[j * d + t] /= Double(counts[j]) } }
        var misplaced = 0
        for (i, label) in labels.enumerated() {
            func distance(_ j: Int) -> Double {
                (0 ..< d).reduce(0) { $0 + pow(Double(values[i * d + $1]) - means[j * d + $1], 2) }
            }
            let own = distance(label)
            if (0 ..< k).contains(where: { counts[$0] > 0 && distance($0) < own - 1e-5 }) { misplaced += 1 }
        }
        #expect(misplaced == 0)
        // And the assignments still report each point's cosine to its cluster's centre
        for (i, assignment) in assignments.enumerated() {
            let centre = model.denseCentre(of: assignment.cluster)
            let cosine = (0 ..< d).reduce(Float(0)) { $0 + values[i * d + $1] * centre[$1] }
            #expect(abs(cosine - assignment.similarity) < 1e-5)
        }
    }

    @Test func fitTakesTheRuleFromItsParameters() {
        // Given noisy points and one k-means++ start, fitted by each rule
        let (values, _) = SyntheticData.dense(groups: 8, perGroup: 40, dimension: 10, noise: 0.7, seed: 5)
        let data = VectorBatch.dense(values: values, dimension: 10)
        func fit(_ rule: LloydAssignment) -> KMeansFit {
            var generator = SeededGenerator(seed: 9)
            return KMeansModel.fit(data, parameters: KMeansParameters(clusterCount: 8, tolerance: 0, assignment: rule),
                                   generator: &generator)
        }
        let byMean = fit(.nearestMean), again = fit(.nearestMean), byDirection = fit(.nearestDirection)
        // Then the same rule gives the same fit, and the rules end in different clusterings of these spread points
        #expect(byMean.model == again.model && byMean.assignments == again.assignments)
        #expect(byMean.assignments.map(\.cluster) != byDirection.assignments.map(\.cluster))
    }
}

@Suite struct LloydAssignmentRuleTests {
    @Test func largeTopicsTakeTheNearestMeanAndSmallOnesTheNearestDirection() {
        #expect(LloydAssignment.rule(meanTopicSize: FineClusterMerge.smallTopicSize) == .nearestMean)
        #expect(LloydAssignment.rule(meanTopicSize: 992) == .nearestMean)
        #expect(LloydAssignment.rule(meanTopicSize: FineClusterMerge.smallTopicSize - 1) == .nearestDirection)
        #expect(LloydAssignment.rule(meanTopicSize: 20) == .nearestDirection)
    }
}
