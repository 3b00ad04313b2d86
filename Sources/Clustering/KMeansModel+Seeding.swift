import VectorMath

extension KMeansModel {
    /// Greedy k-means++: chooses `count` points of `data` as new centres, each drawn with
    /// probability proportional to its distance (`1 − cosine`, that is half the squared
    /// Euclidean distance of unit vectors) to the nearest existing or already chosen centre.
    /// For each new centre, `trials` candidates are drawn and the one that lowers the total
    /// distance most is kept (scikit-learn's greedy variant). With no existing cluster, the
    /// first centre is drawn uniformly.
    ///
    /// Returns fewer than `count` indices when every point of `data` already coincides with a
    /// centre (all distances zero). Chosen indices are distinct.
    ///
    /// - Parameters:
    ///   - trials: candidates per new centre; `nil` for `2 + Int(log(clusterCount + count))`.
    ///   - generator: the random stream, advanced.
    /// - Returns: indices into `data`, in the order chosen.
    /// - Complexity: sparse: O(count × trials × (P + log n)), P the postings a candidate's
    ///   features reach in an inverted index of the points (points sharing a feature), plus
    ///   one ``assign(_:)`` when the model has clusters; dense: O(count × trials × n × dimension).
    ///   Sparse seeding keeps up to 64 MB of recent candidates' overlaps, as most are drawn again.
    public func chooseNewSeeds(
        from data: VectorBatch, count: Int, trials: Int? = nil, generator: inout SeededGenerator
    ) -> [Int] {
        chooseNewSeeds(from: data, count: count, trials: trials, overlapMemory: SparseSeeding.overlapMemory, generator: &generator)
    }

    /// ``chooseNewSeeds(from:count:trials:generator:)`` keeping at most `overlapMemory` bytes of
    /// candidates' overlaps for their next draw, and dropping from them the points they can no
    /// longer bring closer when `dropsSettled` (sparse data; the result depends on neither).
    func chooseNewSeeds(
        from data: VectorBatch, count: Int, trials: Int?, overlapMemory: Int, dropsSettled: Bool = true,
        generator: inout SeededGenerator
    ) -> [Int] {
        checkCompatible(data)
        let n = data.count
        guard count > 0, n > 0 else { return [] }
        let trials = KMeansParameters.seedingTrials(trials, for: clusterCount + count)
        let distances: [Double]? = clusterCount == 0 ? nil : assign(data).map { Double(max(0, 1 - $0.similarity)) }
        switch data {
        case .sparse(let vectors):
            var seeding = SparseSeeding(vectors: vectors, distances: distances)
            return seeding.choose(count: count, trials: trials, overlapMemory: overlapMemory, dropsSettled: dropsSettled,
                                  generator: &generator)
        case .dense(let values, let d):
            var seeding = DenseSeeding(values: values, dimension: d, distances: distances)
            return seeding.choose(count: count, trials: trials, generator: &generator)
        }
    }
}

/// Draws up to `trials` candidates with probability proportional to the weights of `tree`.
private func drawCandidates(_ tree: SumTree, trials: Int, generator: inout SeededGenerator) -> [Int] {
    (0 ..< trials).map { _ in tree.sample(generator.nextUnitInterval() * tree.total) }
}

/// Greedy k-means++ over sparse points.
///
/// A candidate's distances to the points are 1 for every point it shares no feature with, so
/// only the points in its features' posting lists (an inverted index of the points) are
/// visited: the candidate's potential is `Σᵢ min(Dᵢ, 1)` (kept up to date) corrected on those
/// points. Current distances Dᵢ sit in a ``SumTree`` for O(log n) sampling and updates.
///
/// One approximation keeps the cost independent of n: for a feature held by more than
/// ``heavyLimit`` points (a stop-word-like feature), only its ``heavyLimit`` largest weights are
/// used, as if the others were zero. Those shared features move a distance by at most their
/// small weight product, and the seeding is a randomised heuristic anyway; Lloyd, assignment
/// and the sums are always exact.
private struct SparseSeeding {
    static let heavyLimit = 256

    let vectors: [SparseVector]
    let postings: SparsePostings
    var distances: [Double]
    var tree: SumTree
    /// Points whose distance exceeds 1 (only possible with negative weights, or before the
    /// first centre): Σ min(Dᵢ, 1) = total − Σ over these of (Dᵢ − 1).
    var beyondOne: [Int]
    var hasCentre: Bool

