#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VectorMath

/// Sparse TF-IDF unit vectors for short keywords in a fixed, hashed space.
///
/// Features (word stems, character n-grams, optionally stem pairs; see `LexicalConfiguration`)
/// are hashed with the stable `FeatureHasher` into `2^hashBits` buckets. Document frequencies
/// are counted once over every keyword known when the project is created (`Builder`), and kept
/// with the vectorizer, so keywords added later land in the same space. A feature's weight is
/// its count times the smoothed IDF of its bucket, `ln((1 + n) / (1 + df)) + 1` for `n`
/// keywords, as scikit-learn's `TfidfVectorizer` computes it; a bucket no fitted keyword used
/// has `df = 0` and so the maximum IDF.
public struct LexicalVectorizer: Sendable, Equatable {
    /// The space.
    public let configuration: LexicalConfiguration
    /// How many keywords the document frequencies were counted over.
    public let documentCount: Int
    /// The document frequency of every bucket (`2^hashBits` entries).
    let documentFrequencies: [UInt32]
    /// The IDF of every bucket, derived from `documentFrequencies`.
    let inverseDocumentFrequencies: [Float]

    /// A vectorizer over counted document frequencies.
    /// - Complexity: O(2^hashBits)
    init(configuration: LexicalConfiguration, documentCount: Int, documentFrequencies: [UInt32]) {
        precondition(documentFrequencies.count == configuration.dimension, "one frequency per bucket")
        self.configuration = configuration
        self.documentCount = documentCount
        self.documentFrequencies = documentFrequencies
        let numerator = 1 + Double(documentCount)
        inverseDocumentFrequencies = documentFrequencies.map { frequency in
            Float(log(numerator / (1 + Double(frequency))) + 1)
        }
    }

    /// The IDF of a feature never seen while fitting: the largest IDF of the space.
    public var maximumInverseDocumentFrequency: Float {
        Float(log(1 + Double(documentCount)) + 1)
    }

    /// The IDF of one bucket.
    public func inverseDocumentFrequency(ofBucket bucket: UInt32) -> Float {
        inverseDocumentFrequencies[Int(bucket)]
    }

    /// How many buckets hold at least one fitted feature.
    /// - Complexity: O(2^hashBits)
    public var usedBucketCount: Int {
        documentFrequencies.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
    }

    /// The unit TF-IDF vector of `text` (a normalised keyword), indices ascending; the empty
    /// vector when the text has no features (nothing but punctuation, or only stop words when
    /// `stopWordWeight` is 0).
    /// - Complexity: O(bytes of text + f log f) for f features
    public func vector(for text: String) -> SparseVector {
        var extractor = FeatureExtractor(configuration: configuration)
        return vector(for: text, using: &extractor)
    }

    /// The vectors of many texts, reusing one set of buffers: the fast path for batches.
    /// - Complexity: O(total bytes + Σ f log f)
    public func vectors(for texts: some Sequence<String>) -> [SparseVector] {
        var extractor = FeatureExtractor(configuration: configuration)
        return texts.map { vector(for: $0, using: &extractor) }
    }

    /// Readable names of the features of `text`, in extraction order, one per occurrence
    /// (`w:shoe` a word, `b:run shoe` a word pair, `c: sh` a character n-gram); for tests
    /// and diagnostics.
    /// - Complexity: O(bytes of text)
    public func featureNames(for text: String) -> [String] {
        var extractor = FeatureExtractor(configuration: configuration)
        extractor.trace = []
        extractor.extract(text)
        return extractor.trace ?? []
    }

    /// The vector of `text`, extracted with `extractor`.
    ///
    /// Each block's length is measured first (repeats summed), then both sorted blocks are
    /// merged once into the result, each feature scaled by its block's share over its block's
    /// length, and the result is scaled to unit length: two allocations per keyword.
    /// - Complexity: O(bytes of text + f log f) for f features
    func vector(for text: String, using extractor: inout FeatureExtractor) -> SparseVector {
        extractor.extract(text)
        extractor.sortByBucket()
        let words = extractor.wordFeatures, characters = extractor.characterFeatures
        let wordLength = blockLength(words)
        let characterLength = blockLength(characters)
        let characterShare = configuration.usesCharacterNGrams ? configuration.characterNGramWeight : 0
        let wordFactor = wordLength > 0 ? (1 - characterShare) / wordLength : 0
        let characterFactor = characterLength > 0 ? characterShare / characterLength : 0

        var indices: [UInt32] = []
        var values: [Float] = []
        indices.reserveCapacity(words.count + characters.count)
        values.reserveCapacity(words.count + characters.count)
        var i = 0, j = 0
        while i < words.count || j < characters.count {
            let feature: FeatureExtractor.Feature
            let factor: Float
            if j == characters.count || (i < words.count && words[i].bucket <= characters[j].bucket) {
                feature = words[i]; factor = wordFactor; i += 1
            } else {
                feature = characters[j]; factor = characterFactor; j += 1
            }
            let bucket = feature.bucket
            let value = factor * feature.weight * inverseDocumentFrequencies[Int(bucket)]
            if let last = indices.last, last == bucket {
                values[values.count - 1] += value
            } else {
                indices.append(bucket)
                values.append(value)
            }
        }
        var squares: Float = 0
        for value in values { squares += value * value }
        guard squares > 0 else { return .empty }
        let scale = 1 / squares.squareRoot()
        for index in values.indices { values[index] *= scale }
        return SparseVector(indices: indices, values: values)
    }

    /// The Euclidean length of a block of features sorted by bucket, weighted by IDF, with
    /// repeats of a bucket summed.
    /// - Complexity: O(f)
    private func blockLength(_ sorted: [FeatureExtractor.Feature]) -> Float {
        var squares: Float = 0
        var index = 0
        while index < sorted.count {
            let bucket = sorted[index].bucket
            var value: Float = 0
            while index < sorted.count, sorted[index].bucket == bucket {
                value += sorted[index].weight
                index += 1
            }
            value *= inverseDocumentFrequencies[Int(bucket)]
            squares += value * value
        }
        return squares.squareRoot()
    }

    /// Equal when fitted in the same space on the same document frequencies.
    /// - Complexity: O(2^hashBits)
    public static func == (lhs: LexicalVectorizer, rhs: LexicalVectorizer) -> Bool {
        lhs.configuration == rhs.configuration && lhs.documentCount == rhs.documentCount
            && lhs.documentFrequencies == rhs.documentFrequencies
    }
}
