import Testing
@testable import Clustering

/// Fine clusters become topics: their means are merged by Ward, and a model of the merged
/// groups holds exactly their members' sums.
struct FineClusterMergeTests {
    /// A dense model whose cluster `c` holds `points[c]` (each a unit vector of `dimension`).
    static func model(_ points: [[[Float]]], dimension: Int) -> KMeansModel {
        var model = KMeansModel(vectorKind: .dense(dimension: dimension))
        let seeds = points.map { $0[0] }
        model.appendClusters(seededBy: .dense(values: seeds.flatMap { $0 }, dimension: dimension), indices: Array(seeds.indices))
        let members = points.flatMap { $0 }
        let labels = points.enumerated().flatMap { cluster, list in list.map { _ in Int32(cluster) } }
        model.absorb(.dense(values: members.flatMap { $0 }, dimension: dimension), into: labels)
        return model
    }

    static func unit(_ values: [Float]) -> [Float] {
        let length = values.map { $0 * $0 }.reduce(0, +).squareRoot()
        return values.map { $0 / length }
    }

    @Test func mergedClustersHoldTheSumsAndCountsOfTheirParts() {
        // Given three fine clusters
        let a = [Self.unit([1, 0.1, 0]), Self.unit([1, 0.2, 0])]
        let b = [Self.unit([1, 0, 0.1])]
        let c = [Self.unit([0, 0, 1])]
        let fine = Self.model([a, b, c], dimension: 3)
        // When the first two are merged into one group and the third is a group of its own
        let merged = fine.merged(groupOf: [0, 0, 1], groupCount: 2)
        // Then each group counts its parts' members, sums their vectors, and points at that sum
        #expect(merged.memberCounts == [3, 1])
        let means = merged.clusterMeans().means
        for p in 0 ..< 3 {
            let expected = (Double(a[0][p]) + Double(a[1][p]) + Double(b[0][p])) / 3
            #expect(abs(means[p] - expected) < 1e-12)
        }
        let centre = merged.denseCentre(of: 0)
        let length = centre.map { $0 * $0 }.reduce(0, +).squareRoot()
        #expect(abs(length - 1) < 1e-5 && centre[0] > 0.9)
        #expect(merged.denseCentre(of: 1) == fine.denseCentre(of: 2))
    }

    @Test func theTreeJoinsNearFineClustersFirstAndIsTheSameEveryTime() {
        // Given four fine clusters: two pairs, far apart
        let fine = Self.model([[Self.unit([1, 0.05, 0])], [Self.unit([0, 1, 0.05])], [Self.unit([1, 0, 0.05])],
                               [Self.unit([0.05, 1, 0])]], dimension: 3)
        // When their tree is cut at two groups, weighted by count or not
        for exponent in [0.0, 0.5, 1.0] {
            let tree = FineClusterMerge.tree(of: fine, exponent: exponent)
            // Then each pair is one group, and the tree is bit for bit the same when built again
            #expect(tree.cut(groups: 2) == [0, 1, 0, 1])
            #expect(FineClusterMerge.tree(of: fine, exponent: exponent) == tree)
            #expect(FineClusterMerge.cutCost(of: tree, groups: 2) == tree.merges[1].cost)
            #expect(FineClusterMerge.cutCost(of: tree, groups: 4) == 0)
        }
    }

    @Test func aClusterWeighsAPowerOfItsCount() {
        #expect(FineClusterMerge.weight(count: 9, exponent: 0) == 1)
        #expect(FineClusterMerge.weight(count: 9, exponent: 0.5) == 3)
        #expect(FineClusterMerge.weight(count: 9, exponent: 1) == 9)
        #expect(FineClusterMerge.weight(count: 0, exponent: 0) == 0)
    }
}