    init(vectors: [SparseVector], distances: [Double]?) {
        self.vectors = vectors
        postings = SparsePostings(vectors, heavyLimit: Self.heavyLimit)
        hasCentre = distances != nil
        let start = distances ?? [Double](repeating: 0, count: vectors.count)
        self.distances = start
        tree = SumTree(start)
        beyondOne = start.indices.filter { start[$0] > 1 }
    }

    /// The points sharing a feature with `candidate` and their similarities to it, in the order
    /// first reached.
    func overlap(_ candidate: Int, scratch: inout OverlapScratch) -> Overlap {
        let vector = vectors[candidate]
        let stamp = scratch.nextStamp()
        var reached = 0
        // Unchecked buffers: this scatter-add is most of the seeding's time.
        scratch.scores.withUnsafeMutableBufferPointer { scores in
            scratch.stamps.withUnsafeMutableBufferPointer { stamps in
                scratch.touched.withUnsafeMutableBufferPointer { touched in
                    postings.ids.withUnsafeBufferPointer { ids in
                        postings.weights.withUnsafeBufferPointer { weights in
                            for (feature, value) in zip(vector.indices, vector.values) {
                                guard let list = postings.list(of: feature) else { continue }
                                for p in list.heavy {
                                    let point = Int(ids[p])
                                    if stamps[point] != stamp {
                                        stamps[point] = stamp
                                        scores[point] = 0
                                        touched[reached] = Int32(point)
                                        reached += 1
                                    }
                                    scores[point] += value * weights[p]
                                }
                            }
                        }
                    }
                }
            }
        }
        let points = Array(scratch.touched[..<reached])
        let similarities = scratch.scores.withUnsafeBufferPointer { scores in points.map { scores[Int($0)] } }
        return Overlap(points: points, similarities: similarities)
    }

    /// Reusable buffers of ``overlap(_:scratch:)``: a score per point, a stamp telling whether it
    /// belongs to the current candidate, and the points reached.
    struct OverlapScratch {
        var scores: [Float]
        var stamps: [UInt32]
        var touched: [Int32]
        var stamp: UInt32 = 0

        init(count: Int) {
            scores = [Float](repeating: 0, count: count)
            stamps = [UInt32](repeating: 0, count: count)
            touched = [Int32](repeating: 0, count: count)
        }

        mutating func nextStamp() -> UInt32 {
            stamp &+= 1
            if stamp == 0 {
                for i in stamps.indices { stamps[i] = 0 }
                stamp = 1
            }
            return stamp
        }
    }

    /// - Parameter dropsSettled: drop from each kept overlap the points it can no longer bring
    ///   closer (see ``Overlap/potential(from:distances:dropsSettled:)``); the seeds are the same
    ///   either way (tests compare).
    mutating func choose(count: Int, trials: Int, overlapMemory: Int, dropsSettled: Bool,
                         generator: inout SeededGenerator) -> [Int] {
        let n = vectors.count
        var chosen: [Int] = []
        var scratch = OverlapScratch(count: n)
        if !hasCentre {
            let first = generator.nextIndex(below: n)
            apply(first, overlap: overlap(first, scratch: &scratch), everywhere: true)
            chosen.append(first)
            hasCentre = true
        }
        var recent = RecentOverlaps(byteLimit: overlapMemory)
        while chosen.count < count, tree.total > 0 {
            var sumBelowOne = tree.total
            for point in beyondOne { sumBelowOne -= distances[point] - 1 }
            var best: (index: Int, potential: Double, overlap: Overlap)?
            for candidate in drawCandidates(tree, trials: trials, generator: &generator) {
                var near = recent.take(candidate) ?? overlap(candidate, scratch: &scratch)
                let potential = near.potential(from: sumBelowOne, distances: distances, dropsSettled: dropsSettled)
                recent.keep(candidate, near)
                if best == nil || potential < best!.potential {
                    best = (candidate, potential, near)
                }
            }
            apply(best!.index, overlap: best!.overlap, everywhere: false)
            chosen.append(best!.index)
            recent.forget(best!.index)
        }
        return chosen
    }

    /// Memory for candidates' overlaps kept for their next draw: 64 MB holds most of them for a
    /// first batch of 10,000 keywords (its seeding 0.75 s -> ~0.3 s; all of them: 81 MB).
    static let overlapMemory = 64 << 20

