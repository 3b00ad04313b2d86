import VectorMath

/// Exact nearest-centre search for sparse vectors through an inverted index of the centres.
///
/// A keyword's dot product with a centre is non-zero only if they share a feature, so its
/// similarities with all `k` centres come from the posting lists of its ~35 features: the cost
/// is the length of those lists, not `k × d`. Centres are truncated to the largest features
/// holding most of their length (``KMeansModel/centreMass``), which keeps the index small.
///
/// Frequent features (`best`, `in`, a city, their n-grams) sit in nearly every centre, with
/// small weights. The search skips their lists once they cannot matter, after the "max-score"
/// method of text retrieval: a feature `f` adds at most `x_f × maxWeight(f)` to any centre.
/// Lists are walked from the largest such bound down; after each, the best partial score's
/// centre is scored exactly. Once the bounds of the lists left add up to less than the best
/// exact score, no centre reached by none of the walked lists can win, and each centre that
/// was reached needs an exact score only if its partial score plus that remainder could win.
///
/// The answer is the exact arg-max (ties: lowest id), and its similarity is the dot product
/// accumulated over the keyword's features in ascending order, exactly as `SparseVector.dot`:
/// bit-identical to a brute-force computation. Centres sharing no feature with the keyword are
/// at similarity 0. (Negative weights void the bounds: such vectors get a full walk.)
///
/// Measured on 1M synthetic keywords (k = 5,000, centres of 64 features): walking every list
/// cost ~25 µs a keyword, as frequent features' lists hold every centre.
struct SparseCentroidIndex: Sendable {
    let centres: [SparseVector]
    let postings: SparsePostings

    var clusterCount: Int { centres.count }

    /// - Complexity: O(non-zeros of the centres + largest feature)
    init(centres: [SparseVector]) {
        self.centres = centres
        postings = SparsePostings(centres)
    }

    /// Reusable per-thread buffers: a score per centre and a stamp telling whether the score
    /// belongs to the current keyword, the centres reached (the first `reachedCount` of
    /// `reached`), and the keyword's features in walking order.
    struct Scratch {
        var scores: [Float]
        var stamps: [UInt32]
        var reached: [Int32]
        var reachedCount = 0
        var stamp: UInt32 = 0
        var order: [(bound: Double, position: Int, postings: Int)] = []
        /// Centres scored exactly for the current keyword.
        var scored: [Int32] = []
        /// The reached centre with the best partial score so far (ties: lowest id), or -1.
        var leader: Int32 = -1
        var leaderScore: Float = -.infinity
        var query = QueryTable()

        init(clusterCount: Int) {
            scores = [Float](repeating: 0, count: clusterCount)
            stamps = [UInt32](repeating: 0, count: clusterCount)
            reached = [Int32](repeating: 0, count: clusterCount)
        }

        /// The centres reached for the current keyword, in the order first reached.
        var touched: ArraySlice<Int32> { reached[..<reachedCount] }

        mutating func nextStamp() -> UInt32 {
            stamp &+= 1
            if stamp == 0 {
                for c in stamps.indices { stamps[c] = 0 }
                stamp = 1
            }
            reachedCount = 0
            leader = -1
            leaderScore = -.infinity
            return stamp
        }
    }

    /// The nearest centre of each vector among `centres`, which may differ from the centres
    /// this index was built over in the clusters listed in `stale` (changed or appended since).
    /// - Complexity: as ``SparseCentroidSearch/nearest(_:scratch:)`` per vector, divided among
    ///   the cores, plus O(non-zeros of the stale centres + k).
    func nearest(_ vectors: [SparseVector], centres current: [SparseVector], stale: [Int]) -> [ClusterAssignment] {
        let search = SparseCentroidSearch(index: self, centres: current, stale: stale)
        var result = [ClusterAssignment](repeating: ClusterAssignment(cluster: 0, similarity: 0), count: vectors.count)
        result.withUnsafeMutableBufferPointer { buffer in
            let output = SharedOutput(buffer)
            forEachChunk(count: vectors.count, chunkSize: 256) { _, range in
                var scratch = Scratch(clusterCount: search.clusterCount)
                for i in range { output[i] = search.nearest(vectors[i], scratch: &scratch) }
            }
        }
        return result
    }
}

/// One nearest-centre search over the current centres: the ``SparseCentroidIndex`` as built,
/// with its stale clusters masked out, plus an overlay index over the stale ones. So a model
/// need not rebuild its index after every mini-batch that moves a few centres.
struct SparseCentroidSearch: Sendable {
    typealias Scratch = SparseCentroidIndex.Scratch

    let index: SparseCentroidIndex
    /// The current centres (equal to the index's for clusters that are not stale).
    let centres: [SparseVector]
    let clusterCount: Int
    /// Per cluster, whether the index's entry is out of date (empty when none is).
    let isStale: [Bool]
    /// An index over the stale centres (`nil` when none); its ids are positions in `staleIds`.
    let overlay: SparsePostings?
    let staleIds: [Int32]

