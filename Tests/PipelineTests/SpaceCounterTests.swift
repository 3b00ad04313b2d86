import Testing
@testable import Pipeline
import TextFeatures

/// The vector space counted on another thread while keywords are imported.
struct SpaceCounterTests {
    @Test func countsTheSpaceOfEveryTextHandedOver() {
        // Given 20,000 keywords handed over in blocks of different sizes
        let texts = (0..<20_000).map { "keyword \($0 % 3_000) number \($0)" }
        let counter = SpaceCounter()
        var start = 0
        for size in [1, 4_096, 999, 7_000, 2, 5_000] {
            counter.add(Array(texts[start..<(start + size)]))
            start += size
        }
        counter.add(Array(texts[start...]))
        // When the counting finishes
        let counted = counter.finish()
        // Then the space is the one counted over all of them in one pass
        var builder = LexicalVectorizer.Builder()
        for text in texts { builder.add(text) }
        #expect(counted == builder.build())
        #expect(counted.documentCount == 20_000)
    }

    @Test func theSpaceOfTextsAtHandIsTheOnePassSpace() {
        // Given 10,000 keywords all at hand (create from keywords already imported)
        let texts = (0..<10_000).map { "keyword \($0 % 700) item \($0)" }
        var builder = LexicalVectorizer.Builder()
        for text in texts { builder.add(text) }
        // When their space is counted in blocks on both threads, then it is the one-pass space
        #expect(SpaceCounter.space(of: texts) == builder.build())
        #expect(SpaceCounter.space(of: []) == LexicalVectorizer.Builder().build())
    }

    @Test func anEmptyCountIsTheEmptySpace() {
        let counter = SpaceCounter()
        #expect(counter.finish() == LexicalVectorizer.Builder().build())
    }
}