    /// Lowers the distances to account for a new centre at `index`.
    mutating func apply(_ index: Int, overlap near: Overlap, everywhere: Bool) {
        if everywhere {
            // The first centre: every point starts at distance 1 from it, unless it shares features.
            for i in distances.indices { distances[i] = 1 }
            for (point, similarity) in zip(near.points, near.similarities) { distances[Int(point)] = Overlap.distance(similarity) }
            distances[index] = 0
            tree = SumTree(distances)
            beyondOne = near.points.map(Int.init).filter { distances[$0] > 1 }
            return
        }
        for (point, similarity) in zip(near.points, near.similarities) {
            let distance = Overlap.distance(similarity)
            let i = Int(point)
            if distance < distances[i] {
                distances[i] = distance
                tree.update(i, to: distance)
            }
        }
        if distances[index] != 0 {
            distances[index] = 0
            tree.update(index, to: 0)
        }
        guard !beyondOne.isEmpty else { return }
        // Points sharing no feature with the new centre are now at most 1 away from it.
        let shared = Set(near.points.lazy.map(Int.init))
        var still: [Int] = []
        for i in beyondOne {
            if distances[i] > 1, !shared.contains(i) {
                distances[i] = 1
                tree.update(i, to: 1)
            }
            if distances[i] > 1 { still.append(i) }
        }
        beyondOne = still
    }
}

/// The points a candidate shares a feature with, and their cosine similarities to it.
private struct Overlap {
    var points: [Int32]
    var similarities: [Float]

    /// The k-means++ distance for a similarity: `1 − cosine`, never negative.
    @inline(__always)
    static func distance(_ similarity: Float) -> Double { max(0, 1 - Double(similarity)) }

    /// The potential Σᵢ min(Dᵢ, dᵢ) were the candidate chosen, from `sumBelowOne` = Σᵢ min(Dᵢ, 1)
    /// (dᵢ = 1 for every point outside the overlap), corrected on the overlap's points in order.
    ///
    /// A point whose current distance Dᵢ is at most 1 and at most its distance dᵢ to the candidate
    /// adds exactly 0, and always will: distances only shrink. With `dropsSettled`, such points
    /// are dropped from the overlap as they are met, so a candidate drawn again and again (most
    /// are) costs less each time; the sum is the same to the bit, as only zeros are left out.
    mutating func potential(from sumBelowOne: Double, distances: [Double], dropsSettled: Bool) -> Double {
        var potential = sumBelowOne
        var kept = 0
        distances.withUnsafeBufferPointer { distances in
            points.withUnsafeMutableBufferPointer { points in
                similarities.withUnsafeMutableBufferPointer { similarities in
                    for index in points.indices {
                        let point = points[index], similarity = similarities[index]
                        let distance = Self.distance(similarity)
                        let current = distances[Int(point)]
                        potential += min(current, distance) - min(current, 1)
                        if !dropsSettled || current > distance || current > 1 {
                            points[kept] = point
                            similarities[kept] = similarity
                            kept += 1
                        }
                    }
                }
            }
        }
        if kept < points.count {
            points.removeLast(points.count - kept)
            similarities.removeLast(similarities.count - kept)
            // Give back the memory once most of it is unused (`Array(points)` would keep the
            // buffer: a copy through a buffer pointer allocates only what is left).
            if kept < points.capacity / 2 {
                points = points.withUnsafeBufferPointer { Array($0) }
                similarities = similarities.withUnsafeBufferPointer { Array($0) }
            }
        }
        return potential
    }
}

/// The overlaps of the candidates drawn most recently, up to a memory limit, oldest dropped
/// first. A candidate's overlap (the points it shares a feature with, and their similarities to it)
/// never changes, and most candidates are drawn again before they are chosen or left behind
/// (10,000 keywords, 4,323 centres: 43,220 draws of 9,760 distinct points), so keeping them
/// saves most of the seeding's work without changing its result.
private struct RecentOverlaps {
    let byteLimit: Int
    /// Each kept overlap with the number it was kept under.
    private var kept: [Int: (overlap: Overlap, number: Int)] = [:]
    /// (candidate, number) in the order kept; `head` is the oldest still listed. An entry whose
    /// number differs from the kept one is stale (the candidate was dropped and kept again).
    private var order: [(candidate: Int, number: Int)] = []
    private var head = 0
    private var bytes = 0

