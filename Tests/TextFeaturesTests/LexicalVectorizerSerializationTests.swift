import Testing
@testable import TextFeatures

struct LexicalVectorizerSerializationTests {
    @Test func roundTripsExactly() throws {
        // Given a vectorizer with a non-default configuration
        let configuration = LexicalConfiguration(hashBits: 16, stemming: false, useBigrams: true, stopWordWeight: 0.5,
                                                 characterNGramMinimum: 2, characterNGramMaximum: 4, characterNGramWeight: 0.25)
        var builder = LexicalVectorizer.Builder(configuration: configuration)
        for keyword in ["red shoes", "blue shoes", "red hat", "how to tie a tie"] { builder.add(keyword) }
        let vectorizer = builder.build()
        // When it is serialized and read back
        let bytes = vectorizer.serialized()
        let restored = try LexicalVectorizer(serialized: bytes)
        // Then it is equal, vectorises identically, and stores only used buckets
        #expect(restored == vectorizer)
        #expect(restored.configuration == configuration)
        #expect(restored.vector(for: "red tie") == vectorizer.vector(for: "red tie"))
        #expect(bytes.count < 20 + 4 * vectorizer.usedBucketCount)
        #expect(Array(bytes.prefix(5)) == Array("KWLX".utf8) + [1])
    }

    @Test func rejectsDamagedBytes() throws {
        // Given the bytes of a small vectorizer
        var builder = LexicalVectorizer.Builder()
        builder.add("red shoes")
        let bytes = builder.build().serialized()
        // When they are cut short, prefixed wrongly, versioned ahead, or padded
        // Then reading fails with the matching error
        #expect(throws: LexicalVectorizer.SerializationError.truncated) { try LexicalVectorizer(serialized: Array(bytes.dropLast())) }
        #expect(throws: LexicalVectorizer.SerializationError.notAVectorizer) { try LexicalVectorizer(serialized: [0, 1, 2, 3, 4]) }
        var future = bytes
        future[4] = 9
        #expect(throws: LexicalVectorizer.SerializationError.unsupportedVersion(9)) { try LexicalVectorizer(serialized: future) }
        #expect(throws: LexicalVectorizer.SerializationError.invalid("trailing bytes")) { try LexicalVectorizer(serialized: bytes + [0]) }
    }
}
