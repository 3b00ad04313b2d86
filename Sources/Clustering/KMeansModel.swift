import VectorMath

/// Spherical k-means clusters over unit vectors: per cluster, the exact sum of its members,
/// their count, and the centre (the sum's direction, a unit vector).
///
/// Similarity is cosine (a dot product of unit vectors) and distance is `1 − cosine`. A
/// cluster's id is its index; ids never change once given: clusters are only ever appended.
///
/// The model is a plain value: every operation is deterministic for the same inputs (and
/// generator state), however the work is split over threads, and ``serialized()`` round-trips
/// it exactly. See `Guides/KMeans.md`.
///
/// Invariant: a cluster with members has as centre the direction of its sum
/// (``SparseSum/direction(mass:)``, truncated to ``centreMass`` of its length);
/// a cluster without members (freshly appended, or emptied by ``refine(_:assignments:maxIterations:tolerance:)``),
/// or whose sum is zero, keeps the centre it was given or last had.
public struct KMeansModel: Sendable, Equatable {
    /// The kind of vectors this model clusters.
    public let vectorKind: VectorKind

    /// Sparse models: the share of its squared length a centre keeps in its largest features
    /// (see ``SparseSum/direction(mass:)``), or `nil` for exact centres. Part of the model's
    /// value: the same sums give the same centres.
    public let centreMass: Double?

    /// The number of members of each cluster, by id.
    public internal(set) var memberCounts: [Int] = []

    // Sparse state (empty for a dense model).
    var sparseSums: [SparseSum] = []
    var sparseCentres: [SparseVector] = []

    // Dense state (empty for a sparse model): `clusterCount × dimension`, row-major.
    var denseSums: [Double] = []
    var denseCentres: [Float] = []

    // A derived cache, not part of the model's value (ignored by `==` and serialisation): the
    // inverted index of the sparse centres as they were when it was built, and the clusters
    // whose centre changed (or that were appended) since. Searches mask those out of the index
    // and score them through a small overlay, so the index is rebuilt only when many changed.
    var centreIndex: SparseCentroidIndex?
    var staleClusters: Set<Int> = []
    /// Set while many updates come in a row with no search between them (a checkpoint replay):
    /// the index is dropped and rebuilt once by `buildSearchIndex()`.
    var indexDeferred = false

    /// A model with no clusters yet.
    /// - Parameter centreMass: sparse models: the share of its squared length a centre keeps
    ///   in its largest features, in (0, 1); nil (or 1) keeps every feature.
    public init(vectorKind: VectorKind, centreMass: Double? = nil) {
        if case .dense(let dimension) = vectorKind { precondition(dimension > 0, "dense dimension must be positive") }
        precondition(centreMass.map { $0 > 0 && $0 <= 1 } ?? true, "a centre must keep a share in (0, 1]")
        self.vectorKind = vectorKind
        self.centreMass = vectorKind == .sparse && (centreMass ?? 1) < 1 ? centreMass : nil
    }

    public static func == (lhs: KMeansModel, rhs: KMeansModel) -> Bool {
        lhs.vectorKind == rhs.vectorKind && lhs.centreMass == rhs.centreMass && lhs.memberCounts == rhs.memberCounts
            && lhs.sparseSums == rhs.sparseSums && lhs.sparseCentres == rhs.sparseCentres
            && lhs.denseSums == rhs.denseSums && lhs.denseCentres == rhs.denseCentres
    }

    /// Notes that the sparse centre of `cluster` changed.
    @inline(__always)
    mutating func markStale(_ cluster: Int) {
        if centreIndex != nil { staleClusters.insert(cluster) }
    }

    /// Rebuilds the sparse centre index when there is none, when `force` is set (after a Lloyd
    /// update, which is followed by a full assignment), or when too many clusters changed since
    /// (a mini-batch).
    /// - Complexity: O(non-zeros of the centres) when it rebuilds, O(1) otherwise.
    mutating func refreshCentreIndex(force: Bool = false) {
        guard vectorKind == .sparse, !indexDeferred else { return }
        if force && !staleClusters.isEmpty || centreIndex == nil || staleClusters.count > max(64, clusterCount / 8) {
            centreIndex = SparseCentroidIndex(centres: sparseCentres)
            staleClusters = []
        }
    }

    /// Drops the search index until `buildSearchIndex()`, for a run of `appendClusters` and
    /// `absorb` calls with no `assign` between them (replaying checkpoints): each would otherwise
    /// rebuild it. The model's value is unaffected; the index is a cache.
    public mutating func deferSearchIndex() {
        indexDeferred = true
        centreIndex = nil
        staleClusters = []
    }

    /// Builds the search index after `deferSearchIndex()`.
    /// - Complexity: O(non-zeros of the centres)
    public mutating func buildSearchIndex() {
        indexDeferred = false
        refreshCentreIndex(force: true)
    }

    /// The number of clusters; ids are `0 ..< clusterCount`.
    public var clusterCount: Int { memberCounts.count }

    /// The dense dimension, or 0 for a sparse model.
    var dimension: Int {
        if case .dense(let dimension) = vectorKind { return dimension }
        return 0
    }

