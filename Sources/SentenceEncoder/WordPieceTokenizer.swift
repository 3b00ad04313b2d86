import Foundation

/// BERT's uncased WordPiece tokenizer, equal to the Hugging Face tokenizer of
/// sentence-transformers models (`BertTokenizerFast` with its `tokenizer.json` settings, and
/// MPNet's, which is the same with other special tokens).
///
/// A text is cut at the special tokens it spells literally (`[CLS]`, `[SEP]`, ...; MPNet's
/// `<s>`, `</s>`, `<pad>`, `<unk>`, `<mask>`, `[UNK]`), each other part goes through
/// ``BertPreTokenizer`` and then greedy longest-match-first WordPiece (pieces after the first
/// carry the `##` prefix; a word longer than 100 scalars, or one that cannot be covered by
/// vocabulary pieces, becomes a single unknown token, `[UNK]`). The ids are truncated to
/// `maxLength - 2` and wrapped in `[CLS]` ... `[SEP]` (MPNet: `<s>` ... `</s>`).
public struct WordPieceTokenizer: Sendable {
    /// Vocabulary pieces by their UTF-8 bytes. Keys are bytes, not `String`, because `String`
    /// equality is canonical equivalence and the vocabulary must match scalar for scalar.
    private let vocabulary: [[UInt8]: Int32]
    /// The special tokens that are matched in the raw text; `anyCase` for those Hugging Face
    /// matches after normalisation (lower-casing), so `<UNK>` is MPNet's `<unk>`.
    private let specialTokens: [(text: String, id: Int32, anyCase: Bool)]
    /// The characters a special token starts with (upper and lower case), where the raw text
    /// may be cut.
    private let specialStarts: Set<Character>

    public let unknownID: Int32
    public let classifierID: Int32
    public let separatorID: Int32
    /// The longest id sequence ``encode(_:)`` returns, special tokens included.
    public let maxLength: Int
    /// Words with more scalars than this become `[UNK]`.
    public var maxWordLength: Int { 100 }

    /// The number of entries of the vocabulary.
    public var vocabularySize: Int { vocabulary.count }

    /// Builds a tokenizer from the lines of a `vocab.txt` (the id of a piece is its line number).
    ///
    /// - Returns: nil when `[UNK]`, `[CLS]` or `[SEP]` is missing from the vocabulary.
    /// - Complexity: O(vocabulary size).
    public init?(vocabularyLines: [String], maxLength: Int = 256) {
        var vocabulary: [[UInt8]: Int32] = [:]
        vocabulary.reserveCapacity(vocabularyLines.count)
        for (index, line) in vocabularyLines.enumerated() {
            // A repeated line keeps the later id, as Hugging Face's vocabulary loader does.
            vocabulary[Array(line.utf8)] = Int32(index)
        }
        guard let unknown = vocabulary[Array("[UNK]".utf8)],
              let classifier = vocabulary[Array("[CLS]".utf8)],
              let separator = vocabulary[Array("[SEP]".utf8)]
        else { return nil }
        let specials = ["[MASK]", "[PAD]", "[UNK]", "[CLS]", "[SEP]"].compactMap { text in
            vocabulary[Array(text.utf8)].map { (text, $0, false) }
        }
        self.init(vocabulary: vocabulary, unknownID: unknown, classifierID: classifier, separatorID: separator,
                  specialTokens: specials, maxLength: maxLength)
    }

    private init(
        vocabulary: [[UInt8]: Int32], unknownID: Int32, classifierID: Int32, separatorID: Int32,
        specialTokens: [(text: String, id: Int32, anyCase: Bool)], maxLength: Int
    ) {
        self.vocabulary = vocabulary
        self.unknownID = unknownID
        self.classifierID = classifierID
        self.separatorID = separatorID
        self.maxLength = max(2, maxLength)
        // Longest first, so a token is never cut short by another that starts it.
        self.specialTokens = specialTokens.filter { !$0.text.isEmpty }
            .sorted { $0.text.unicodeScalars.count > $1.text.unicodeScalars.count }
        var starts = Set<Character>()
        for token in self.specialTokens {
            guard let first = token.text.first else { continue }
            starts.insert(first)
            if token.anyCase {
                starts.formUnion(first.uppercased())
                starts.formUnion(first.lowercased())
            }
        }
        self.specialStarts = starts
    }

