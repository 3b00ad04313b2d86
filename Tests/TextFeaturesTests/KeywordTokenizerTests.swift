import Testing
@testable import TextFeatures

struct KeywordTokenizerTests {
    @Test(arguments: [
        ("running shoes for men", ["running", "shoes", "for", "men"]),
        ("best c++ books – 2024's", ["best", "c++", "books", "2024", "s"]),
        ("c# vs f# tutorial", ["c#", "vs", "f#", "tutorial"]),
        ("a+b c+++", ["a", "b", "c"]),
        ("node.js e-commerce, (usa)", ["node", "js", "e", "commerce", "usa"]),
        ("café au lait", ["café", "au", "lait"]),
        ("pizza🍕near me", ["pizza", "near", "me"]),
        ("“quoted” words…", ["quoted", "words"]),
        ("日本語 テキスト", ["日本語", "テキスト"]),
        ("  --  ", []),
        ("", []),
    ])
    func splitsIntoWords(_ text: String, _ expected: [String]) {
        // Given a normalised keyword
        // When it is split into words
        let words = KeywordTokenizer.words(text)
        // Then the words are exactly the expected slices
        #expect(words.map(String.init) == expected)
    }

    @Test func wordsAreSlicesOfTheInput() {
        // Given a keyword with multi-byte characters
        let text = "naïve café"
        // When it is split
        let words = KeywordTokenizer.words(text)
        // Then each word points into the original string
        #expect(words.count == 2)
        #expect(text[words[1].startIndex...] == "café")
    }
}
