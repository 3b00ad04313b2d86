/// The small English stop-word list: words that carry a searcher's intent or grammar rather
/// than a topic ("how to", "for", "best", "near me").
///
/// Membership is tested on the word as written (before stemming) through its stable 64-bit
/// hash, so the test costs one hash the vectorizer computes anyway.
public enum StopWords {
    /// The words, lower case.
    public static let english: [String] = [
        // Articles, conjunctions, prepositions.
        "a", "an", "the", "and", "or", "but", "nor", "if", "of", "at", "by", "for", "with",
        "about", "to", "from", "in", "on", "into", "onto", "over", "under", "up", "out", "off",
        "as", "than", "then", "so", "too", "very", "via", "per",
        // Auxiliaries and common verbs of questions.
        "can", "could", "will", "would", "should", "may", "might", "must", "do", "does", "did",
        "be", "is", "am", "are", "was", "were", "been", "being", "have", "has", "had",
        // Pronouns and determiners.
        "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her",
        "it", "its", "they", "them", "their", "this", "that", "these", "those", "there", "here",
        "any", "some", "all", "each", "every", "no", "not",
        // Question words.
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
        // Fragments left by apostrophes (men's, don't, i'm).
        "s", "t", "m", "d", "ll", "re", "ve",
        // Search intent modifiers.
        "best", "top", "near", "nearby", "cheap", "cheapest", "vs", "versus",
    ]

    /// The word hashes of `english` in an open-addressing table (linear probing, power-of-two
    /// size, 0 marks an empty slot): one or two probes per lookup, no hashing beyond FNV-1a.
    private static let table: [UInt64] = {
        var table = [UInt64](repeating: 0, count: tableSize)
        for word in english {
            let hash = FeatureHasher.hash(word.utf8, kind: .word).state
            var slot = Int(truncatingIfNeeded: hash) & (tableSize - 1)
            while table[slot] != 0 && table[slot] != hash { slot = (slot + 1) & (tableSize - 1) }
            table[slot] = hash
        }
        return table
    }()
    private static let tableSize = 512

    /// Whether a word with this `FeatureHasher` `.word` hash is on the list.
    @inline(__always)
    static func containsHash(_ hash: UInt64) -> Bool {
        var slot = Int(truncatingIfNeeded: hash) & (tableSize - 1)
        while true {
            let stored = table[slot]
            if stored == hash { return true }
            if stored == 0 { return false }
            slot = (slot + 1) & (tableSize - 1)
        }
    }

    /// Whether `word` is on the list.
    /// - Complexity: O(word.utf8.count)
    public static func contains(_ word: Substring) -> Bool {
        containsHash(FeatureHasher.hash(word.utf8, kind: .word).state)
    }
}
