/// Small word-level helpers shared by the classifier, the summariser and the title
/// generator. Keywords arrive normalised, so splitting on spaces is enough; titles carry
/// punctuation, which is trimmed from word edges before comparing.
enum KeywordText {
    /// Lower-case words of `text`, with punctuation trimmed from each word's edges
    /// (apostrophes, hyphens and dots inside a word are kept: "men's", "step-by-step").
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    static func words(_ text: String) -> [String] {
        if let ascii = asciiWords(text) { return ascii }
        return text.lowercased()
            .split(whereSeparator: { $0.isWhitespace })
            .map { trimEdges(Substring($0)) }
            .filter { !$0.isEmpty }
    }

    /// `words` for pure-ASCII text, working on bytes (most keywords): the same result, several
    /// times faster than going through `Character`. Nil when the text is not ASCII.
    /// - Complexity: O(*n*) in the length of `text`.
    static func asciiWords(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var words: [String] = []
            var start = -1
            var end = -1
            var lowered: [UInt8] = []
            func flush(_ index: Int) {
                if start >= 0, end >= start {
                    // Lower-cased into a contiguous buffer first: decoding a lazy map goes through
                    // a generic path with dynamic casts, several times slower.
                    lowered.removeAll(keepingCapacity: true)
                    for byte in bytes[start...end] { lowered.append(ASCIIText.lowered(byte)) }
                    words.append(String(decoding: lowered, as: UTF8.self))
                }
                start = -1
                end = -1
            }
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x80 else { return nil }
                if ASCIIText.isWhitespace(byte) {
                    flush(index)
                } else if ASCIIText.isWordByte(byte) {
                    if start < 0 { start = index }
                    end = index
                }
            }
            flush(bytes.count)
            return words
        }
    }

    /// `word` without leading and trailing characters that are neither letters nor digits.
    static func trimEdges(_ word: Substring) -> String {
        guard let first = word.firstIndex(where: isWordCharacter),
              let last = word.lastIndex(where: isWordCharacter)
        else { return "" }
        return String(word[first...last])
    }

    /// Whether `character` can be part of a word's core.
    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// Index of the first occurrence of `phrase` as consecutive words of `words`.
    ///
    /// - Complexity: O(*n* × *m*) for *n* words and a phrase of *m* words.
    static func firstIndex(of phrase: [String], in words: [String]) -> Int? {
        guard !phrase.isEmpty, phrase.count <= words.count else { return nil }
        for start in 0...(words.count - phrase.count)
        where words[start..<(start + phrase.count)].elementsEqual(phrase) {
            return start
        }
        return nil
    }

    /// Whether every word of `needle` appears in `haystack`, in the same order (other
    /// words may come between them).
    ///
    /// - Complexity: O(*n*) in the length of `haystack`.
    static func isSubsequence(_ needle: [String], of haystack: [String]) -> Bool {
        var remaining = needle[...]
        for word in haystack where word == remaining.first {
            remaining = remaining.dropFirst()
            if remaining.isEmpty { return true }
        }
        return remaining.isEmpty
    }

    /// Whether `word` looks like a year between 1990 and 2099.
    static func isYear(_ word: String) -> Bool {
        guard word.utf8.count == 4, word.count == 4, let value = Int(word) else { return false }
        return (1990...2099).contains(value)
    }
}
