#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import VectorMath
@testable import TextFeatures

struct LexicalVectorizerTests {
    static func fitted(_ keywords: [String], _ configuration: LexicalConfiguration = .default) -> LexicalVectorizer {
        var builder = LexicalVectorizer.Builder(configuration: configuration)
        for keyword in keywords { builder.add(keyword) }
        return builder.build()
    }

    /// Words and word pairs only, stop words dropped: the features are easy to write out.
    static let wordsAndPairs = LexicalConfiguration(useBigrams: true, bigramWeight: 1, stopWordWeight: 0, characterNGramMaximum: 0)

    static func bucket(_ feature: String, _ kind: FeatureHasher.Kind) -> UInt32 {
        FeatureHasher.hash(feature.utf8, kind: kind).bucket(bits: 20)
    }

    @Test func extractsTheDocumentedDefaultFeatures() {
        // Given the default configuration (stemming, stop words at 0.3, character 4-grams)
        let vectorizer = Self.fitted([])
        // When the features of a keyword are listed
        let features = vectorizer.featureNames(for: "running shoes for men")
        // Then each content word gives its padded 4-grams and its stem, and "for" only itself
        #expect(features == [
            "c: run", "c:runn", "c:unni", "c:nnin", "c:ning", "c:ing ", "w:run",
            "c: sho", "c:shoe", "c:hoes", "c:oes ", "w:shoe",
            "w:for",
            "c: men", "c:men ", "w:men",
        ])
        #expect(LexicalConfiguration.default == LexicalConfiguration(
            hashBits: 20, stemming: true, useBigrams: false, bigramWeight: 0.3, stopWordWeight: 0.3,
            characterNGramMinimum: 4, characterNGramMaximum: 4, characterNGramWeight: 0.4))
    }

    @Test func extractsStemsAndContentWordPairs() {
        // Given stemming, bigrams, stop words dropped, no character n-grams
        let vectorizer = Self.fitted([], Self.wordsAndPairs)
        // When the features of a keyword are listed
        let features = vectorizer.featureNames(for: "running shoes for men")
        // Then "for" is gone, words are stemmed and neighbouring content words pair up across it
        #expect(features == ["w:run", "w:shoe", "b:run shoe", "w:men", "b:shoe men"])
    }

    @Test func extractsPaddedCharacterNGramsWhenAsked() {
        // Given character 3-grams switched on
        let configuration = LexicalConfiguration(useBigrams: false, characterNGramMinimum: 3, characterNGramMaximum: 3)
        let vectorizer = Self.fitted([], configuration)
        // When the features of one word are listed
        // Then the n-grams come from the unstemmed word padded with spaces
        #expect(vectorizer.featureNames(for: "shoes") == ["c: sh", "c:sho", "c:hoe", "c:oes", "c:es ", "w:shoe"])
        #expect(vectorizer.featureNames(for: "tv") == ["c: tv", "c:tv ", "w:tv"])
    }

    @Test func keepsStopWordsWithTheirWeightWhenNotDropped() {
        // Given stop words kept at weight 0.25
        let vectorizer = Self.fitted([], LexicalConfiguration(useBigrams: true, stopWordWeight: 0.25, characterNGramMaximum: 0))
        // When a keyword with stop words is listed
        // Then they are features, unstemmed, but never break or join word pairs
        #expect(vectorizer.featureNames(for: "how to tie a tie") == ["w:how", "w:to", "w:tie", "w:a", "w:tie", "b:tie tie"])
    }

    @Test func weighsByCountTimesSmoothedIDFAndNormalises() throws {
        // Given three fitted keywords: "red" and "shoe" each in 2 of 3, the pair "red shoe" in 1
        let vectorizer = Self.fitted(["red shoes", "blue shoes", "red hat"], Self.wordsAndPairs)
        // When a fitted keyword is vectorised
        let vector = vectorizer.vector(for: "red shoes")
        // Then its weights are ln((1 + n) / (1 + df)) + 1, scaled to unit length, by ascending bucket
        let common = Float(log(4.0 / 3.0) + 1), rare = Float(log(4.0 / 2.0) + 1)
        let norm = (2 * common * common + rare * rare).squareRoot()
        let expected = [
            (Self.bucket("red", .word), common / norm),
            (Self.bucket("shoe", .word), common / norm),
            (Self.bucket("red shoe", .wordPair), rare / norm),
        ].sorted { $0.0 < $1.0 }
        #expect(vector.indices == expected.map(\.0))
        for (value, (_, expectedValue)) in zip(vector.values, expected) {
            #expect(abs(value - expectedValue) < 1e-6)
        }
        #expect(abs(vector.norm - 1) < 1e-6)
        #expect(vectorizer.documentCount == 3)
        #expect(vectorizer.usedBucketCount == 7)
    }

    @Test func unseenFeaturesGetTheMaximumIDF() {
        // Given a vectorizer fitted on three keywords
        let vectorizer = Self.fitted(["red shoes", "blue shoes", "red hat"], Self.wordsAndPairs)
        // When a keyword with an unseen word is vectorised after fitting
        let vector = vectorizer.vector(for: "green hat")
        // Then the unseen word and pair get ln(1 + n) + 1 and "hat" (df 1) gets ln(4 / 2) + 1
        let maximum = Float(log(4.0) + 1), hat = Float(log(2.0) + 1)
        #expect(abs(vectorizer.maximumInverseDocumentFrequency - maximum) < 1e-6)
        #expect(vectorizer.inverseDocumentFrequency(ofBucket: Self.bucket("green", .word)) == vectorizer.maximumInverseDocumentFrequency)
        let norm = (2 * maximum * maximum + hat * hat).squareRoot()
        let hatIndex = vector.indices.firstIndex(of: Self.bucket("hat", .word))
        #expect(hatIndex != nil)
        if let hatIndex { #expect(abs(vector.values[hatIndex] - hat / norm) < 1e-6) }
        let greenIndex = vector.indices.firstIndex(of: Self.bucket("green", .word))
        if let greenIndex { #expect(abs(vector.values[greenIndex] - maximum / norm) < 1e-6) }
        #expect(vector.nonZeroCount == 3)
    }

    @Test func sameTextGivesTheSameVectorInTwoVectorizers() {
        // Given two vectorizers fitted on the same keywords in different orders
        let keywords = ["buy running shoes", "running shoes for women", "trail running", "shoe shop near me"]
        let first = Self.fitted(keywords)
        let second = Self.fitted(keywords.reversed())
        // When the same keyword is vectorised by both, and in a batch
        // Then the vectorizers and their vectors are equal
        #expect(first == second)
        #expect(first.vector(for: "womens trail running shoes") == second.vector(for: "womens trail running shoes"))
        #expect(first.vectors(for: ["trail running", "shoe shop"]) == [first.vector(for: "trail running"), first.vector(for: "shoe shop")])
    }

    @Test func textWithoutFeaturesGivesTheEmptyVector() {
        // Given a vectorizer that drops stop words and one with the defaults (stop words at 0.3)
        let dropping = Self.fitted(["red shoes"], Self.wordsAndPairs)
        let defaults = Self.fitted(["red shoes"])
        // When keywords of stop words and punctuation are vectorised
        // Then only the dropping vectorizer gives the empty vector for stop words,
        // and punctuation or nothing gives it in both
        #expect(dropping.vector(for: "how to the best - near me") == .empty)
        #expect(abs(defaults.vector(for: "how to").norm - 1) < 1e-6)
        #expect(defaults.vector(for: "how to").nonZeroCount == 2)
        #expect(defaults.vector(for: " - ") == .empty)
        #expect(defaults.vector(for: "") == .empty)
    }

    @Test func characterNGramsGetTheirConfiguredShare() {
        // Given n-grams switched on with weight 0.3
        let configuration = LexicalConfiguration(useBigrams: true, characterNGramMinimum: 3, characterNGramMaximum: 5, characterNGramWeight: 0.3)
        let vectorizer = Self.fitted(["red shoes", "blue shoes"], configuration)
        // When a keyword is vectorised
        let vector = vectorizer.vector(for: "red shoes")
        // Then it has unit length, ascending indices, and the word block is 0.7 / |(0.7, 0.3)| of it
        #expect(abs(vector.norm - 1) < 1e-6)
        #expect(zip(vector.indices, vector.indices.dropFirst()).allSatisfy { $0 < $1 })
        let wordBuckets: Set<UInt32> = [Self.bucket("red", .word), Self.bucket("shoe", .word), Self.bucket("red shoe", .wordPair)]
        var wordSquares: Float = 0
        for (index, value) in zip(vector.indices, vector.values) where wordBuckets.contains(index) { wordSquares += value * value }
        let expected: Float = 0.7 / (0.7 * 0.7 + 0.3 * 0.3).squareRoot()
        #expect(abs(wordSquares.squareRoot() - expected) < 1e-5)
    }
}