    init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// Takes `candidate`'s overlap out (to be changed and kept again).
    mutating func take(_ candidate: Int) -> Overlap? {
        guard let entry = kept.removeValue(forKey: candidate) else { return nil }
        bytes -= Self.size(entry.overlap)
        return entry.overlap
    }

    private static func size(_ overlap: Overlap) -> Int { (overlap.points.capacity + overlap.similarities.capacity) * 4 + 64 }

    /// Keeps `overlap` for `candidate` (if not kept already), dropping the oldest to stay in the limit.
    mutating func keep(_ candidate: Int, _ overlap: Overlap) {
        guard kept[candidate] == nil else { return }
        let size = Self.size(overlap)
        guard size <= byteLimit else { return }
        kept[candidate] = (overlap, order.count)
        order.append((candidate, order.count))
        bytes += size
        while bytes > byteLimit, head < order.count {
            let oldest = order[head]
            if kept[oldest.candidate]?.number == oldest.number { forget(oldest.candidate) }
            head += 1
        }
    }

    /// Drops `candidate`'s overlap (a chosen centre is never drawn again).
    mutating func forget(_ candidate: Int) {
        if let entry = kept.removeValue(forKey: candidate) { bytes -= Self.size(entry.overlap) }
    }
}

/// Greedy k-means++ over dense rows: the candidates' similarities with all points come from
/// one SGEMM per fixed chunk of points; per-chunk potentials are added in chunk order.
private struct DenseSeeding {
    let values: [Float]
    let dimension: Int
    var distances: [Double]
    var hasCentre: Bool

    init(values: [Float], dimension: Int, distances: [Double]?) {
        self.values = values
        self.dimension = dimension
        hasCentre = distances != nil
        self.distances = distances ?? []
    }

    var count: Int { values.count / dimension }

    /// Distances of every point to each candidate: `candidates.count` arrays of n.
    func distances(to candidates: [Int]) -> [[Double]] {
        let d = dimension, m = candidates.count, n = count
        var rows: [Float] = []
        for c in candidates { rows.append(contentsOf: values[c * d ..< (c + 1) * d]) }
        let packed = PackedMatrix(rows, rows: m, depth: d)
        var result = [[Double]](repeating: [], count: m)
        let chunks = mapChunks(count: n, chunkSize: 512) { range -> [Float] in
            var s = [Float](repeating: 0, count: range.count * m)
            values.withUnsafeBufferPointer { all in
                s.withUnsafeMutableBufferPointer { out in
                    multiplyTransposed(
                        UnsafeBufferPointer(rebasing: all[range.lowerBound * d ..< range.upperBound * d]),
                        rows: range.count, packed, into: out, parallel: false)
                }
            }
            return s
        }
        for t in 0 ..< m {
            var column: [Double] = []
            column.reserveCapacity(n)
            for chunk in chunks {
                let rowsInChunk = chunk.count / m
                for r in 0 ..< rowsInChunk { column.append(max(0, 1 - Double(chunk[r * m + t]))) }
            }
            result[t] = column
        }
        return result
    }

    mutating func choose(count wanted: Int, trials: Int, generator: inout SeededGenerator) -> [Int] {
        var chosen: [Int] = []
        if !hasCentre {
            let first = generator.nextIndex(below: count)
            distances = self.distances(to: [first])[0]
            distances[first] = 0
            chosen.append(first)
            hasCentre = true
        }
        var tree = SumTree(distances)
        while chosen.count < wanted, tree.total > 0 {
            let candidates = drawCandidates(tree, trials: trials, generator: &generator)
            let candidateDistances = self.distances(to: candidates)
            var bestTrial = 0
            var bestPotential = Double.infinity
            for (t, column) in candidateDistances.enumerated() {
                var potential: Double = 0
                for i in 0 ..< count { potential += min(distances[i], column[i]) }
                if potential < bestPotential {
                    bestPotential = potential
                    bestTrial = t
                }
            }
            let column = candidateDistances[bestTrial]
            for i in 0 ..< count where column[i] < distances[i] { distances[i] = column[i] }
            distances[candidates[bestTrial]] = 0
            tree = SumTree(distances)
            chosen.append(candidates[bestTrial])
        }
        return chosen
    }
}
