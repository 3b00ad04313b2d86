import Testing
import VectorMath
@testable import Clustering

struct SparseSumTests {
    @Test func addingGivesTheExactSumInMemberOrder() {
        // Given a sum and members overlapping it and each other
        let start = SparseSum(indices: [2, 9], values: [0.5, 1])
        let members = [SparseVector(indices: [1, 2, 7], values: [0.25, 0.5, 1]),
                       SparseVector(indices: [2, 9], values: [-0.5, -1]),
                       SparseVector(indices: [7, 30], values: [0.125, 2])]
        // When they are added
        let sum = start.adding(members)
        // Then each feature holds its total, a feature summing to zero (9) is gone, order is ascending
        #expect(sum.indices == [1, 2, 7, 30])
        #expect(sum.values == [0.25, 0.5, 1.125, 2])
    }

    @Test func aSumHoldsNoMoreRoomThanItsFeaturesNeed() {
        // Given 300 members sharing the same 20 features (6,000 non-zeros, 20 distinct)
        let members = (0..<300).map { m in
            SparseVector(indices: (0..<20).map { UInt32($0 * 3) }, values: (0..<20).map { Float($0 + m % 7 + 1) })
        }
        // When they are summed, into nothing and into a sum of other features
        let fresh = SparseSum.zero.adding(members)
        let grown = SparseSum(indices: [1, 100], values: [1, 1]).adding(members)
        // Then the sums keep about their size, not room for every non-zero added
        // (a refinement rebuilds 5,000 such sums at once: 1M keywords, ~300 MB)
        #expect(fresh.nonZeroCount == 20 && grown.nonZeroCount == 22)
        #expect(fresh.indices.capacity < 64 && fresh.values.capacity < 64)
        #expect(grown.indices.capacity < 64 && grown.values.capacity < 64)
    }
}
