import VectorMath

/// The two kinds of vectors k-means works on.
public enum VectorKind: Sendable, Equatable, Hashable {
    /// Sparse vectors over a hashed feature space (lexical TF-IDF); no fixed dimension is needed.
    case sparse
    /// Dense vectors of `dimension` floats (semantic embeddings).
    case dense(dimension: Int)
}

/// A batch of unit vectors, all of one kind.
///
/// Vectors are expected to have unit length (cosine similarity is then a dot product); a zero
/// vector is allowed and is at similarity 0 from every centre.
public enum VectorBatch: Sendable {
    /// Sparse vectors, one per point.
    case sparse([SparseVector])
    /// `count × dimension` floats, row-major: point `i` is `values[i * dimension ..< (i + 1) * dimension]`.
    case dense(values: [Float], dimension: Int)

    /// The number of points.
    public var count: Int {
        switch self {
        case .sparse(let vectors): vectors.count
        case .dense(let values, let dimension): dimension == 0 ? 0 : values.count / dimension
        }
    }

    public var isEmpty: Bool { count == 0 }

    /// The kind of the vectors.
    public var kind: VectorKind {
        switch self {
        case .sparse: .sparse
        case .dense(_, let dimension): .dense(dimension: dimension)
        }
    }

    /// The points at `indices`, in that order.
    /// - Complexity: O(size of the selected points)
    public func subset(_ indices: some Sequence<Int>) -> VectorBatch {
        switch self {
        case .sparse(let vectors):
            return .sparse(indices.map { vectors[$0] })
        case .dense(let values, let dimension):
            var selected: [Float] = []
            for index in indices {
                selected.append(contentsOf: values[index * dimension ..< (index + 1) * dimension])
            }
            return .dense(values: selected, dimension: dimension)
        }
    }

    func checkShape() {
        if case .dense(let values, let dimension) = self {
            precondition(dimension > 0, "dense dimension must be positive")
            precondition(values.count % dimension == 0, "dense values are not a whole number of rows")
        }
    }
}
