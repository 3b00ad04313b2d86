/// Turns one keyword into hashed features (before IDF weighting), reusing its buffers from
/// keyword to keyword so the hot loop allocates nothing once warm.
///
/// Features of a keyword, for each word in order (see `LexicalConfiguration`):
/// - the word's stem, weight 1, or `stopWordWeight` for a stop word;
/// - with bigrams, the pair `previous-stem stem` of two neighbouring content words;
/// - with character n-grams, the byte n-grams of each content word padded with spaces,
///   in their own block.
/// Repeated features are listed once per occurrence; the vectorizer sums them.
struct FeatureExtractor {
    /// One hashed feature occurrence, packed as `bucket << 32 | weight.bitPattern` so that
    /// sorting the plain integers sorts by bucket.
    struct Feature: Comparable {
        var packed: UInt64

        init(bucket: UInt32, weight: Float) {
            packed = UInt64(bucket) << 32 | UInt64(weight.bitPattern)
        }

        var bucket: UInt32 { UInt32(truncatingIfNeeded: packed >> 32) }
        var weight: Float { Float(bitPattern: UInt32(truncatingIfNeeded: packed)) }

        static func < (lhs: Feature, rhs: Feature) -> Bool { lhs.packed < rhs.packed }
    }

    let configuration: LexicalConfiguration
    /// The word block (stems and stem pairs) of the last keyword extracted.
    private(set) var wordFeatures: [Feature] = []
    /// The character n-gram block of the last keyword extracted.
    private(set) var characterFeatures: [Feature] = []
    /// When not nil, a readable name of every feature extracted is appended (`w:shoe`,
    /// `b:run shoe`, `c: sh`); for tests and diagnostics only.
    var trace: [String]?

    private var ranges: [Range<Int>] = []
    private var word: [UInt8] = []
    private var previousStem: [UInt8] = []
    private var padded: [UInt8] = []

    init(configuration: LexicalConfiguration) {
        self.configuration = configuration
    }

    /// Sorts both blocks by bucket (equal buckets end up next to each other).
    /// - Complexity: O(f log f) for f features
    mutating func sortByBucket() {
        Self.sort(&wordFeatures)
        Self.sort(&characterFeatures)
    }

    /// Insertion sort for the few features of a keyword, the standard sort beyond.
    private static func sort(_ features: inout [Feature]) {
        guard features.count > 1 else { return }
        guard features.count <= 24 else { return features.sort() }
        for index in 1..<features.count {
            let item = features[index]
            var position = index
            while position > 0, features[position - 1].packed > item.packed {
                features[position] = features[position - 1]
                position -= 1
            }
            features[position] = item
        }
    }

    /// Extracts the features of `text` into `wordFeatures` and `characterFeatures`.
    /// - Complexity: O(bytes of text × number of n-gram sizes)
    mutating func extract(_ text: String) {
        wordFeatures.removeAll(keepingCapacity: true)
        characterFeatures.removeAll(keepingCapacity: true)
        var text = text
        text.withUTF8 { bytes in extract(bytes) }
    }

    private mutating func extract(_ bytes: UnsafeBufferPointer<UInt8>) {
        KeywordTokenizer.wordRanges(in: bytes, into: &ranges)
        let bits = configuration.hashBits
        var hasPrevious = false
        for range in ranges {
            word.removeAll(keepingCapacity: true)
            for index in range {
                let byte = bytes[index]
                word.append(byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte)
            }
            let isStopWord = StopWords.containsHash(FeatureHasher.hash(word, kind: .word).state)
            if isStopWord {
                if configuration.stopWordWeight > 0 {
                    append(.word, word, weight: configuration.stopWordWeight, bits: bits)
                }
                continue
            }
            if configuration.usesCharacterNGrams { appendCharacterNGrams(bits: bits) }
            if configuration.stemming { LightStemmer.stem(&word) }
            append(.word, word, weight: 1, bits: bits)
            if configuration.useBigrams {
                if hasPrevious {
                    var hasher = FeatureHasher(kind: .wordPair)
                    hasher.combine(previousStem)
                    hasher.combine(0x20)
                    hasher.combine(word)
                    wordFeatures.append(Feature(bucket: hasher.bucket(bits: bits), weight: configuration.bigramWeight))
                    trace?.append("b:" + String(decoding: previousStem, as: UTF8.self) + " "
                        + String(decoding: word, as: UTF8.self))
                }
                swap(&previousStem, &word)
                hasPrevious = true
            }
        }
    }

    /// Appends the byte n-grams of `word` (not yet stemmed), padded with one space each side.
    /// - Complexity: O(word.count × number of n-gram sizes)
    private mutating func appendCharacterNGrams(bits: Int) {
        padded.removeAll(keepingCapacity: true)
        padded.append(0x20)
        padded.append(contentsOf: word)
        padded.append(0x20)
        let count = padded.count
        for size in configuration.characterNGramMinimum...configuration.characterNGramMaximum {
            if size > count {
                // A word shorter than the n-gram is one n-gram, as with the smaller sizes.
                if size == configuration.characterNGramMinimum {
                    append(.characters, padded[...], weight: 1, bits: bits)
                }
                break
            }
            for start in 0...(count - size) {
                append(.characters, padded[start..<(start + size)], weight: 1, bits: bits)
            }
        }
    }

    @inline(__always)
    private mutating func append<Bytes: Collection>(
        _ kind: FeatureHasher.Kind, _ bytes: Bytes, weight: Float, bits: Int
    ) where Bytes.Element == UInt8 {
        let feature = Feature(bucket: FeatureHasher.hash(bytes, kind: kind).bucket(bits: bits), weight: weight)
        if kind == .characters {
            characterFeatures.append(feature)
        } else {
            wordFeatures.append(feature)
        }
        if trace != nil {
            let prefix = kind == .word ? "w:" : "c:"
            trace?.append(prefix + String(decoding: bytes, as: UTF8.self))
        }
    }
}
