import VectorMath

/// Why ``KMeansModel/init(serialized:)`` rejected its bytes.
public enum KMeansModelDecodingError: Error, Sendable, Equatable {
    case badMagic
    case unsupportedVersion(UInt8)
    case truncated
    case invalid(String)
}

extension KMeansModel {
    static let magic: [UInt8] = Array("KMM".utf8)
    static let formatVersion: UInt8 = 2

    /// An exact, compact binary form of the model; ``init(serialized:)`` reads it back into an
    /// equal model (every sum, count and centre bit-identical).
    ///
    /// Layout (all integers and floats little-endian):
    /// ```
    /// "KMM" version:u8(=2) kind:u8(0 sparse, 1 dense) dimension:u32 clusterCount:u32
    ///       centreMass:f64 (0: none; absent in version 1, which had none)
    /// per cluster:
    ///   memberCount:u64 flags:u8 (bit 0: the centre is stored, not derived from the sum)
    ///   sparse: nnz:u32, nnz × index:u32, nnz × sum:f64  [centre: nnz:u32, indices u32, values f32]
    ///   dense:  dimension × sum:f64                       [centre: dimension × f32]
    /// ```
    /// A centre is stored only when it is not the direction of the sum (a cluster without
    /// members keeps its seed or previous centre); otherwise it is recomputed on reading, by
    /// the same code, so the bits match.
    ///
    /// - Complexity: O(non-zeros of the sums + stored centres) sparse, O(k × dimension) dense.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.append(contentsOf: Self.magic)
        writer.append(Self.formatVersion)
        writer.append(UInt8(vectorKind == .sparse ? 0 : 1))
        writer.append(UInt32(dimension))
        writer.append(UInt32(clusterCount))
        writer.append((centreMass ?? 0).bitPattern)
        let d = dimension
        for j in 0 ..< clusterCount {
            writer.append(UInt64(memberCounts[j]))
            switch vectorKind {
            case .sparse:
                let sum = sparseSums[j], centre = sparseCentres[j]
                let stored = !sameBits(sum.direction(mass: centreMass), centre)
                writer.append(UInt8(stored ? 1 : 0))
                writer.append(UInt32(sum.nonZeroCount))
                writer.append(contentsOf: sum.indices)
                writer.append(contentsOf: sum.values.map(\.bitPattern))
                if stored {
                    writer.append(UInt32(centre.nonZeroCount))
                    writer.append(contentsOf: centre.indices)
                    writer.append(contentsOf: centre.values.map(\.bitPattern))
                }
            case .dense:
                let sum = denseSums[j * d ..< (j + 1) * d]
                let centre = denseCentres[j * d ..< (j + 1) * d]
                var derived = [Float](repeating: 0, count: d)
                let hasDirection = sum.withUnsafeBufferPointer { s in
                    derived.withUnsafeMutableBufferPointer { DenseSum.writeDirection(of: s, to: $0) }
                }
                let stored = !hasDirection || !zip(derived, centre).allSatisfy { $0.bitPattern == $1.bitPattern }
                writer.append(UInt8(stored ? 1 : 0))
                writer.append(contentsOf: sum.map(\.bitPattern))
                if stored { writer.append(contentsOf: centre.map(\.bitPattern)) }
            }
        }
        return writer.bytes
    }

    /// Reads a model written by ``serialized()``.
    /// - Throws: ``KMeansModelDecodingError`` when the bytes are not such a model.
    /// - Complexity: O(bytes)
    public init(serialized bytes: [UInt8]) throws {
        var reader = ByteReader(bytes: bytes)
        guard Array(try reader.bytes(Self.magic.count)) == Self.magic else { throw KMeansModelDecodingError.badMagic }
        let version: UInt8 = try reader.read()
        guard version == 1 || version == Self.formatVersion else { throw KMeansModelDecodingError.unsupportedVersion(version) }
        let kind: UInt8 = try reader.read()
        let d = Int(try reader.read() as UInt32)
        let k = Int(try reader.read() as UInt32)
        let mass = version >= 2 ? Double(bitPattern: try reader.read() as UInt64) : 0
        guard mass >= 0, mass <= 1 else { throw KMeansModelDecodingError.invalid("centre mass \(mass)") }
        switch kind {
        case 0:
            guard d == 0 else { throw KMeansModelDecodingError.invalid("sparse model with a dimension") }
            self.init(vectorKind: .sparse, centreMass: mass > 0 ? mass : nil)
        case 1:
            guard d > 0, mass == 0 else { throw KMeansModelDecodingError.invalid("dense model without a dimension, or with a centre limit") }
            self.init(vectorKind: .dense(dimension: d))
        default:
            throw KMeansModelDecodingError.invalid("unknown vector kind \(kind)")
        }
        for _ in 0 ..< k {
            let count = try reader.read() as UInt64
            guard count <= UInt64(Int.max) else { throw KMeansModelDecodingError.invalid("member count") }
            memberCounts.append(Int(count))
            let flags: UInt8 = try reader.read()
            let stored = flags & 1 != 0
            if kind == 0 {
                let nnz = Int(try reader.read() as UInt32)
                let indices: [UInt32] = try reader.array(nnz)
                let values: [Double] = try reader.array(nnz, as: UInt64.self).map(Double.init(bitPattern:))
                guard zip(indices, indices.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    throw KMeansModelDecodingError.invalid("sum indices not ascending")
                }
                try Self.requireFiniteSum(values)
                let sum = SparseSum(indices: indices, values: values)
                sparseSums.append(sum)
                if stored {
                    let centreCount = Int(try reader.read() as UInt32)
                    let centreIndices: [UInt32] = try reader.array(centreCount)
                    let centreValues = try reader.array(centreCount, as: UInt32.self).map(Float.init(bitPattern:))
                    guard zip(centreIndices, centreIndices.dropFirst()).allSatisfy({ $0 < $1 }) else {
                        throw KMeansModelDecodingError.invalid("centre indices not ascending")
                    }
                    try Self.requireFiniteCentre(centreValues)
                    sparseCentres.append(SparseVector(indices: centreIndices, values: centreValues))
                } else {
                    guard let centre = sum.direction(mass: centreMass) else { throw KMeansModelDecodingError.invalid("zero sum without a centre") }
                    sparseCentres.append(centre)
                }
            } else {
                let sum = try reader.array(d, as: UInt64.self).map(Double.init(bitPattern:))
                try Self.requireFiniteSum(sum)
                denseSums.append(contentsOf: sum)
                if stored {
                    let centre = try reader.array(d, as: UInt32.self).map(Float.init(bitPattern:))
                    try Self.requireFiniteCentre(centre)
                    denseCentres.append(contentsOf: centre)
                } else {
                    denseCentres.append(contentsOf: repeatElement(0, count: d))
                    guard updateDenseCentre(memberCounts.count - 1) else {
                        throw KMeansModelDecodingError.invalid("zero sum without a centre")
                    }
                }
            }
        }
        guard reader.isAtEnd else { throw KMeansModelDecodingError.invalid("trailing bytes") }
        refreshCentreIndex()
    }

    /// A cluster's sum as this model writes it: finite values whose squares add up to a finite
    /// length (its direction is computed from them). Anything else is a damaged checkpoint.
    private static func requireFiniteSum(_ values: [Double]) throws {
        var squares: Double = 0
        for value in values { squares += value * value }
        guard squares.isFinite else { throw KMeansModelDecodingError.invalid("a cluster sum that is not finite") }
    }

    private static func requireFiniteCentre(_ values: [Float]) throws {
        guard values.allSatisfy(\.isFinite) else { throw KMeansModelDecodingError.invalid("a centre that is not finite") }
    }
}

private func sameBits(_ a: SparseVector?, _ b: SparseVector) -> Bool {
    guard let a else { return false }
    return a.indices == b.indices && zip(a.values, b.values).allSatisfy { $0.bitPattern == $1.bitPattern }
}

private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends every value, little-endian, in one copy.
    mutating func append<T: FixedWidthInteger>(contentsOf values: [T]) {
        let littleEndian = values.map(\.littleEndian)
        littleEndian.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - position >= count else { throw KMeansModelDecodingError.truncated }
        defer { position += count }
        return bytes[position ..< position + count]
    }

    mutating func read<T: FixedWidthInteger>(_ type: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count - position >= size else { throw KMeansModelDecodingError.truncated }
        let start = position
        position += size
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: T.self)) }
    }

    mutating func array<T: FixedWidthInteger>(_ count: Int, as type: T.Type = T.self) throws -> [T] {
        let size = MemoryLayout<T>.size
        guard count >= 0, (bytes.count - position) / size >= count else {
            throw KMeansModelDecodingError.truncated
        }
        let start = position
        position += count * size
        return bytes.withUnsafeBytes { raw in
            (0 ..< count).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * size, as: T.self)) }
        }
    }
}
