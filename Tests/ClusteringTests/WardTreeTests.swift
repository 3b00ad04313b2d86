import Clustering
import Testing

@Suite struct WardTreeTests {
    /// Random points in `dimension` dimensions with random positive weights.
    static func randomPoints(count: Int, dimension: Int, seed: UInt64) -> (means: [Double], weights: [Double]) {
        var generator = SeededGenerator(seed: seed)
        let means = (0 ..< count * dimension).map { _ in generator.nextUnitInterval() * 2 - 1 }
        let weights = (0 ..< count).map { _ in Double(1 + generator.nextIndex(below: 20)) }
        return (means, weights)
    }

    /// Ward by the definition: every step scans every pair of open groups, recomputing each
    /// group's weighted mean from its leaves, and merges the cheapest (ties: lower ids).
    static func bruteForceWard(means: [Double], weights: [Double], dimension: Int) -> [(Int32, Int32, Double)] {
        var groups: [Int32: [Int]] = [:]
        for leaf in weights.indices { groups[Int32(leaf)] = [leaf] }
        var next = Int32(weights.count)
        var merges: [(Int32, Int32, Double)] = []
        func centre(_ leaves: [Int]) -> (mean: [Double], weight: Double) {
            let weight = leaves.reduce(0.0) { $0 + weights[$1] }
            var mean = [Double](repeating: 0, count: dimension)
            for leaf in leaves {
                for p in 0 ..< dimension { mean[p] += weights[leaf] * means[leaf * dimension + p] }
            }
            return (mean.map { $0 / weight }, weight)
        }
        while groups.count > 1 {
            var best: (cost: Double, a: Int32, b: Int32)?
            let ids = groups.keys.sorted()
            for (i, a) in ids.enumerated() {
                for b in ids[(i + 1)...] {
                    let ca = centre(groups[a]!), cb = centre(groups[b]!)
                    var squared = 0.0
                    for p in 0 ..< dimension { squared += (ca.mean[p] - cb.mean[p]) * (ca.mean[p] - cb.mean[p]) }
                    let cost = ca.weight * cb.weight / (ca.weight + cb.weight) * squared
                    if best == nil || cost < best!.cost { best = (cost, a, b) }
                }
            }
            let (cost, a, b) = best!
            groups[next] = groups[a]! + groups[b]!
            groups[a] = nil
            groups[b] = nil
            merges.append((a, b, cost))
            next += 1
        }
        return merges
    }

    @Test func everyPairAsCandidateIsExactWard() {
        for seed: UInt64 in 1 ... 5 {
            // Given 40 weighted points in 6 dimensions
            let (means, weights) = Self.randomPoints(count: 40, dimension: 6, seed: seed)
            // When the tree is built with every pair as a candidate
            let tree = WardTree(means: means, weights: weights, dimension: 6)
            // Then its merges are Ward's by definition, in order
            let expected = Self.bruteForceWard(means: means, weights: weights, dimension: 6)
            #expect(tree.merges.count == 39)
            for (merge, reference) in zip(tree.merges, expected) {
                #expect(merge.left == reference.0 && merge.right == reference.1)
                #expect(abs(merge.cost - reference.2) <= 1e-9 * max(1, reference.2))
            }
            // and Ward's costs never decrease
            #expect(zip(tree.costs, tree.costs.dropFirst()).allSatisfy { $0 <= $1 + 1e-12 })
        }
    }

    @Test func weightsDecideWhichPairMergesFirst() {
        // Given three points on a line at 0, 1 and 2.2
        let means: [Double] = [0, 1, 2.2]
        // When they weigh the same, 0 and 1 are the closest pair (cost 0.5 against 0.72)
        #expect(WardTree(means: means, weights: [1, 1, 1], dimension: 1).merges.first?.left == 0)
        // When the point at 0 is 100 times heavier, joining it costs 100/101 and 1 goes to 2.2
        let heavy = WardTree(means: means, weights: [100, 1, 1], dimension: 1)
        #expect(heavy.merges.first.map { ($0.left, $0.right) } ?? (0, 0) == (1, 2))
        #expect(abs(heavy.merges[0].cost - 0.72) < 1e-12)
        #expect(heavy.merges[1].weight == 102)
    }

