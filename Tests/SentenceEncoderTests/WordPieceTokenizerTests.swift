import Foundation
import SentenceEncoder
import Testing

/// The tokenizer on a small hand-made vocabulary, one edge case per test. (The full
/// vocabulary is checked against Hugging Face in ReferenceEmbeddingTests.)
struct WordPieceTokenizerTests {
    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "hello", "world", "##s", "un", "##aff", "##able", ",", "!", "cafe", "北", "京", "a", "##a", "-", "the",
    ]
    // Ids: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, [MASK] 4, hello 5, world 6, ##s 7, un 8, ##aff 9,
    // ##able 10, "," 11, "!" 12, cafe 13, 北 14, 京 15, a 16, ##a 17, "-" 18, the 19.

    static func tokenizer(maxLength: Int = 256) throws -> WordPieceTokenizer {
        try #require(WordPieceTokenizer(vocabularyLines: vocabulary, maxLength: maxLength))
    }

    @Test("lower-cases, splits punctuation and continues words with ## pieces")
    func basicSplitting() throws {
        // Given the small vocabulary
        let tokenizer = try Self.tokenizer()

        // When encoding mixed case text with punctuation and a compound word
        // Then punctuation is isolated and unaffable becomes un ##aff ##able
        #expect(tokenizer.encode("Hello, WORLDs!") == [2, 5, 11, 6, 7, 12, 3])
        #expect(tokenizer.encode("unaffable") == [2, 8, 9, 10, 3])
        #expect(tokenizer.tokens("unaffable") == ["un", "##aff", "##able"])
        #expect(tokenizer.encode("well-known") == [2, 1, 18, 1, 3])
    }

    @Test("strips accents and splits CJK ideographs")
    func accentsAndCJK() throws {
        // Given the small vocabulary
        let tokenizer = try Self.tokenizer()

        // When encoding accented Latin (precomposed and decomposed) and Chinese without spaces
        // Then accents are dropped and each ideograph is a word
        #expect(tokenizer.encode("CAFÉ") == [2, 13, 3])
        #expect(tokenizer.encode("cafe\u{301}") == [2, 13, 3])
        #expect(tokenizer.encode("hello北京world") == [2, 5, 14, 15, 6, 3])
    }

    @Test("drops control characters and treats every whitespace as a separator")
    func controlAndWhitespace() throws {
        // Given the small vocabulary
        let tokenizer = try Self.tokenizer()

        // When encoding text with a control character inside a word, tabs, newlines and a
        // no-break space
        // Then the control character vanishes (joining the word) and whitespace separates
        #expect(tokenizer.encode("hel\u{1}lo") == [2, 5, 3])
        #expect(tokenizer.encode("hello\tworld\nthe\u{00A0}cafe\u{200B}") == [2, 5, 6, 19, 13, 3])
    }

    @Test("empty text, unknown words, emoji and over-long words")
    func unknowns() throws {
        // Given the small vocabulary
        let tokenizer = try Self.tokenizer()

        // When encoding an empty text, an unknown word, emoji and a 101-letter word
        // Then empty gives [CLS] [SEP]; the others become one [UNK] each
        #expect(tokenizer.encode("") == [2, 3])
        #expect(tokenizer.encode("   ") == [2, 3])
        #expect(tokenizer.encode("hello xyz") == [2, 5, 1, 3])
        #expect(tokenizer.encode("😀😀 hello") == [2, 1, 5, 3])
        #expect(tokenizer.encode(String(repeating: "a", count: 100)) == [2, 16] + [Int32](repeating: 17, count: 99) + [3])
        #expect(tokenizer.encode(String(repeating: "a", count: 101)) == [2, 1, 3])
    }

    @Test("truncates to maxLength ids, special tokens included")
    func truncation() throws {
        // Given a tokenizer limited to 5 ids
        let tokenizer = try Self.tokenizer(maxLength: 5)

        // When encoding more words than fit, the last one split in pieces
        // Then 3 pieces remain between [CLS] and [SEP]
        #expect(tokenizer.encode("hello world the cafe") == [2, 5, 6, 19, 3])
        #expect(tokenizer.encode("hello unaffable") == [2, 5, 8, 9, 3])
        #expect(tokenizer.encode("hello") == [2, 5, 3])
    }

    @Test("special tokens written in the text are kept as special tokens")
    func literalSpecialTokens() throws {
        // Given the small vocabulary
        let tokenizer = try Self.tokenizer()

        // When the text spells [SEP] and [MASK] (upper case, as Hugging Face matches them)
        // Then they map to their ids, while a lower-case [sep] is plain punctuation and text
        #expect(tokenizer.encode("hello [SEP] world[MASK]") == [2, 5, 3, 6, 4, 3])
        #expect(tokenizer.encode("[sep]") == [2, 1, 1, 1, 3])
    }

    @Test("a vocabulary without the special tokens is refused")
    func missingSpecials() {
        // Given a vocabulary lacking [CLS]
        // When building a tokenizer
        // Then it fails
        #expect(WordPieceTokenizer(vocabularyLines: ["[UNK]", "[SEP]", "hello"]) == nil)
    }

    @Test("a tokenizer.json of another kind (a byte-level BPE) is refused, naming the file and what is supported")
    func otherTokenizerJSON() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizer-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"normalizer": null, "pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {}}}"#.utf8)
            .write(to: url)
        #expect {
            _ = try WordPieceTokenizer(tokenizerJSONURL: url)
        } throws: { error in
            "\(error)".contains(url.path) && "\(error)".contains("BertNormalizer")
        }
    }

    @Test("a tokenizer.json's special tokens: wrapping from RobertaProcessing, literal matches, <unk> in any case")
    func tokenizerJSONSpecials() throws {
        // Given a small MPNet-style tokenizer.json
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizer-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let json = #"""
            {"added_tokens": [
               {"id": 0, "content": "<s>", "normalized": false}, {"id": 1, "content": "<pad>", "normalized": false},
               {"id": 2, "content": "</s>", "normalized": false}, {"id": 3, "content": "<unk>", "normalized": true},
               {"id": 4, "content": "[UNK]", "normalized": false}],
             "normalizer": {"type": "BertNormalizer", "lowercase": true, "strip_accents": null},
             "pre_tokenizer": {"type": "BertPreTokenizer"},
             "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0]},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                       "vocab": {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "[UNK]": 4, "hello": 5, "world": 6, "[": 7, "cls": 8, "]": 9}}}
            """#
        try Data(json.utf8).write(to: url)

        // When tokenising texts with literal specials
        let tokenizer = try WordPieceTokenizer(tokenizerJSONURL: url, maxLength: 16)

        // Then <s> ... </s> wrap every text, specials in the text are kept, <UNK> is <unk>,
        // BERT's [CLS] is plain text, and an unknown word is [UNK]
        #expect(tokenizer.encode("hello world") == [0, 5, 6, 2])
        #expect(tokenizer.encode("hello<pad>world </s>") == [0, 5, 1, 6, 2, 2])
        #expect(tokenizer.encode("<UNK> <Unk> [UNK]") == [0, 3, 3, 4, 2])
        #expect(tokenizer.encode("[CLS] <S> zebra") == [0, 7, 8, 9, 4, 4, 4, 4, 2])
    }
}
