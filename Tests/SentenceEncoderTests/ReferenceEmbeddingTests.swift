import Foundation
import SentenceEncoder
import Testing

/// Compares the Swift encoder with sentence-transformers on the reference texts of
/// Fixtures/all-MiniLM-L6-v2-reference.jsonl (scripts/make_reference_embeddings.py).
/// The model must be present (scripts/fetch-model.sh): without it these tests fail.
@Suite(.serialized)
struct ReferenceEmbeddingTests {
    @Test("token ids equal the Hugging Face tokenizer's for every reference text")
    func tokenIDs() throws {
        // Given the model's tokenizer and the reference rows
        guard let (encoder, rows) = ReferenceModel.load() else { return }
        #expect(rows.count >= 300, "the reference holds a few hundred texts")

        // When tokenising every text
        // Then the ids equal the reference input_ids, [CLS] and [SEP] and truncation included
        for row in rows {
            #expect(encoder.tokenize(row.text) == row.inputIDs, "text: \(row.text.debugDescription)")
        }
        #expect(rows.contains { $0.inputIDs.count == 256 }, "the reference holds a truncated text")
        #expect(rows.contains { $0.text.isEmpty }, "the reference holds the empty text")
    }

    @Test("more edge cases match the Hugging Face tokenizer (ids recorded with transformers 5.24)",
          arguments: [
        ("hello [CLS] world [SEP][MASK]x", [101, 7592, 101, 2088, 102, 103, 1060, 102] as [Int32]),
        ("İstanbul ΟΔΟΣ Σίσυφος", [101, 9960, 1169, 29722, 29730, 29733, 1173, 18199, 29733, 29735, 29736, 15297, 102]),
        ("ﬁnancial ﬀ ½ ² ①", [101, 1984, 7229, 13247, 100, 1092, 1082, 100, 102]),
        ("“quoted” — dash … ellipsis ¿qué? ¡sí!",
         [101, 1523, 9339, 1524, 1517, 11454, 1529, 3449, 15000, 6190, 1094, 10861, 1029, 1067, 9033, 999, 102]),
        ("한국어 키워드 ひらがな カタカナ",
         [101, 1469, 30006, 30021, 29991, 30014, 30020, 29999, 30008, 1466, 30019, 29999, 30015, 29993, 30017,
          1673, 30211, 30177, 30193, 1700, 30235, 30226, 30241, 102]),
        ("𠀀𪜀 CJK ext", [101, 100, 100, 1039, 15992, 4654, 2102, 102]),
        ("$100 & 50% off @home #tag", [101, 1002, 2531, 1004, 2753, 1003, 2125, 1030, 2188, 1001, 6415, 102]),
    ])
    func moreTokenizerEdgeCases(text: String, expected: [Int32]) throws {
        // Given the model's tokenizer
        guard let (encoder, _) = ReferenceModel.load() else { return }

        // When tokenising literal special tokens, Greek capitals, ligatures, typographic
        // punctuation, Hangul and kana, CJK extension B and ASCII symbols
        // Then the ids are Hugging Face's
        #expect(encoder.tokenize(text) == expected)
    }

    @Test("embeddings have cosine ≥ 0.9999 with sentence-transformers for every reference text")
    func embeddings() throws {
        // Given the encoder and the reference rows
        guard let (encoder, rows) = ReferenceModel.load() else { return }

        // When encoding all texts in one call
        let embeddings = encoder.encode(rows.map(\.text))

        // Then each embedding is a unit vector close to the reference, in input order
        #expect(embeddings.count == rows.count)
        #expect(encoder.dimension == 384)
        var worst: Float = 1
        for (row, embedding) in zip(rows, embeddings) {
            #expect(embedding.count == 384)
            let norm = embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5, "norm \(norm) for \(row.text.debugDescription)")
            let cosine = zip(row.embedding, embedding).reduce(0) { $0 + $1.0 * $1.1 }
            worst = min(worst, cosine)
            #expect(cosine >= 0.9999, "cosine \(cosine) for \(row.text.debugDescription)")
        }
        print("worst cosine with sentence-transformers: \(worst)")
    }

    @Test("a text embedded alone equals the same text embedded in a batch")
    func batchIndependence() throws {
        // Given the encoder and a few reference texts
        guard let (encoder, rows) = ReferenceModel.load() else { return }
        let texts = ["café near me", "", "emoji 😀 keyword", "how to sort a list in python"]

        // When encoding them together, then one by one
        let together = encoder.encode(texts)
        let alone = texts.map { encoder.encode([$0])[0] }

        // Then the vectors are identical and the empty text matches its reference
        #expect(together == alone)
        if let empty = rows.first(where: { $0.text.isEmpty }) {
            let cosine = zip(empty.embedding, together[1]).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(cosine >= 0.9999)
        }
        #expect(encoder.encode([]).isEmpty)
    }
}
