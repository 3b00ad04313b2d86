extension LexicalVectorizer {
    /// Counts document frequencies over a stream of keywords, then builds the vectorizer.
    ///
    /// ```swift
    /// var builder = LexicalVectorizer.Builder()
    /// for keyword in keywords { builder.add(keyword) }
    /// let vectorizer = builder.build()
    /// ```
    /// Memory is fixed: two arrays of `2^hashBits` 32-bit counters (8 MiB by default).
    public struct Builder: Sendable {
        public let configuration: LexicalConfiguration
        /// How many keywords have been added.
        public private(set) var documentCount = 0
        private var documentFrequencies: [UInt32]
        /// The 1-based number of the last document that counted each bucket, so a feature
        /// repeated inside one keyword is counted once.
        private var lastDocument: [UInt32]
        private var extractor: FeatureExtractor

        public init(configuration: LexicalConfiguration = .default) {
            self.configuration = configuration
            documentFrequencies = Array(repeating: 0, count: configuration.dimension)
            lastDocument = Array(repeating: 0, count: configuration.dimension)
            extractor = FeatureExtractor(configuration: configuration)
        }

        /// Counts the features of one keyword (a keyword with no features still counts as
        /// a document, as in scikit-learn).
        /// - Complexity: O(bytes of text)
        public mutating func add(_ text: String) {
            precondition(documentCount < Int(UInt32.max), "too many documents")
            documentCount += 1
            let stamp = UInt32(documentCount)
            extractor.extract(text)
            for feature in extractor.wordFeatures { count(feature.bucket, stamp) }
            for feature in extractor.characterFeatures { count(feature.bucket, stamp) }
        }

        @inline(__always)
        private mutating func count(_ bucket: UInt32, _ stamp: UInt32) {
            let index = Int(bucket)
            if lastDocument[index] != stamp {
                lastDocument[index] = stamp
                documentFrequencies[index] += 1
            }
        }

        /// Adds the counts of `other` (keywords added to another builder of the same
        /// configuration): the same result as adding its keywords here, so a large import
        /// can be counted in parts on several cores.
        /// - Complexity: O(2^hashBits)
        public mutating func merge(_ other: Builder) {
            precondition(other.configuration == configuration, "builders of different spaces")
            precondition(documentCount + other.documentCount < Int(UInt32.max), "too many documents")
            // Stamps of this builder stay below every later document number, so `lastDocument` stays valid.
            documentCount += other.documentCount
            for index in documentFrequencies.indices { documentFrequencies[index] += other.documentFrequencies[index] }
        }

        /// The vectorizer over every keyword added so far.
        /// - Complexity: O(2^hashBits)
        public func build() -> LexicalVectorizer {
            LexicalVectorizer(configuration: configuration, documentCount: documentCount,
                              documentFrequencies: documentFrequencies)
        }
    }
}
