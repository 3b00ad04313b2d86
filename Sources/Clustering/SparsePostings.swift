import VectorMath

/// An inverted index over sparse vectors: for each feature, the vectors that hold it and their
/// weights there.
///
/// A list longer than `heavyLimit` is split into a *heavy* head, its at most `heavyLimit`
/// largest weights (by magnitude), and a *light* tail whose weights are all at most
/// the list's `lightBound` in magnitude. Each part lists vectors in ascending position.
///
/// Built over the centres, it gives each keyword's dot products with every centre at the cost
/// of its features' posting lists (``SparseCentroidIndex``); built over the points, it gives a
/// candidate seed's dot products with every point (k-means++).
struct SparsePostings: Sendable {
    /// The number of vectors indexed.
    let vectorCount: Int
    /// Where one feature's postings are: `start ..< end` in ``ids`` and ``weights``, the heavy
    /// head `start ..< heavyEnd`, the light tail `heavyEnd ..< end` with weights of magnitude at
    /// most `lightBound` (0 when there is no tail); `maxWeight` is the largest magnitude of all.
    struct List: Sendable {
        var start: Int32
        var heavyEnd: Int32
        var end: Int32
        var lightBound: Float
        var maxWeight: Float

        var all: Range<Int> { Int(start) ..< Int(end) }
        var heavy: Range<Int> { Int(start) ..< Int(heavyEnd) }
        var hasLightTail: Bool { heavyEnd < end }
    }

    /// Feature → index in `lists`, or -1: a direct table when the features are below 2²⁴ (the
    /// hashed spaces in use are 2²⁰) and the index is large, otherwise (`table` empty) a
    /// dictionary. Two stored properties rather than an enum, so a lookup retains nothing.
    private let table: [Int32]
    private let map: [UInt32: Int32]
    let lists: [List]
    let ids: [Int32]
    let weights: [Float]
    /// Whether any weight is negative (bounds built on `maxWeight` then do not hold).
    let hasNegativeWeights: Bool