    /// The centre of `cluster` as a sparse vector (sparse models only).
    /// - Complexity: O(1)
    public func sparseCentre(of cluster: Int32) -> SparseVector {
        precondition(vectorKind == .sparse, "not a sparse model")
        return sparseCentres[Int(cluster)]
    }

    /// The centre of `cluster` as `dimension` floats (dense models only).
    /// - Complexity: O(dimension)
    public func denseCentre(of cluster: Int32) -> [Float] {
        let d = dimension
        precondition(d > 0, "not a dense model")
        return Array(denseCentres[Int(cluster) * d ..< (Int(cluster) + 1) * d])
    }

    func checkCompatible(_ data: VectorBatch) {
        data.checkShape()
        precondition(data.kind == vectorKind, "vectors of kind \(data.kind) given to a \(vectorKind) model")
    }

    // MARK: Growing

    /// Appends one cluster per index, whose centre is `data`'s vector at that index and which
    /// has no members yet (absorb or refine gives it members). Existing ids never change.
    ///
    /// - Returns: the new ids, `clusterCount ..< clusterCount + indices.count` before the call.
    /// - Complexity: O(size of the selected vectors)
    @discardableResult
    public mutating func appendClusters(seededBy data: VectorBatch, indices: [Int]) -> Range<Int32> {
        checkCompatible(data)
        let first = Int32(clusterCount)
        switch data {
        case .sparse(let vectors):
            for index in indices {
                markStale(sparseCentres.count)
                sparseCentres.append(vectors[index])
                sparseSums.append(.zero)
                memberCounts.append(0)
            }
        case .dense(let values, let d):
            for index in indices {
                denseCentres.append(contentsOf: values[index * d ..< (index + 1) * d])
                denseSums.append(contentsOf: repeatElement(0, count: d))
                memberCounts.append(0)
            }
        }
        refreshCentreIndex()
        return first ..< Int32(clusterCount)
    }

    /// Mini-batch update: adds each vector to the running sum and count of its cluster, then
    /// points each touched cluster's centre at its new sum. The centre is thus the exact mean
    /// direction of every member ever absorbed (no learning rate), and absorbing a batch at once
    /// or in pieces, with a serialisation round trip in between or not, gives the same model.
    ///
    /// - Parameter clusters: one cluster id per vector of `data`.
    /// - Complexity: sparse: O(m log m + Σ s) for m non-zeros in `data` and s non-zeros of the
    ///   touched clusters' sums; dense: O((n + touched clusters) × dimension).
    public mutating func absorb(_ data: VectorBatch, into clusters: [Int32]) {
        checkCompatible(data)
        precondition(clusters.count == data.count, "one cluster id per vector is needed")
        let groups = ClusterMembers(labels: clusters, clusterCount: clusterCount)
        let touched = (0 ..< clusterCount).filter { groups.offsets[$0] < groups.offsets[$0 + 1] }
        for cluster in touched { memberCounts[cluster] += groups.of(cluster).count }
        switch data {
        case .sparse(let vectors):
            // Each touched cluster's new sum and centre, computed on all cores, applied in order.
            let sums = sparseSums, mass = centreMass
            let updates = mapChunks(count: touched.count, chunkSize: 32) { range in
                range.map { position -> (SparseSum, SparseVector?) in
                    let cluster = touched[position]
                    let sum = sums[cluster].adding(groups.of(cluster).lazy.map { vectors[$0] })
                    return (sum, sum.direction(mass: mass))
                }
            }
            for (cluster, (sum, centre)) in zip(touched, updates.joined()) {
                sparseSums[cluster] = sum
                if let centre {
                    sparseCentres[cluster] = centre
                    markStale(cluster)
                }
            }
        case .dense(let values, let d):
            for cluster in touched {
                addDense(values: values, dimension: d, members: groups.of(cluster), to: cluster)
                _ = updateDenseCentre(cluster)
            }
        }
        refreshCentreIndex()
    }

    /// Adds the dense rows `members` to the sum of `cluster`.
    /// - Complexity: O(members × dimension)
    mutating func addDense(values: [Float], dimension d: Int, members: ArraySlice<Int>, to cluster: Int) {
        values.withUnsafeBufferPointer { rows in
            denseSums.withUnsafeMutableBufferPointer { sums in
                let sum = UnsafeMutableBufferPointer(rebasing: sums[cluster * d ..< (cluster + 1) * d])
                for point in members {
                    DenseSum.add(UnsafeBufferPointer(rebasing: rows[point * d ..< (point + 1) * d]), to: sum)
                }
            }
        }
    }

    /// Points the centre of `cluster` at its sum; keeps it when the sum is zero.
    /// - Returns: whether the centre was rewritten.
    /// - Complexity: O(dimension)
    @discardableResult
    mutating func updateDenseCentre(_ cluster: Int) -> Bool {
        let d = dimension
        return denseSums.withUnsafeBufferPointer { sums in
            denseCentres.withUnsafeMutableBufferPointer { centres in
                DenseSum.writeDirection(
                    of: UnsafeBufferPointer(rebasing: sums[cluster * d ..< (cluster + 1) * d]),
                    to: UnsafeMutableBufferPointer(rebasing: centres[cluster * d ..< (cluster + 1) * d]))
            }
        }
    }
}
