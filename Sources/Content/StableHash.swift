/// FNV-1a, 64-bit: a hash that is the same in every process, on every machine.
///
/// Swift's `Hasher` is seeded per process, so anything that must be reproducible (which
/// title template a cluster gets, which number a title uses) hashes with this instead.
enum StableHash {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The FNV-1a hash of the UTF-8 bytes of `text`.
    ///
    /// - Complexity: O(*n*) in the UTF-8 length of `text`.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash = offsetBasis
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= prime
        }
        return hash
    }
}
