import Testing
@testable import TextFeatures

struct FeatureHasherTests {
    @Test func isStandardFNV1a() {
        // Given the published FNV-1a 64-bit test vectors ("" and "a")
        var empty = FeatureHasher()
        var a = FeatureHasher()
        // When hashed
        empty.combine([UInt8]())
        a.combine(Array("a".utf8))
        // Then the states are the published values
        #expect(empty.state == 0xcbf2_9ce4_8422_2325)
        #expect(a.state == 0xaf63_dc4c_8601_ec8c)
    }

    @Test func bucketsArePinnedAcrossProcessesAndPlatforms() {
        // Given features hashed by kind (values computed independently in Python:
        // FNV-1a 64 over [kind byte] + UTF-8, then (h ^ h >> 32) & (2^20 - 1))
        // When their buckets in the default 2^20 space are taken
        // Then they never change: stored vector spaces depend on it
        #expect(FeatureHasher.hash("shoe".utf8, kind: .word).state == 0x30aa_a555_d511_5a6f)
        #expect(FeatureHasher.hash("shoe".utf8, kind: .word).bucket(bits: 20) == 786_234)
        #expect(FeatureHasher.hash("run shoe".utf8, kind: .wordPair).bucket(bits: 20) == 165_239)
        #expect(FeatureHasher.hash(" sh".utf8, kind: .characters).bucket(bits: 20) == 238_749)
        #expect(FeatureHasher.hash("café".utf8, kind: .word).bucket(bits: 20) == 798_602)
    }

    @Test func kindsDoNotShareHashes() {
        // Given the same bytes as a word and as a character n-gram
        let word = FeatureHasher.hash("data".utf8, kind: .word)
        let characters = FeatureHasher.hash("data".utf8, kind: .characters)
        // Then their hashes differ
        #expect(word.state != characters.state)
    }
}
