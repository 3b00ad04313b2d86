/// A sparse vector over a fixed, hashed feature space: `indices` strictly ascending,
/// `values[i]` the weight of feature `indices[i]`.
///
/// Lexical keyword vectors hold about 5-40 non-zeros out of 2^20 dimensions, so every
/// operation here costs the number of non-zeros, never the dimension.
public struct SparseVector: Sendable, Hashable, Codable {
    public var indices: [UInt32]
    public var values: [Float]

    public init(indices: [UInt32], values: [Float]) {
        precondition(indices.count == values.count, "indices and values differ in length")
        self.indices = indices
        self.values = values
    }

    public static let empty = SparseVector(indices: [], values: [])

    public var nonZeroCount: Int { indices.count }

    /// The Euclidean norm.
    /// - Complexity: O(non-zeros)
    public var norm: Float {
        var sum: Float = 0
        for value in values { sum += value * value }
        return sum.squareRoot()
    }

    /// This vector scaled to unit length; the empty vector stays empty.
    /// - Complexity: O(non-zeros)
    public func normalized() -> SparseVector {
        let length = norm
        guard length > 0 else { return .empty }
        return SparseVector(indices: indices, values: values.map { $0 / length })
    }

    /// The dot product with another sparse vector, by merging the two index lists.
    /// - Complexity: O(non-zeros of both)
    public func dot(_ other: SparseVector) -> Float {
        var i = 0, j = 0, sum: Float = 0
        while i < indices.count, j < other.indices.count {
            let a = indices[i], b = other.indices[j]
            if a == b {
                sum += values[i] * other.values[j]
                i += 1
                j += 1
            } else if a < b {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }
}
