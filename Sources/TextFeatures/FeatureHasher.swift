/// A stable 64-bit FNV-1a hash over UTF-8 bytes, used to place features in the hashed space.
///
/// The same bytes hash to the same value in every process and on every platform, which is
/// what a stored vector space needs (Swift's `Hasher` is seeded per process and must never be
/// used for this). Each feature kind starts from its own seed, so the word `"data"` and the
/// character n-gram `"data"` land in different buckets.
public struct FeatureHasher: Sendable, Equatable {
    /// The FNV-1a 64-bit offset basis.
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The FNV-1a 64-bit prime.
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The kind of a feature; its raw value is hashed first, so kinds never share a hash.
    public enum Kind: UInt8, Sendable {
        case word = 1
        case wordPair = 2
        case characters = 3
    }

    /// The running hash state.
    public private(set) var state: UInt64

    /// Starts a plain FNV-1a hash (no kind byte).
    init() {
        state = FeatureHasher.offsetBasis
    }

    /// Starts a hash for one feature of the given kind.
    public init(kind: Kind) {
        state = FeatureHasher.offsetBasis
        combine(kind.rawValue)
    }

    /// Mixes one byte into the hash.
    @inline(__always)
    public mutating func combine(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* FeatureHasher.prime
    }

    /// Mixes a run of bytes into the hash.
    /// - Complexity: O(bytes.count)
    @inline(__always)
    public mutating func combine<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { combine(byte) }
    }

    /// The bucket of this hash in a space of `2^bits` dimensions: the two 32-bit halves are
    /// folded together before masking, so every bit of the hash counts.
    @inline(__always)
    public func bucket(bits: Int) -> UInt32 {
        let folded = state ^ (state >> 32)
        return UInt32(truncatingIfNeeded: folded) & UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(bits)) - 1)
    }

    /// The hash of one whole feature.
    /// - Complexity: O(bytes.count)
    public static func hash<Bytes: Sequence>(_ bytes: Bytes, kind: Kind) -> FeatureHasher where Bytes.Element == UInt8 {
        var hasher = FeatureHasher(kind: kind)
        hasher.combine(bytes)
        return hasher
    }
}
