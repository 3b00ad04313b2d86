import Foundation

/// BERT's uncased WordPiece tokenizer, equal to the Hugging Face tokenizer of
/// sentence-transformers models (`BertTokenizerFast` with its `tokenizer.json` settings).
///
/// A text is cut at the special tokens it spells literally (`[CLS]`, `[SEP]`, ...), each other
/// part goes through ``BertPreTokenizer`` and then greedy longest-match-first WordPiece (pieces
/// after the first carry the `##` prefix; a word longer than 100 scalars, or one that cannot be
/// covered by vocabulary pieces, becomes a single `[UNK]`). The ids are truncated to
/// `maxLength - 2` and wrapped in `[CLS]` ... `[SEP]`.
public struct WordPieceTokenizer: Sendable {
    /// Vocabulary pieces by their UTF-8 bytes. Keys are bytes, not `String`, because `String`
    /// equality is canonical equivalence and the vocabulary must match scalar for scalar.
    private let vocabulary: [[UInt8]: Int32]
    /// The special tokens that are matched in the raw text, longest first.
    private let specialTokens: [(text: String, id: Int32)]

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
        self.vocabulary = vocabulary
        self.unknownID = unknown
        self.classifierID = classifier
        self.separatorID = separator
        self.maxLength = max(2, maxLength)
        self.specialTokens = ["[MASK]", "[PAD]", "[UNK]", "[CLS]", "[SEP]"].compactMap { text in
            vocabulary[Array(text.utf8)].map { (text, $0) }
        }
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
    /// normalisation (they are added tokens with `normalized: false`).
    ///
    /// - Complexity: O(text length × special token count).
    private func splitOnSpecialTokens(_ text: String) -> [Segment] {
        guard text.contains("[") else { return [.text(text)] }
        var segments: [Segment] = []
        var rest = Substring(text)
        while let bracket = rest.firstIndex(of: "[") {
            let tail = rest[bracket...]
            if let match = specialTokens.first(where: { tail.unicodeScalars.starts(with: $0.text.unicodeScalars) }) {
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
