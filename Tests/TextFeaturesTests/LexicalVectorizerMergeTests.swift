import Testing
@testable import TextFeatures

struct LexicalVectorizerMergeTests {
    @Test func buildersMergedInPartsEqualOneBuilder() {
        // Given keywords with features repeated inside and across keywords
        let keywords = (0 ..< 500).map { "red shoes \($0 % 37) size \($0 % 11) red" } + ["", "how to tie a tie", "red hat"]
        var whole = LexicalVectorizer.Builder()
        for keyword in keywords { whole.add(keyword) }
        // When they are counted in three parts and merged (then more keywords added)
        var first = LexicalVectorizer.Builder()
        var second = LexicalVectorizer.Builder()
        var third = LexicalVectorizer.Builder()
        for keyword in keywords[..<100] { first.add(keyword) }
        for keyword in keywords[100 ..< 350] { second.add(keyword) }
        for keyword in keywords[350...] { third.add(keyword) }
        first.merge(second)
        first.merge(third)
        whole.add("red shoes again red")
        first.add("red shoes again red")
        // Then the space is the same as counting them all in one builder
        #expect(first.documentCount == whole.documentCount)
        #expect(first.build() == whole.build())
        #expect(first.build().vector(for: "red shoes") == whole.build().vector(for: "red shoes"))
    }
}
