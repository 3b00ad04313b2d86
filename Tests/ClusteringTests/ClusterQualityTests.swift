import Testing
@testable import Clustering

/// Expected values come from scikit-learn 1.9.1 / SciPy 1.17.1. For labels T and P:
/// NMI: `python3 -c "from sklearn.metrics import normalized_mutual_info_score as f; print(repr(f(T, P)))"`
/// ARI: `python3 -c "from sklearn.metrics import adjusted_rand_score as f; print(repr(f(T, P)))"`
/// ACC: `python3 -c "from sklearn.metrics.cluster import contingency_matrix as c; from scipy.optimize
///       import linear_sum_assignment as l; m = c(T, P); r, k = l(-m); print(m[r, k].sum() / len(T))"`
struct ClusterQualityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var truth: [Int]
        var predicted: [Int]
        var nmi: Double
        var ari: Double
        var accuracy: Double
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "split and merge", truth: [0, 0, 0, 1, 1, 1], predicted: [0, 0, 1, 1, 2, 2],
             nmi: 0.5158037429793889, ari: 0.24242424242424243, accuracy: 0.6666666666666666),
        Case(name: "fewer clusters than labels", truth: [0, 0, 1, 1, 2, 2, 2, 3], predicted: [1, 1, 0, 0, 0, 2, 2, 2],
             nmi: 0.7020168761809934, ari: 0.3684210526315789, accuracy: 0.75),
        Case(name: "renamed", truth: [0, 0, 1, 1], predicted: [5, 5, 3, 3],
             nmi: 1.0, ari: 1.0, accuracy: 1.0),
        Case(name: "one cluster", truth: [0, 1, 2, 3], predicted: [0, 0, 0, 0],
             nmi: 0.0, ari: 0.0, accuracy: 0.25),
        Case(name: "more clusters than labels", truth: [0, 0, 0, 0, 1, 1, 1, 2, 2, 2], predicted: [0, 1, 0, 2, 3, 3, 4, 4, 4, 0],
             nmi: 0.5451630294488186, ari: 0.14847161572052403, accuracy: 0.6),
        Case(name: "negative and sparse ids", truth: [-1, -1, 7, 7, 7, 3], predicted: [2, 2, 2, 9, 9, 9],
             nmi: 0.4398695005110285, ari: 0.11764705882352941, accuracy: 0.6666666666666666),
        Case(name: "near chance", truth: [0, 0, 0, 0, 1, 1, 1, 1, 2, 2], predicted: [0, 0, 1, 1, 1, 0, 0, 0, 1, 1],
             nmi: 0.21847470653492304, ari: 0.02072538860103627, accuracy: 0.5),
    ]

    @Test(arguments: cases)
    func matchesScikitLearn(_ example: Case) {
        // Given hand-made labels and the values scikit-learn computes for them
        // When each measure is computed
        let nmi = ClusterQuality.normalizedMutualInformation(truth: example.truth, predicted: example.predicted)
        let ari = ClusterQuality.adjustedRandIndex(truth: example.truth, predicted: example.predicted)
        let accuracy = ClusterQuality.accuracy(truth: example.truth, predicted: example.predicted)
        // Then they agree to 1e-12
        #expect(abs(nmi - example.nmi) < 1e-12, "NMI \(nmi) != \(example.nmi)")
        #expect(abs(ari - example.ari) < 1e-12, "ARI \(ari) != \(example.ari)")
        #expect(abs(accuracy - example.accuracy) < 1e-12, "ACC \(accuracy) != \(example.accuracy)")
    }

    @Test func measuresAreSymmetricWhereTheyShouldBe() {
        // Given two labellings
        let a = [0, 0, 1, 1, 2, 2, 2, 3], b = [1, 1, 0, 0, 0, 2, 2, 2]
        // When truth and prediction swap
        // Then NMI and ARI do not change, and neither does accuracy (a one-to-one matching)
        #expect(abs(ClusterQuality.normalizedMutualInformation(truth: a, predicted: b)
            - ClusterQuality.normalizedMutualInformation(truth: b, predicted: a)) < 1e-12)
        #expect(abs(ClusterQuality.adjustedRandIndex(truth: a, predicted: b)
            - ClusterQuality.adjustedRandIndex(truth: b, predicted: a)) < 1e-12)
        #expect(ClusterQuality.accuracy(truth: b, predicted: a) == 0.75)
    }

    @Test func emptyAndSingleGroupEdgeCases() {
        // Given empty labellings, and two labellings that each hold one group
        // When measured
        // Then scikit-learn's conventions hold: perfect agreement scores 1
        #expect(ClusterQuality.normalizedMutualInformation(truth: [], predicted: []) == 1)
        #expect(ClusterQuality.adjustedRandIndex(truth: [], predicted: []) == 1)
        #expect(ClusterQuality.accuracy(truth: [], predicted: []) == 1)
        #expect(ClusterQuality.normalizedMutualInformation(truth: [4, 4, 4], predicted: [1, 1, 1]) == 1)
        #expect(ClusterQuality.adjustedRandIndex(truth: [4, 4, 4], predicted: [1, 1, 1]) == 1)
        // And all-singletons on both sides also agree perfectly
        #expect(ClusterQuality.adjustedRandIndex(truth: [0, 1, 2], predicted: [2, 0, 1]) == 1)
    }
}

struct HungarianAlgorithmTests {
    @Test func findsTheMaximumWeightMatchingOfASquareMatrix() {
        // Given a 3 × 3 matrix where the greedy choice (9 first) is not optimal
        let weights: [Double] = [
            9, 8, 0,
            8, 0, 0,
            0, 0, 1,
        ]
        // When matched
        let matching = HungarianAlgorithm.maximumWeightMatching(weights: weights, rows: 3, columns: 3)
        // Then rows 0 and 1 cross over (8 + 8 + 1 = 17 beats 9 + 0 + 1 = 10)
        #expect(matching == [1, 0, 2])
    }

    @Test func leavesExtraRowsOrColumnsUnmatched() {
        // Given a 3 × 2 matrix (more rows than columns) and its 2 × 3 transpose
        let tall: [Double] = [1, 5, 4, 2, 3, 3]
        let wide: [Double] = [1, 4, 3, 5, 2, 3]
        // When matched
        let rows = HungarianAlgorithm.maximumWeightMatching(weights: tall, rows: 3, columns: 2)
        let columns = HungarianAlgorithm.maximumWeightMatching(weights: wide, rows: 2, columns: 3)
        // Then the best pair (5 + 4 = 9) is taken and row 2 / column 2 stays out
        #expect(rows == [1, 0, nil])
        #expect(columns == [1, 0])
    }

    @Test func minimisesCostAndHandlesEmptyInput() {
        // Given the classic 3 × 3 cost matrix with optimum 5 (1 + 2 + 2)
        let costs: [Double] = [4, 1, 3, 2, 0, 5, 3, 2, 2]
        // When the cheapest assignment is asked for
        let matching = HungarianAlgorithm.minimumCostMatching(costs: costs, rows: 3, columns: 3)
        // Then it costs 5
        let total = matching.enumerated().reduce(0.0) { $0 + costs[$1.offset * 3 + $1.element!] }
        #expect(total == 5)
        #expect(matching == [1, 0, 2])
        // And no rows give no matching
        #expect(HungarianAlgorithm.minimumCostMatching(costs: [], rows: 0, columns: 4).isEmpty)
    }
}