    /// Loads a Hugging Face `tokenizer.json` of an uncased WordPiece model: the vocabulary
    /// with its ids, the unknown token (`model.unk_token`), the tokens wrapped around every
    /// text (the post-processor's `cls` and `sep`, or a template's special tokens) and the
    /// added tokens matched literally in the raw text.
    ///
    /// - Throws: ``SentenceEncoderError`` naming the file when it is missing or describes
    ///   another kind of tokenizer (not BertNormalizer with lowercase, BertPreTokenizer and
    ///   WordPiece with `##`), or an id is out of place.
    /// - Complexity: O(file size).
    public init(tokenizerJSONURL url: URL, maxLength: Int = 256) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SentenceEncoderError.missingFile(url)
        }
        func invalid(_ reason: String) -> SentenceEncoderError { .invalidFile(url, reason: reason) }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw invalid("not a JSON object")
        }
        guard let normalizer = root["normalizer"] as? [String: Any], normalizer["type"] as? String == "BertNormalizer",
              normalizer["lowercase"] as? Bool == true, (normalizer["strip_accents"] as? Bool) != false
        else { throw invalid("only an uncased BertNormalizer (lowercase, accents stripped) is supported") }
        guard let preTokenizer = root["pre_tokenizer"] as? [String: Any], preTokenizer["type"] as? String == "BertPreTokenizer"
        else { throw invalid("only the BertPreTokenizer is supported") }
        guard let model = root["model"] as? [String: Any], model["type"] as? String == "WordPiece",
              (model["continuing_subword_prefix"] as? String ?? "##") == "##",
              let unknownText = model["unk_token"] as? String,
              let pieces = model["vocab"] as? [String: Int]
        else { throw invalid("model is not WordPiece with a vocab, an unk_token and the ## prefix") }
        var vocabulary: [[UInt8]: Int32] = [:]
        vocabulary.reserveCapacity(pieces.count)
        for (piece, id) in pieces { vocabulary[Array(piece.utf8)] = Int32(id) }

        var specials: [(text: String, id: Int32, anyCase: Bool)] = []
        for case let token as [String: Any] in root["added_tokens"] as? [Any] ?? [] {
            guard let text = token["content"] as? String, let id = token["id"] as? Int else {
                throw invalid("an added token lacks its content or id")
            }
            guard vocabulary[Array(text.utf8)].map(Int.init) ?? id == id else {
                throw invalid("added token \(text) has id \(id), the vocabulary another")
            }
            vocabulary[Array(text.utf8)] = Int32(id)
            specials.append((text, Int32(id), token["normalized"] as? Bool ?? false))
        }

        // RobertaProcessing / BertProcessing: "cls": [text, id], "sep": [text, id];
        // TemplateProcessing: the first and last special tokens of the single-text template.
        let processor = root["post_processor"] as? [String: Any] ?? [:]
        var wrap: [String] = []
        if let cls = processor["cls"] as? [Any], let sep = processor["sep"] as? [Any],
           let first = cls.first as? String, let last = sep.first as? String {
            wrap = [first, last]
        } else if let single = processor["single"] as? [[String: Any]] {
            wrap = single.compactMap { ($0["SpecialToken"] as? [String: Any])?["id"] as? String }
        }
        guard wrap.count == 2, let classifier = vocabulary[Array(wrap[0].utf8)],
              let separator = vocabulary[Array(wrap[1].utf8)]
        else { throw invalid("the post_processor does not wrap a single text in two special tokens") }
        guard let unknown = vocabulary[Array(unknownText.utf8)] else {
            throw invalid("the unk_token \(unknownText) is not in the vocabulary")
        }
        self.init(vocabulary: vocabulary, unknownID: unknown, classifierID: classifier, separatorID: separator,
                  specialTokens: specials, maxLength: maxLength)
    }

    /// Loads `vocab.txt`.
    ///
    /// - Throws: ``SentenceEncoderError`` naming the file when it is missing, not UTF-8, or
    ///   lacks the special tokens.
    /// - Complexity: O(file size).
    public init(vocabularyURL url: URL, maxLength: Int = 256) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SentenceEncoderError.missingFile(url)
        }
        guard let contents = try? String(contentsOf: url, encoding: .utf8) else {
            throw SentenceEncoderError.invalidFile(url, reason: "not readable as UTF-8 text")
        }
        var lines = contents.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        guard let tokenizer = WordPieceTokenizer(vocabularyLines: lines, maxLength: maxLength) else {
            throw SentenceEncoderError.invalidFile(url, reason: "the vocabulary lacks [UNK], [CLS] or [SEP]")
        }
        self = tokenizer
    }

    /// The token ids of `text`: `[CLS]`, at most `maxLength - 2` word pieces, `[SEP]`.
    ///
    /// - Complexity: O(n × w) for a text of n scalars whose longest word has w scalars
    ///   (w ≤ 100).
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [classifierID]
        let budget = maxLength - 2
        for segment in splitOnSpecialTokens(text) {
            switch segment {
            case .special(let id):
                ids.append(id)
            case .text(let part):
                for word in BertPreTokenizer.words(part) {
                    appendPieces(of: word, to: &ids)
                    if ids.count > budget { break }
                }
            }
            if ids.count > budget { break }
        }
        if ids.count > budget + 1 { ids.removeSubrange((budget + 1)...) }
        ids.append(separatorID)
        return ids
    }

    /// The WordPiece tokens of `text` as strings, without `[CLS]` and `[SEP]` (for inspection).
    ///
    /// - Complexity: as ``encode(_:)`` plus O(vocabulary size) once to invert it.
    public func tokens(_ text: String) -> [String] {
        var names: [Int32: String] = [:]
        for (bytes, id) in vocabulary { names[id] = String(decoding: bytes, as: UTF8.self) }
        return encode(text).dropFirst().dropLast().map { names[$0] ?? "[UNK]" }
    }

    private enum Segment {
        case text(String)
        case special(Int32)
    }

    /// Cuts the raw text at literal special tokens, which Hugging Face matches before
    /// normalisation (added tokens with `normalized: false`) or after it (`normalized: true`,
    /// matched here in any case: lower-casing is what normalisation changes in those tokens).
    ///
    /// - Complexity: O(text length × special token count).
    private func splitOnSpecialTokens(_ text: String) -> [Segment] {
        guard text.contains(where: specialStarts.contains) else { return [.text(text)] }
        var segments: [Segment] = []
        var rest = Substring(text)
        while let bracket = rest.firstIndex(where: specialStarts.contains) {
            let tail = rest[bracket...]
            if let match = specialTokens.first(where: { token in
                token.anyCase
                    ? tail.unicodeScalars.starts(with: token.text.unicodeScalars) {
                        $0.properties.lowercaseMapping == String($1).lowercased()
                    }
                    : tail.unicodeScalars.starts(with: token.text.unicodeScalars)
            }) {
                segments.append(.text(String(rest[..<bracket])))
                segments.append(.special(match.id))
                let after = tail.unicodeScalars.index(tail.startIndex, offsetBy: match.text.unicodeScalars.count)
                rest = tail[after...]
            } else {
                segments.append(.text(String(rest[...bracket])))
                rest = rest[rest.index(after: bracket)...]
            }
        }
        segments.append(.text(String(rest)))
        return segments
    }

    /// Greedy longest-match-first WordPiece for one word.
    ///
    /// - Complexity: O(w²) for w scalars (each piece tries shrinking candidates).
    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        guard word.count <= maxWordLength else {
            ids.append(unknownID)
            return
        }
        // UTF-8 offsets of every scalar boundary, so candidates are byte slices.
        var utf8: [UInt8] = []
        var boundaries: [Int] = [0]
        for scalar in word {
            utf8.append(contentsOf: scalar.utf8)
            boundaries.append(utf8.count)
        }
        var pieces: [Int32] = []
        var start = 0
        var key: [UInt8] = []
        while start < word.count {
            var end = word.count
            var found: Int32?
            while end > start {
                key.removeAll(keepingCapacity: true)
                if start > 0 { key.append(contentsOf: [UInt8(ascii: "#"), UInt8(ascii: "#")]) }
                key.append(contentsOf: utf8[boundaries[start]..<boundaries[end]])
                if let id = vocabulary[key] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.append(unknownID)
                return
            }
            pieces.append(id)
            start = end
        }
        ids.append(contentsOf: pieces)
    }
}
