import VectorMath

/// Exact nearest-centre search for sparse vectors through an inverted index of the centres.
///
/// A keyword's dot product with a centre is non-zero only if they share a feature, so the
/// similarities with all `k` centres can be accumulated by walking the posting lists of the
/// keyword's ~10 features. Frequent features (stop-word-like n-grams) sit in nearly every
/// centre, though, and their lists cost O(k) each while adding little to most scores. So the
/// search works in two steps, after the "max-score" pruning of text retrieval:
///
/// 1. Each list longer than ``heavyLimit`` keeps its ``heavyLimit`` largest weights in a heavy
///    head (see ``SparsePostings``); only heads and short lists are walked. The centres reached
///    are the candidates, with a partial score. The light tails add at most
///    `U = Σ_f |x_f| · (largest light weight of f)` to any centre.
/// 2. Each candidate whose partial score plus `U` could still win is scored exactly (its full
///    dot product, by binary search in the centre), the best partial first. If the best exact
///    score beats `U`, which bounds every centre not reached, it is the answer; otherwise
///    (rare: keywords made of frequent features only) every list is walked in full.
///
/// Either way the answer is the exact arg-max (ties: lowest id), and the similarity is the dot
/// product accumulated over the keyword's features in ascending order, exactly as
/// `SparseVector.dot`: bit-identical to a brute-force computation. Centres sharing no feature
/// with the keyword are at similarity 0; the lowest such id competes when no score is above 0.
struct SparseCentroidIndex: Sendable {
    let centres: [SparseVector]
    let postings: SparsePostings

    var clusterCount: Int { centres.count }

    /// Heavy heads hold this many postings (a tuning constant: smaller heads give looser bounds).
    static let heavyLimit = 64

    /// Bounds are compared with this much slack so float rounding can never prune the winner.
    static let slack: Float = 1e-4

    /// - Complexity: O(non-zeros of the centres + largest feature), plus sorting the long lists.
    init(centres: [SparseVector]) {
        self.centres = centres
        postings = SparsePostings(centres, heavyLimit: Self.heavyLimit)
    }

    /// Reusable per-thread buffers: a score per centre and a stamp telling whether the score
    /// belongs to the current keyword.
    struct Scratch {
        var scores: [Float]
        var stamps: [UInt32]
        var touched: [Int32] = []
        var longSlots: [Int] = []
        var stamp: UInt32 = 0

        init(clusterCount: Int) {
            scores = [Float](repeating: 0, count: clusterCount)
            stamps = [UInt32](repeating: 0, count: clusterCount)
            touched.reserveCapacity(min(clusterCount, 4096))
        }

        mutating func nextStamp() -> UInt32 {
            stamp &+= 1
            if stamp == 0 {
                for c in stamps.indices { stamps[c] = 0 }
                stamp = 1
            }
            touched.removeAll(keepingCapacity: true)
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
            forEachChunk(count: vectors.count, chunkSize: 2048) { _, range in
                var scratch = Scratch(clusterCount: search.clusterCount)
                for i in range { output[i] = search.nearest(vectors[i], scratch: &scratch) }
            }
        }
        return result
    }
}