    init(index: SparseCentroidIndex, centres: [SparseVector], stale: [Int]) {
        self.index = index
        self.centres = centres
        clusterCount = centres.count
        precondition(index.clusterCount <= clusterCount, "the index has more clusters than the model")
        if stale.isEmpty {
            isStale = []
            overlay = nil
            staleIds = []
        } else {
            var isStale = [Bool](repeating: false, count: clusterCount)
            for j in stale { isStale[j] = true }
            self.isStale = isStale
            staleIds = stale.map(Int32.init)
            overlay = SparsePostings(stale.map { centres[$0] })
        }
    }

    /// Bounds are compared with this much slack so float rounding can never prune the winner.
    static let slack = 1e-4

    /// Once no unreached centre can win, lists of at most this many postings are still walked:
    /// they are cheap, and they tighten the bound that decides which reached centres need an
    /// exact score (measured, 1M keywords: 16 exact scores a keyword instead of 66).
    static let shortList = 256

    /// The nearest centre of `vector` (ties: lowest id) and its similarity.
    /// - Complexity: O(Σ lengths of the lists walked + c × limit) for c centres scored exactly;
    ///   O(Σ lengths of all the vector's lists) at worst.
    func nearest(_ vector: SparseVector, scratch: inout Scratch) -> ClusterAssignment {
        precondition(clusterCount > 0, "no clusters")
        let postings = index.postings
        let stamp = scratch.nextStamp()
        if postings.hasNegativeWeights || overlay?.hasNegativeWeights == true || vector.values.contains(where: { $0 < 0 }) {
            // No bound holds: walk everything, in ascending feature order (so the scores are exact).
            for position in vector.indices.indices { walk(vector, position, stamp: stamp, scratch: &scratch) }
            return lowestZeroCompetes(best(of: scratch), stamp: stamp, scratch: scratch)
        }

        // The features by the most they can add to a centre, largest first.
        scratch.order.removeAll(keepingCapacity: true)
        var rest: Double = 0
        for (position, (feature, value)) in zip(vector.indices, vector.values).enumerated() {
            var largest: Float = 0, count = 0
            if let list = postings.list(of: feature) {
                largest = list.maxWeight
                count = list.all.count
            }
            if let overlay, let list = overlay.list(of: feature) {
                largest = max(largest, list.maxWeight)
                count += list.all.count
            }
            if largest > 0, value > 0 {
                scratch.order.append((Double(value) * Double(largest), position, count))
                rest += Double(value) * Double(largest)
            }
        }
        scratch.order.sort { $0.bound > $1.bound || ($0.bound == $1.bound && $0.position < $1.position) }
        scratch.query.fill(vector)

        // Walk lists until those left cannot lift an unreached centre above the best exact score;
        // `rest` is what the lists not walked can add to any centre.
        var best = ClusterAssignment(cluster: -1, similarity: -.infinity)
        scratch.scored.removeAll(keepingCapacity: true)
        var stopped = false
        for entry in scratch.order {
            if !stopped, best.cluster >= 0, Self.loosened(rest) < Double(best.similarity) { stopped = true }
            if stopped, entry.postings > Self.shortList { continue }
            walk(vector, entry.position, stamp: stamp, scratch: &scratch)
            rest -= entry.bound
            let leader = scratch.leader
            if leader >= 0, !scratch.scored.contains(leader) {
                scratch.scored.append(leader)
                best = better(best, ClusterAssignment(cluster: leader, similarity: scratch.query.dot(centres[Int(leader)])))
            }
        }
        // Score exactly every reached centre that could still win.
        let bound = Self.loosened(max(rest, 0))
        for c in scratch.touched where Double(scratch.scores[Int(c)]) + bound >= Double(best.similarity) && !scratch.scored.contains(c) {
            best = better(best, ClusterAssignment(cluster: c, similarity: scratch.query.dot(centres[Int(c)])))
        }
        return lowestZeroCompetes(best, stamp: stamp, scratch: scratch)
    }

    /// Centres never reached score exactly 0: the lowest of them wins when nothing scored above 0.
    private func lowestZeroCompetes(_ best: ClusterAssignment, stamp: UInt32, scratch: Scratch) -> ClusterAssignment {
        guard scratch.touched.count < clusterCount, best.cluster < 0 || best.similarity <= 0 else { return best }
        var c = 0
        while scratch.stamps[c] == stamp { c += 1 }
        return better(best, ClusterAssignment(cluster: Int32(c), similarity: 0))
    }

    /// A bound made a little larger, so float rounding in the partial sums cannot prune the winner.
    @inline(__always)
    static func loosened(_ bound: Double) -> Double { bound * (1 + slack) + slack }

    /// The higher of two scored centres; ties: the lower id.
    @inline(__always)
    private func better(_ a: ClusterAssignment, _ b: ClusterAssignment) -> ClusterAssignment {
        if a.cluster < 0 { return b }
        return b.similarity > a.similarity || (b.similarity == a.similarity && b.cluster < a.cluster) ? b : a
    }

