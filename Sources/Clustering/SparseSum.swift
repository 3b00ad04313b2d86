import VectorMath

/// A cluster's exact running sum over a sparse feature space: `indices` strictly ascending,
/// `values` in double precision so that a sum of many float vectors loses nothing that matters
/// and, above all, is the same whatever the batches it was accumulated in.
///
/// Adding vectors is sequential per feature: the sum of `s` then `x₁` then `x₂` is
/// `(s + x₁) + x₂` for every feature, so absorbing a batch in two halves or in one gives the
/// same bits. Features whose sum is exactly zero are dropped.
struct SparseSum: Sendable, Equatable {
    var indices: [UInt32] = []
    var values: [Double] = []

    static let zero = SparseSum()

    var nonZeroCount: Int { indices.count }

    /// This sum plus `members`, added one after the other in their order.
    /// - Complexity: O(m log m + s), m the non-zeros of `members` and s those of this sum.
    func adding<Members: Collection>(_ members: Members) -> SparseSum where Members.Element == SparseVector {
        // Buffers of exactly the size needed, and a result of exactly its size: a refinement
        // rebuilds thousands of sums at once, and arrays grown by doubling (or reserved for the
        // worst case and kept) leave the heap fragmented (1M keywords: ~450 MB of freed but
        // unreturned memory across five Lloyd iterations).
        var total = 0
        for vector in members { total += vector.indices.count }
        // Sort the new (feature, ordinal) pairs; the ordinal keeps the members' order within a
        // feature, so each feature's values are then added in member order.
        var keys: [UInt64] = []
        var addends: [Double] = []
        keys.reserveCapacity(total)
        addends.reserveCapacity(total)
        for vector in members {
            for (feature, value) in zip(vector.indices, vector.values) {
                keys.append(UInt64(feature) << 32 | UInt64(addends.count))
                addends.append(Double(value))
            }
        }
        if keys.isEmpty { return self }
        keys.sort()

        var result = SparseSum()
        let size = unionSize(withSorted: keys)
        result.indices.reserveCapacity(size)
        result.values.reserveCapacity(size)
        var old = 0, new = 0
        while new < keys.count {
            let feature = UInt32(truncatingIfNeeded: keys[new] >> 32)
            while old < indices.count, indices[old] < feature {
                result.indices.append(indices[old])
                result.values.append(values[old])
                old += 1
            }
            var sum: Double
            if old < indices.count, indices[old] == feature {
                sum = values[old] + addends[Int(keys[new] & 0xFFFF_FFFF)]
                old += 1
            } else {
                sum = addends[Int(keys[new] & 0xFFFF_FFFF)]
            }
            new += 1
            while new < keys.count, UInt32(truncatingIfNeeded: keys[new] >> 32) == feature {
                sum += addends[Int(keys[new] & 0xFFFF_FFFF)]
                new += 1
            }
            if sum != 0 {
                result.indices.append(feature)
                result.values.append(sum)
            }
        }
        while old < indices.count {
            result.indices.append(indices[old])
            result.values.append(values[old])
            old += 1
        }
        return result
    }

    /// How many distinct features this sum and the (feature << 32 | ordinal) `keys`, sorted,
    /// hold together: an upper bound on the sum's size after adding them (a feature summing to
    /// exactly zero is dropped).
    /// - Complexity: O(non-zeros + keys)
    private func unionSize(withSorted keys: [UInt64]) -> Int {
        var count = 0, old = 0, new = 0
        while new < keys.count {
            let feature = UInt32(truncatingIfNeeded: keys[new] >> 32)
            while old < indices.count, indices[old] < feature {
                count += 1
                old += 1
            }
            if old < indices.count, indices[old] == feature { old += 1 }
            count += 1
            while new < keys.count, UInt32(truncatingIfNeeded: keys[new] >> 32) == feature { new += 1 }
        }
        return count + (indices.count - old)
    }

