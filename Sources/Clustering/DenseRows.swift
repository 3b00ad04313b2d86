/// Dense unit vectors kept somewhere compact (int8 in memory, say) and expanded to floats a
/// range of rows at a time, so a pass over a million of them never holds them all as floats.
public protocol DenseRows: Sendable {
    /// The number of rows.
    var count: Int { get }
    /// Floats per row.
    var dimension: Int { get }
    /// Rows `range` as `range.count × dimension` floats, row-major. The same range always gives
    /// the same floats.
    func floats(_ range: Range<Int>) -> [Float]
}

/// Rows already held as floats: a ``VectorBatch/dense(values:dimension:)`` seen through ``DenseRows``.
public struct FloatRows: DenseRows {
    public let values: [Float]
    public let dimension: Int

    public init(values: [Float], dimension: Int) {
        precondition(dimension > 0 && values.count % dimension == 0, "not a whole number of rows")
        self.values = values
        self.dimension = dimension
    }

    public var count: Int { values.count / dimension }

    public func floats(_ range: Range<Int>) -> [Float] {
        Array(values[range.lowerBound * dimension ..< range.upperBound * dimension])
    }
}
