import Testing
@testable import TextFeatures

struct LightStemmerTests {
    @Test(arguments: [
        // Plurals
        ("shoes", "shoe"), ("classes", "class"), ("watches", "watch"), ("boxes", "box"),
        ("dishes", "dish"), ("cities", "citi"), ("city", "citi"), ("ties", "tie"),
        ("movies", "movi"), ("movie", "movi"), ("bus", "bus"), ("analysis", "analysis"),
        ("glass", "glass"), ("gas", "gas"), ("hotels", "hotel"),
        // -ed and -ing
        ("running", "run"), ("shopping", "shop"), ("booking", "book"), ("making", "make"),
        ("hoping", "hope"), ("created", "create"), ("installing", "install"), ("agreed", "agree"),
        ("need", "need"), ("string", "string"), ("king", "king"), ("meetings", "meet"),
        ("playing", "play"), ("studies", "studi"), ("study", "studi"),
        // Final y
        ("play", "play"), ("sky", "sky"), ("happy", "happi"),
        // Left alone: short, digits, non-ASCII, symbols
        ("is", "is"), ("mp3s", "mp3s"), ("cafés", "cafés"), ("c++", "c++"),
    ])
    func stems(_ word: String, _ expected: String) {
        // Given a lower-case word
        // When it is stemmed
        let stem = LightStemmer.stem(Substring(word))
        // Then it gives the documented stem
        #expect(stem == expected)
    }

    @Test func singularAndPluralMeet() {
        // Given singular and plural forms of keyword nouns
        let pairs = [("laptop", "laptops"), ("company", "companies"), ("box", "boxes"), ("cookie", "cookies")]
        // When both are stemmed
        // Then each pair shares one stem
        for (singular, plural) in pairs {
            #expect(LightStemmer.stem(Substring(singular)) == LightStemmer.stem(Substring(plural)))
        }
    }
}
