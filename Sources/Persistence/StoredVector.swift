/// A keyword's unit vector as `keyword_vectors` holds it (the `encoding` column says which):
/// - `float32`: the floats themselves, little-endian (4 bytes per dimension; the exact vector);
/// - `int8`: one signed byte per dimension, the vector scaled so its largest component is ±127
///   and rounded (a quarter of the size). The per-vector scale is not stored: the vector had
///   unit length, so decoding scales the bytes back to unit length, `q / ‖q‖`, with an exact
///   integer sum of squares. Cosine to the float vector is above 0.9999 at 384 dimensions.
///
/// The dimension is the blob's length (float32: a quarter of it), whatever the model.
public enum StoredVector: Sendable, Equatable {
    case float32([Float])
    case int8([Int8])

    public enum Encoding: String, Sendable, Codable, CaseIterable {
        case float32, int8
    }

    /// `vector` in the compact encoding: each component × 127 / the largest magnitude, rounded
    /// half away from zero (a zero vector stays zero).
    /// - Complexity: O(dimension)
    public static func compact(_ vector: [Float]) -> StoredVector {
        var largest: Float = 0
        for value in vector { largest = max(largest, abs(value)) }
        guard largest > 0 else { return .int8([Int8](repeating: 0, count: vector.count)) }
        let scale = 127 / largest
        return .int8(vector.map { Int8(max(-127, min(127, ($0 * scale).rounded()))) })
    }

    /// `vector` stored as `encoding`.
    public static func encoded(_ vector: [Float], as encoding: Encoding) -> StoredVector {
        encoding == .int8 ? compact(vector) : .float32(vector)
    }

    public var encoding: Encoding {
        switch self {
        case .float32: .float32
        case .int8: .int8
        }
    }

    public var dimension: Int {
        switch self {
        case .float32(let values): values.count
        case .int8(let values): values.count
        }
    }

    /// The vector a run uses: the floats, or the bytes scaled to unit length.
    /// - Complexity: O(dimension)
    public var floats: [Float] {
        switch self {
        case .float32(let values):
            return values
        case .int8(let values):
            var result = [Float](repeating: 0, count: values.count)
            result.withUnsafeMutableBufferPointer { Self.decode(values, into: $0) }
            return result
        }
    }

    /// Writes `q / ‖q‖` into `output` (`q.count` floats; zeros for a zero vector).
    ///
    /// Inlinable so callers in other modules get it specialised for their collection type: the
    /// refinement decodes every row of a run once per pass (`CompactVectorRows`), and the
    /// unspecialised generic spent most of its time in run-time type metadata look-ups (a fifth
    /// of a 10k semantic bench's CPU time). The arithmetic, and so every bit, is the same.
    /// - Complexity: O(dimension)
    @inlinable
    public static func decode(_ q: some Collection<Int8>, into output: UnsafeMutableBufferPointer<Float>) {
        var squares = 0
        for value in q { squares += Int(value) * Int(value) }
        let inverse = squares == 0 ? 0 : Float(1 / Double(squares).squareRoot())
        for (index, value) in q.enumerated() { output[index] = Float(value) * inverse }
    }

    /// The blob's bytes.
    public var bytes: [UInt8] {
        switch self {
        case .float32(let values): values.withUnsafeBytes { Array($0) }
        case .int8(let values): values.map { UInt8(bitPattern: $0) }
        }
    }

    /// Reads a blob of `encoding`.
    public init(encoding: Encoding, bytes: [UInt8]) throws(StoreError) {
        switch encoding {
        case .int8:
            self = .int8(bytes.map { Int8(bitPattern: $0) })
        case .float32:
            guard bytes.count % 4 == 0 else {
                throw StoreError("a stored float32 vector has \(bytes.count) bytes, not a multiple of 4",
                                 hint: "the keyword_vectors table is damaged; delete its rows (they are computed again) and run `kwcluster resume`")
            }
            // An array's storage is aligned for Float.
            self = .float32(bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) })
        }
    }
}
