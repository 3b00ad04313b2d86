/// The choices that define a lexical vector space. It is fixed per project and stored with
/// the fitted vectorizer: changing any field gives a different, incompatible space.
///
/// The defaults were chosen by clustering seven labelled short-text sets (Banking77,
/// Biomedical, CLINC150, GoogleNews-T, SearchSnippets, StackOverflow, Tweet) with
/// `KMeansModel.fit` at k = number of labels, mean of 3 seeds. Mean NMI / ACC over the sets:
/// scikit-learn's default TF-IDF vectors 58.0 / 49.6; words, no stemming, stop words kept
/// 57.0 / 49.0; + stemming 60.5 / 52.3; + stop words at 0.3 62.7 / 53.4; + bigrams at weight
/// 0.3 61.7 / 52.3 (worse: off); + character 4-grams at share 0.2 / 0.3 / 0.4: 63.4 / 55.0,
/// 64.0 / 55.1, 64.7 / 55.5 (share 0.4 beat words alone on NMI in all seven sets: on).
/// Character n-grams multiply a keyword's non-zeros by about 4 and k-means time by about 3;
/// `characterNGramMaximum = 0` gives the words-only space.
public struct LexicalConfiguration: Sendable, Codable, Equatable {
    /// The space has `2^hashBits` dimensions. Default 20 (1,048,576), large enough that
    /// collisions between the features of a million keywords are rare. Allowed 8...30.
    public var hashBits: Int
    /// Whether words are reduced by `LightStemmer` (`shoes`, `shoe` → `shoe`). Default true.
    public var stemming: Bool
    /// Whether pairs of neighbouring content words (stop words skipped) are features too
    /// (`running shoes for men` → `run shoe`, `shoe men`). Default false: they lowered NMI by
    /// about 1 point on every measured set, at weight 1 and at weight 0.3.
    public var useBigrams: Bool
    /// The weight of a bigram feature relative to a word. Default 0.3 (used only with bigrams).
    public var bigramWeight: Float
    /// The weight of a stop word's own feature relative to a content word (`StopWords`):
    /// 1 keeps them as ordinary words, 0 drops them. Stop words never form bigrams or
    /// character n-grams. Default 0.3: better than keeping them (+2 NMI) and than dropping
    /// them (+0.8 NMI); keywords made only of stop words (`how to`) still get a vector.
    public var stopWordWeight: Float
    /// The shortest and longest character n-grams taken from each content word padded with a
    /// space on both sides (` shoe ` gives ` sh`, `sho`, `hoe`, `oe `). N-grams are counted in
    /// UTF-8 bytes, so they are characters for ASCII. A maximum of 0 turns them off.
    /// Default 4...4: 4-grams alone did as well as 3...5 at a third of the non-zeros.
    public var characterNGramMinimum: Int
    /// See `characterNGramMinimum`.
    public var characterNGramMaximum: Int
    /// The share of the vector given to character n-grams: the word block and the n-gram
    /// block are each scaled to unit length, weighted `1 - w` and `w`, summed and scaled to
    /// unit length again. Default 0.4.
    public var characterNGramWeight: Float

    public init(
        hashBits: Int = 20,
        stemming: Bool = true,
        useBigrams: Bool = false,
        bigramWeight: Float = 0.3,
        stopWordWeight: Float = 0.3,
        characterNGramMinimum: Int = 4,
        characterNGramMaximum: Int = 4,
        characterNGramWeight: Float = 0.4
    ) {
        precondition((8...30).contains(hashBits), "hashBits must be in 8...30")
        precondition(stopWordWeight >= 0, "stopWordWeight must not be negative")
        precondition(bigramWeight >= 0, "bigramWeight must not be negative")
        precondition(characterNGramMaximum == 0 || (1...characterNGramMaximum).contains(characterNGramMinimum),
                     "character n-gram sizes must satisfy 1 <= minimum <= maximum, or maximum == 0")
        precondition((0...1).contains(characterNGramWeight), "characterNGramWeight must be in 0...1")
        self.hashBits = hashBits
        self.stemming = stemming
        self.useBigrams = useBigrams
        self.bigramWeight = bigramWeight
        self.stopWordWeight = stopWordWeight
        self.characterNGramMinimum = characterNGramMinimum
        self.characterNGramMaximum = characterNGramMaximum
        self.characterNGramWeight = characterNGramWeight
    }

    /// Whether character n-grams are features.
    public var usesCharacterNGrams: Bool { characterNGramMaximum > 0 && characterNGramWeight > 0 }

    /// The number of dimensions, `2^hashBits`.
    public var dimension: Int { 1 << hashBits }

    /// The documented defaults.
    public static let `default` = LexicalConfiguration()
}