/// One nearest-centre search over the current centres: the ``SparseCentroidIndex`` as built,
/// with its stale clusters masked out, plus an overlay index (split into heads and tails the
/// same way) over the stale ones. So a model need not rebuild its index after every mini-batch
/// that moves a few centres.
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
            overlay = SparsePostings(stale.map { centres[$0] }, heavyLimit: SparseCentroidIndex.heavyLimit)
        }
    }

    /// The nearest centre of `vector` (ties: lowest id) and its similarity.
    /// - Complexity: O(Σ head lengths + c × nnz(x) × log nnz(centre)) for c candidates that
    ///   survive the bound, plus the overlay's lists; O(Σ list lengths + k) when pruning cannot
    ///   decide.
    func nearest(_ vector: SparseVector, scratch: inout Scratch) -> ClusterAssignment {
        precondition(clusterCount > 0, "no clusters")
        let postings = index.postings
        let stamp = scratch.nextStamp()
        var lightBound: Float = 0
        var hasLight = false
        for (feature, value) in zip(vector.indices, vector.values) {
            if let list = postings.list(of: feature) {
                accumulate(value, list.heavy, from: postings, stamp: stamp, scratch: &scratch)
                if list.hasLightTail {
                    lightBound += abs(value) * list.lightBound
                    hasLight = true
                }
            }
            if let overlay, let list = overlay.list(of: feature) {
                accumulateOverlay(value, list.heavy, from: overlay, stamp: stamp, scratch: &scratch)
                if list.hasLightTail {
                    lightBound += abs(value) * list.lightBound
                    hasLight = true
                }
            }
        }
        guard hasLight else { return best(stamp: stamp, scratch: &scratch) }

        // Score exactly the candidates that could still win, the best partial score first.
        let bound = lightBound * (1 + SparseCentroidIndex.slack) + SparseCentroidIndex.slack
        var best = ClusterAssignment(cluster: -1, similarity: -.infinity)
        var leader: Int32 = -1
        for c in scratch.touched where leader < 0 || scratch.scores[Int(c)] > scratch.scores[Int(leader)] { leader = c }
        if leader >= 0 { best = ClusterAssignment(cluster: leader, similarity: exactScore(leader, vector, scratch)) }
        for c in scratch.touched where c != leader && scratch.scores[Int(c)] + bound >= best.similarity {
            let score = exactScore(c, vector, scratch)
            if score > best.similarity || (score == best.similarity && c < best.cluster) {
                best = ClusterAssignment(cluster: c, similarity: score)
            }
        }
        if best.cluster >= 0, best.similarity > bound { return best }

        // Pruning cannot decide: walk every list in full.
        let full = scratch.nextStamp()
        for (feature, value) in zip(vector.indices, vector.values) {
            if let list = postings.list(of: feature) {
                accumulate(value, list.all, from: postings, stamp: full, scratch: &scratch)
            }
            if let overlay, let list = overlay.list(of: feature) {
                accumulateOverlay(value, list.all, from: overlay, stamp: full, scratch: &scratch)
            }
        }
        return self.best(stamp: full, scratch: &scratch)
    }

    @inline(__always)
    private func exactScore(_ c: Int32, _ vector: SparseVector, _ scratch: Scratch) -> Float {
        sortedDot(vector, centres[Int(c)])
    }

    /// Adds `value × weight` for each posting of the main index in `range` to its centre's
    /// score, skipping stale centres.
    @inline(__always)
    private func accumulate(_ value: Float, _ range: Range<Int>, from postings: SparsePostings, stamp: UInt32, scratch: inout Scratch) {
        let masked = !isStale.isEmpty
        postings.ids.withUnsafeBufferPointer { ids in
            postings.weights.withUnsafeBufferPointer { weights in
                scratch.scores.withUnsafeMutableBufferPointer { scores in
                    scratch.stamps.withUnsafeMutableBufferPointer { stamps in
                        for p in range {
                            let c = Int(ids[p])
                            if masked, isStale[c] { continue }
                            if stamps[c] != stamp {
                                stamps[c] = stamp
                                scores[c] = 0
                                scratch.touched.append(Int32(c))
                            }
                            scores[c] += value * weights[p]
                        }
                    }
                }
            }
        }
    }

    /// As `accumulate`, for the overlay, whose ids are positions in `staleIds`.
    private func accumulateOverlay(_ value: Float, _ range: Range<Int>, from overlay: SparsePostings, stamp: UInt32, scratch: inout Scratch) {
        for p in range {
            let c = Int(staleIds[Int(overlay.ids[p])])
            if scratch.stamps[c] != stamp {
                scratch.stamps[c] = stamp
                scratch.scores[c] = 0
                scratch.touched.append(Int32(c))
            }
            scratch.scores[c] += value * overlay.weights[p]
        }
    }

    /// The best of the accumulated scores, where untouched centres score 0.
    private func best(stamp: UInt32, scratch: inout Scratch) -> ClusterAssignment {
        var best = ClusterAssignment(cluster: -1, similarity: -.infinity)
        for c in scratch.touched {
            let score = scratch.scores[Int(c)]
            if score > best.similarity || (score == best.similarity && c < best.cluster) {
                best = ClusterAssignment(cluster: c, similarity: score)
            }
        }
        // Untouched centres score exactly 0: the lowest of them competes.
        if scratch.touched.count < clusterCount, best.similarity <= 0 {
            var c = 0
            while scratch.stamps[c] == stamp { c += 1 }
            if best.cluster < 0 || best.similarity < 0 || Int32(c) < best.cluster {
                best = ClusterAssignment(cluster: Int32(c), similarity: 0)
            }
        }
        return best
    }
}
