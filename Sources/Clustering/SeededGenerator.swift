/// A small, fast, seedable random number generator whose whole state is four words, so it can
/// be saved in a checkpoint and resumed exactly.
///
/// The algorithm is xoshiro256** (Blackman and Vigna); the seed is spread over the state with
/// SplitMix64, as its authors recommend. The stream depends only on the seed, never on the
/// platform or the Swift version: the k-means code draws its numbers through
/// ``nextUnitInterval()`` and ``nextIndex(below:)``, which are defined here, rather than
/// through the standard library's `random(in:using:)`, whose algorithm is not promised.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Codable, Equatable {
    /// The four state words. Never all zero.
    public private(set) var state: [UInt64]

    /// A generator whose stream is fixed by `seed`.
    /// - Complexity: O(1)
    public init(seed: UInt64) {
        var mixer = seed
        var words: [UInt64] = []
        for _ in 0..<4 { words.append(Self.splitMix64(&mixer)) }
        state = words
    }

    /// Restores a generator from a state saved earlier (``state``).
    /// - Precondition: four words, not all zero.
    public init(state: [UInt64]) {
        precondition(state.count == 4 && state.contains { $0 != 0 }, "invalid xoshiro256** state")
        self.state = state
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let words = try container.decode([UInt64].self)
        guard words.count == 4, words.contains(where: { $0 != 0 }) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a SeededGenerator state is four words, not all zero")
        }
        state = words
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(state)
    }

    /// The next 64 random bits.
    /// - Complexity: O(1)
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotateLeft(state[3], 45)
        return result
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    /// - Complexity: O(1)
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject method, so unbiased).
    /// - Precondition: `bound > 0`.
    /// - Complexity: O(1) expected.
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "empty range")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    private static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@inline(__always)
private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
}