    /// The best of the accumulated scores (exact after a walk of every list, in ascending
    /// feature order).
    private func best(of scratch: Scratch) -> ClusterAssignment {
        var best = ClusterAssignment(cluster: -1, similarity: -.infinity)
        for c in scratch.touched { best = better(best, ClusterAssignment(cluster: c, similarity: scratch.scores[Int(c)])) }
        return best
    }

    /// Adds the keyword's feature at `position` to the score of every centre holding it: the
    /// main index (skipping stale centres) and the overlay.
    @inline(__always)
    private func walk(_ vector: SparseVector, _ position: Int, stamp: UInt32, scratch: inout Scratch) {
        let feature = vector.indices[position], value = vector.values[position]
        if let list = index.postings.list(of: feature) {
            accumulate(value, list.all, from: index.postings, stamp: stamp, scratch: &scratch, map: nil)
        }
        if let overlay, let list = overlay.list(of: feature) {
            accumulate(value, list.all, from: overlay, stamp: stamp, scratch: &scratch, map: staleIds)
        }
    }

    /// Adds `value × weight` for each posting in `range` to its centre's score, and follows the
    /// best partial score (which only grows: weights are not negative when it is used); `map`
    /// turns the overlay's positions into cluster ids. The main index skips stale centres.
    @inline(__always)
    private func accumulate(_ value: Float, _ range: Range<Int>, from postings: SparsePostings, stamp: UInt32,
                            scratch: inout Scratch, map: [Int32]?) {
        var leader = scratch.leader, leaderScore = scratch.leaderScore
        var reachedCount = scratch.reachedCount
        // This loop is most of the search's time: unchecked buffers, the reached centres in a
        // preallocated buffer, one loop per kind of list (main index, with stale centres, overlay).
        postings.ids.withUnsafeBufferPointer { ids in
            postings.weights.withUnsafeBufferPointer { weights in
                scratch.scores.withUnsafeMutableBufferPointer { scores in
                    scratch.stamps.withUnsafeMutableBufferPointer { stamps in
                        scratch.reached.withUnsafeMutableBufferPointer { reached in
                            @inline(__always) func add(_ c: Int, _ weight: Float) {
                                var score = value * weight
                                if stamps[c] != stamp {
                                    stamps[c] = stamp
                                    reached[reachedCount] = Int32(c)
                                    reachedCount += 1
                                } else {
                                    score += scores[c]
                                }
                                scores[c] = score
                                if score > leaderScore || (score == leaderScore && Int32(c) < leader) {
                                    leader = Int32(c)
                                    leaderScore = score
                                }
                            }
                            if let map {
                                map.withUnsafeBufferPointer { map in
                                    for p in range { add(Int(map[Int(ids[p])]), weights[p]) }
                                }
                            } else if !isStale.isEmpty {
                                isStale.withUnsafeBufferPointer { isStale in
                                    for p in range where !isStale[Int(ids[p])] { add(Int(ids[p]), weights[p]) }
                                }
                            } else {
                                for p in range { add(Int(ids[p]), weights[p]) }
                            }
                        }
                    }
                }
            }
        }
        scratch.leader = leader
        scratch.leaderScore = leaderScore
        scratch.reachedCount = reachedCount
    }
}

/// A keyword's features in a small open-addressing hash table, so its exact dot product with a
/// centre costs one probe per centre feature. The products are added in ascending feature order
/// (the centre's), exactly as `SparseVector.dot` adds them: the same bits.
struct QueryTable {
    private var keys: [UInt32] = []
    private var values: [Float] = []
    private var mask = 0
    private static let empty = UInt32.max
    /// Set when the keyword holds the feature used as the empty marker: `dot` then merges.
    private var vector = SparseVector.empty
    private var usesMerge = false

    /// Loads `vector`'s features.
    /// - Complexity: O(non-zeros)
    mutating func fill(_ vector: SparseVector) {
        var size = 16
        while size < 2 * vector.nonZeroCount { size *= 2 }
        if keys.count != size {
            keys = [UInt32](repeating: Self.empty, count: size)
            values = [Float](repeating: 0, count: size)
        } else {
            for i in keys.indices { keys[i] = Self.empty }
        }
        mask = size - 1
        self.vector = vector
        usesMerge = vector.indices.last == Self.empty
        guard !usesMerge else { return }
        for (feature, value) in zip(vector.indices, vector.values) {
            var slot = Self.slot(feature, mask)
            while keys[slot] != Self.empty { slot = (slot + 1) & mask }
            keys[slot] = feature
            values[slot] = value
        }
    }

    @inline(__always)
    private static func slot(_ feature: UInt32, _ mask: Int) -> Int {
        Int((feature &* 0x9E37_79B1) >> 7) & mask
    }

    /// The loaded keyword's dot product with `centre`.
    /// - Complexity: O(non-zeros of the centre)
    func dot(_ centre: SparseVector) -> Float {
        if usesMerge { return sortedDot(vector, centre) }
        var sum: Float = 0
        keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                for (feature, weight) in zip(centre.indices, centre.values) {
                    var slot = Self.slot(feature, mask)
                    while true {
                        let key = keys[slot]
                        if key == feature {
                            sum += values[slot] * weight
                            break
                        }
                        if key == Self.empty { break }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        return sum
    }
}