    /// The unit vector along this sum, or `nil` when the sum is zero.
    ///
    /// With a `mass` below 1, only the largest features holding at least that share of the
    /// sum's squared length are kept (the fewest such; ties: lower feature first) and the result
    /// is the unit vector along them: a *truncated* centre. A cluster of hundreds of keywords sums
    /// thousands of features, most from a member or two; dropping the tail that holds 5% of the
    /// length changes a similarity by little, while the centre's cost in the search index and in
    /// every dot product shrinks to its core. A broad cluster, whose length is spread thin, keeps
    /// as many features as that takes.
    /// - Complexity: O(non-zeros) (expected, when truncating)
    func direction(mass: Double? = nil) -> SparseVector? {
        var squares: Double = 0
        for value in values { squares += value * value }
        guard squares > 0 else { return nil }
        guard let mass, mass < 1, indices.count > 1 else {
            let scale = 1 / squares.squareRoot()
            return SparseVector(indices: indices, values: values.map { Float($0 * scale) })
        }
        let cut = MassCut(values.map { $0 * $0 }, target: max(0, mass) * squares)
        var kept: [Int] = []
        var ties = cut.tiesKept
        var keptSquares: Double = 0
        for (position, value) in values.enumerated() {
            let square = value * value
            if square > cut.threshold || (square == cut.threshold && ties > 0) {
                if square == cut.threshold { ties -= 1 }
                kept.append(position)
                keptSquares += square
            }
        }
        let scale = 1 / keptSquares.squareRoot()
        return SparseVector(indices: kept.map { indices[$0] }, values: kept.map { Float(values[$0] * scale) })
    }
}

/// The fewest largest squares whose sum reaches `target`: every square above `threshold`,
/// plus `tiesKept` of those equal to it. Found by quickselect-style partitioning, O(n) expected.
struct MassCut {
    var threshold: Double = 0
    var tiesKept = 0

    init(_ squares: [Double], target: Double) {
        var values = squares
        var low = 0, high = values.count
        var reached: Double = 0
        while low < high {
            // Three-way partition of values[low..<high] around a median-of-three pivot: above | equal | below.
            let a = values[low], b = values[(low + high) / 2], c = values[high - 1]
            let pivot = max(min(a, b), min(max(a, b), c))
            var above = low, scan = low, below = high
            while scan < below {
                if values[scan] > pivot {
                    values.swapAt(scan, above)
                    above += 1
                    scan += 1
                } else if values[scan] < pivot {
                    below -= 1
                    values.swapAt(scan, below)
                } else {
                    scan += 1
                }
            }
            var aboveMass: Double = 0
            for i in low ..< above { aboveMass += values[i] }
            if reached + aboveMass >= target, above > low {
                high = above
                continue
            }
            let equalCount = below - above
            let needed = target - reached - aboveMass
            if Double(equalCount) * pivot >= needed {
                threshold = pivot
                tiesKept = pivot > 0 ? max(1, min(equalCount, Int((needed / pivot).rounded(.up)))) : equalCount
                return
            }
            reached += aboveMass + Double(equalCount) * pivot
            low = below
        }
        // Only when rounding leaves the target out of reach: keep everything.
        threshold = 0
        tiesKept = values.count
    }
}

/// Dense counterparts of ``SparseSum``: a row of `Double` sums and its direction.
enum DenseSum {
    /// Adds `vector` to `sum`, element by element.
    /// - Complexity: O(dimension)
    @inline(__always)
    static func add(_ vector: UnsafeBufferPointer<Float>, to sum: UnsafeMutableBufferPointer<Double>) {
        for t in 0..<sum.count { sum[t] += Double(vector[t]) }
    }

    /// Writes the unit vector along `sum` to `centre`; returns false (and writes nothing) when
    /// the sum is zero.
    /// - Complexity: O(dimension)
    static func writeDirection(of sum: UnsafeBufferPointer<Double>, to centre: UnsafeMutableBufferPointer<Float>) -> Bool {
        var squares: Double = 0
        for value in sum { squares += value * value }
        guard squares > 0 else { return false }
        let scale = 1 / squares.squareRoot()
        for t in 0..<sum.count { centre[t] = Float(sum[t] * scale) }
        return true
    }
}

/// Members of each cluster, grouped by a stable counting sort: the members of cluster `j` are
/// `members[offsets[j] ..< offsets[j + 1]]`, in ascending point order.
struct ClusterMembers: Sendable {
    let offsets: [Int]
    let members: [Int]

    /// - Complexity: O(n + k)
    init(labels: [Int32], clusterCount: Int) {
        var counts = [Int](repeating: 0, count: clusterCount + 1)
        for label in labels {
            precondition(label >= 0 && Int(label) < clusterCount, "cluster id out of range")
            counts[Int(label) + 1] += 1
        }
        for j in 0..<clusterCount { counts[j + 1] += counts[j] }
        offsets = counts
        var next = counts
        var members = [Int](repeating: 0, count: labels.count)
        for (point, label) in labels.enumerated() {
            members[next[Int(label)]] = point
            next[Int(label)] += 1
        }
        self.members = members
    }

    func of(_ cluster: Int) -> ArraySlice<Int> { members[offsets[cluster] ..< offsets[cluster + 1]] }
}