    @Test func cutsAreNestedAndNumberedByLowestLeaf() {
        // Given three tight, well-separated blobs of four points each, interleaved by index
        var means: [Double] = []
        for leaf in 0 ..< 12 {
            let blob = Double(leaf % 3) * 10
            means += [blob + Double(leaf) * 0.01, blob - Double(leaf) * 0.01]
        }
        let tree = WardTree(means: means, weights: Array(repeating: 1, count: 12), dimension: 2)
        // When cut into three groups, each blob is one group, numbered by its lowest leaf
        let three = tree.cut(groups: 3)
        #expect(three == (0 ..< 12).map { Int32($0 % 3) })
        // and a coarser cut only joins whole groups of the finer one (pillars over topics)
        let two = tree.cut(groups: 2)
        for a in 0 ..< 12 {
            for b in 0 ..< 12 where three[a] == three[b] { #expect(two[a] == two[b]) }
        }
        #expect(Set(two).count == 2)
        #expect(tree.cut(groups: 12) == (0 ..< 12).map { Int32($0) })
        #expect(Set(tree.cut(groups: 1)) == [0])
    }

    @Test func fewNeighboursStillEndInOneRootAndAgreeOnClearGroups() {
        // Given 300 points in 30 tight blobs in 8 dimensions
        var generator = SeededGenerator(seed: 7)
        let centres = (0 ..< 30 * 8).map { _ in generator.nextUnitInterval() * 20 }
        var means: [Double] = []
        var blobs: [Int] = []
        for point in 0 ..< 300 {
            let blob = point % 30
            blobs.append(blob)
            for p in 0 ..< 8 { means.append(centres[blob * 8 + p] + generator.nextUnitInterval() * 0.1) }
        }
        let weights = (0 ..< 300).map { _ in Double(1 + generator.nextIndex(below: 5)) }
        // When built with only 4 candidate neighbours a point (the graph falls apart into the blobs)
        let sparse = WardTree(means: means, weights: weights, dimension: 8, neighbours: 4)
        // Then every node is merged exactly once into a single root
        #expect(sparse.merges.count == 299)
        var merged = Set<Int32>()
        for merge in sparse.merges {
            #expect(merged.insert(merge.left).inserted && merged.insert(merge.right).inserted)
        }
        #expect(sparse.merges.last?.weight == weights.reduce(0, +))
        // and cut into 30 it finds the blobs, as exact Ward does
        let exact = WardTree(means: means, weights: weights, dimension: 8)
        let groups = sparse.cut(groups: 30)
        #expect(groups == exact.cut(groups: 30))
        for a in 0 ..< 300 {
            for b in 0 ..< 300 { #expect((groups[a] == groups[b]) == (blobs[a] == blobs[b])) }
        }
    }

    @Test func sameInputSameTree() {
        let (means, weights) = Self.randomPoints(count: 200, dimension: 16, seed: 11)
        #expect(WardTree(means: means, weights: weights, dimension: 16, neighbours: 8)
            == WardTree(means: means, weights: weights, dimension: 16, neighbours: 8))
    }

    @Test func weightlessPointsAndTinyInputs() {
        // A point of weight 0 joins at no cost
        let tree = WardTree(means: [0, 5, 5.5], weights: [1, 0, 1], dimension: 1)
        #expect(tree.merges[0].cost == 0)
        #expect(tree.merges.count == 2)
        #expect(WardTree(means: [], weights: [], dimension: 3).merges.isEmpty)
        #expect(WardTree(means: [1, 2], weights: [1], dimension: 2).cut(groups: 1) == [0])
    }
}