    /// Indexes `vectors`, splitting lists longer than `heavyLimit`.
    /// - Complexity: O(total non-zeros + F), F the largest feature when it is below 2²⁴ and
    ///   there are at least 2¹⁴ postings (a direct table), otherwise O(total non-zeros) expected with a hash map; the split
    ///   is a linear-time selection per long list.
    init(_ vectors: [SparseVector], heavyLimit: Int = .max) {
        vectorCount = vectors.count
        var maxFeature: UInt32 = 0
        var total = 0
        for vector in vectors {
            if let last = vector.indices.last { maxFeature = max(maxFeature, last) }
            total += vector.nonZeroCount
        }
        precondition(total <= Int(Int32.max), "too many postings")

        // Pass 1: a slot per feature, in order of first appearance, and the slot of each entry.
        var counts: [Int32] = []
        var entrySlots = [Int32](repeating: 0, count: total)
        // A direct table costs O(largest feature) to build: worth it for the big indexes only
        // (the centres), not for a small overlay built per search call.
        if maxFeature < 1 << 24, total >= 1 << 14 {
            var table = [Int32](repeating: -1, count: Int(maxFeature) + 1)
            table.withUnsafeMutableBufferPointer { table in
                entrySlots.withUnsafeMutableBufferPointer { entrySlots in
                    var entry = 0
                    for vector in vectors {
                        for feature in vector.indices {
                            var slot = table[Int(feature)]
                            if slot < 0 {
                                slot = Int32(counts.count)
                                table[Int(feature)] = slot
                                counts.append(0)
                            }
                            counts[Int(slot)] += 1
                            entrySlots[entry] = slot
                            entry += 1
                        }
                    }
                }
            }
            self.table = table
            self.map = [:]
        } else {
            var map: [UInt32: Int32] = Dictionary(minimumCapacity: total)
            var entry = 0
            for vector in vectors {
                for feature in vector.indices {
                    let slot = map[feature] ?? Int32(counts.count)
                    if Int(slot) == counts.count {
                        map[feature] = slot
                        counts.append(0)
                    }
                    counts[Int(slot)] += 1
                    entrySlots[entry] = slot
                    entry += 1
                }
            }
            self.table = []
            self.map = map
        }

        // Pass 2: counting sort of the entries by slot; vectors stay in ascending order.
        var lists: [List] = []
        lists.reserveCapacity(counts.count)
        var start: Int32 = 0
        for count in counts {
            lists.append(List(start: start, heavyEnd: start + count, end: start + count, lightBound: 0, maxWeight: 0))
            start += count
        }
        var next = lists.map(\.start)
        var ids = [Int32](repeating: 0, count: total)
        var weights = [Float](repeating: 0, count: total)
        ids.withUnsafeMutableBufferPointer { ids in
            weights.withUnsafeMutableBufferPointer { weights in
                next.withUnsafeMutableBufferPointer { next in
                    entrySlots.withUnsafeBufferPointer { entrySlots in
                        var entry = 0
                        for (position, vector) in vectors.enumerated() {
                            vector.values.withUnsafeBufferPointer { values in
                                for weight in values {
                                    let slot = Int(entrySlots[entry])
                                    let p = Int(next[slot])
                                    ids[p] = Int32(position)
                                    weights[p] = weight
                                    next[slot] += 1
                                    entry += 1
                                }
                            }
                        }
                    }
                }
            }
        }

        var hasNegativeWeights = false
        weights.withUnsafeBufferPointer { weights in
            for slot in lists.indices {
                var largest: Float = 0
                for p in lists[slot].all {
                    largest = max(largest, abs(weights[p]))
                    if weights[p] < 0 { hasNegativeWeights = true }
                }
                lists[slot].maxWeight = largest
            }
        }
        self.hasNegativeWeights = hasNegativeWeights

        // Pass 3: split the long lists into a heavy head and a light tail.
        if heavyLimit < total {
            var magnitudes: [Float] = []
            var lightIds: [Int32] = [], lightWeights: [Float] = []
            for slot in lists.indices where lists[slot].all.count > heavyLimit {
                let range = lists[slot].all
                magnitudes.removeAll(keepingCapacity: true)
                for p in range { magnitudes.append(abs(weights[p])) }
                // The (heavyLimit + 1)-th largest magnitude: heavy weights are strictly above it.
                let threshold = select(&magnitudes, rank: range.count - 1 - heavyLimit)
                lightIds.removeAll(keepingCapacity: true)
                lightWeights.removeAll(keepingCapacity: true)
                var head = range.lowerBound
                for p in range {
                    if abs(weights[p]) > threshold {
                        ids[head] = ids[p]
                        weights[head] = weights[p]
                        head += 1
                    } else {
                        lightIds.append(ids[p])
                        lightWeights.append(weights[p])
                    }
                }
                for (offset, (id, weight)) in zip(lightIds, lightWeights).enumerated() {
                    ids[head + offset] = id
                    weights[head + offset] = weight
                }
                lists[slot].heavyEnd = Int32(head)
                lists[slot].lightBound = threshold
            }
        }
        self.lists = lists
        self.ids = ids
        self.weights = weights
    }

    /// The total number of postings.
    var postingCount: Int { ids.count }

    /// The postings of `feature`, or `nil` when no vector holds it.
    /// - Complexity: O(1) (expected, for the hash map)
    @inline(__always)
    func list(of feature: UInt32) -> List? {
        let slot: Int
        if !table.isEmpty {
            guard Int(feature) < table.count else { return nil }
            slot = Int(table[Int(feature)])
        } else {
            slot = map[feature].map(Int.init) ?? -1
        }
        return slot >= 0 ? lists[slot] : nil
    }
}

/// The element that would sit at `rank` (0-based, ascending) if `values` were sorted: Hoare's
/// quickselect with a median-of-three pivot. Reorders `values`.
/// - Complexity: O(n) expected.
func select(_ values: inout [Float], rank: Int) -> Float {
    precondition(values.indices.contains(rank), "rank out of range")
    var low = 0, high = values.count - 1
    while low < high {
        let mid = low + (high - low) / 2
        if values[mid] < values[low] { values.swapAt(mid, low) }
        if values[high] < values[low] { values.swapAt(high, low) }
        if values[high] < values[mid] { values.swapAt(high, mid) }
        let pivot = values[mid]
        var i = low, j = high
        while i <= j {
            while values[i] < pivot { i += 1 }
            while pivot < values[j] { j -= 1 }
            if i <= j {
                values.swapAt(i, j)
                i += 1
                j -= 1
            }
        }
        if rank <= j {
            high = j
        } else if rank >= i {
            low = i
        } else {
            return values[rank]
        }
    }
    return values[rank]
}
