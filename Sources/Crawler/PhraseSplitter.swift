/// Splits a piece of page text into candidate keyword phrases: runs of 2-5 words inside one
/// clause (punctuation breaks a clause), with no stop word at either edge.
enum PhraseSplitter {
    static let minimumWords = 2
    static let maximumWords = 5

    /// English function words (and a few calls to action) that never start or end a keyword.
    static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "etc", "even", "ever", "every", "few", "for", "from", "further", "get",
        "got", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into",
        "is", "it", "its", "just", "let", "like", "may", "me", "might", "more", "most", "much", "must", "my", "no", "nor",
        "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "per",
        "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these",
        "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we",
        "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "within", "without",
        "would", "yet", "you", "your", "yours", "s", "t", "re", "ve", "ll", "d", "m", "de", "la", "le", "el", "en", "und",
        "der", "die", "das", "et", "les", "des", "du", "y", "e", "o", "amp", "nbsp", "quot", "here's", "it's", "don't",
        // Calls to action around page text, never the edge of a search.
        "read", "click", "learn", "see", "view", "everything", "anything", "something",
    ]

    /// Every candidate phrase of `text`, lower-cased, words joined by one space (repeats kept).
    /// - Complexity: O(words × maximumWords)
    static func phrases(in text: String) -> [String] {
        var result: [String] = []
        for clause in clauses(of: text) {
            guard clause.count >= minimumWords else { continue }
            for start in clause.indices where !isEdgeStop(clause[start]) {
                let longest = min(clause.count, start + maximumWords)
                guard start + minimumWords <= longest else { continue }
                for end in (start + minimumWords)...longest where !isEdgeStop(clause[end - 1]) {
                    let words = clause[start..<end]
                    // At least one word that says something beyond a number.
                    guard words.contains(where: { $0.contains(where: \.isLetter) && $0.count > 1 }) else { continue }
                    result.append(words.joined(separator: " "))
                }
            }
        }
        return result
    }

    /// A word no phrase may start or end with: a stop word, or a lone character.
    static func isEdgeStop(_ word: String) -> Bool {
        stopWords.contains(word) || (word.count == 1 && !(word.first?.isNumber ?? false))
    }

    /// The text's clauses, each a list of lower-cased words. Letters and digits make words;
    /// an apostrophe, hyphen, ampersand, dot or slash between two word characters stays inside
    /// the word; any other punctuation ends the clause.
    /// - Complexity: O(characters)
    static func clauses(of text: String) -> [[String]] {
        var clauses: [[String]] = []
        var clause: [String] = []
        var word = ""
        let characters = Array(text.lowercased())
        func endWord() {
            if !word.isEmpty { clause.append(word) }
            word = ""
        }
        func endClause() {
            endWord()
            if !clause.isEmpty { clauses.append(clause) }
            clause = []
        }
        for (index, character) in characters.enumerated() {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if character.isWhitespace {
                endWord()
            } else if "'’-&./+".contains(character), !word.isEmpty, index + 1 < characters.count,
                      characters[index + 1].isLetter || characters[index + 1].isNumber {
                word.append(character == "’" ? "'" : character)
            } else {
                endClause()
            }
        }
        endClause()
        return clauses
    }
}
