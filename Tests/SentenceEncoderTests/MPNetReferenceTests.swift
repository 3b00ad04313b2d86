import Foundation
@testable import SentenceEncoder
import Testing

/// The MPNet encoder (all-mpnet-base-v2) against sentence-transformers on the reference texts of
/// Fixtures/all-mpnet-base-v2-reference.jsonl (scripts/make_reference_embeddings.py --model
/// all-mpnet-base-v2). The model is 438 MB and optional: without models/all-mpnet-base-v2
/// (scripts/fetch-model.sh all-mpnet-base-v2) these tests are skipped, saying so.
@Suite(.serialized, .enabled(if: ReferenceFixture.mpnet.isPresent,
                             "no models/all-mpnet-base-v2: run scripts/fetch-model.sh all-mpnet-base-v2"))
struct MPNetReferenceTests {
    static let fixture = ReferenceFixture.mpnet

    static func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// The rows the embedding tests encode. Release builds encode every reference text. Debug
    /// builds compile the fp32 products without FMA (`-target-cpu` is release-only, so each SIMD
    /// lane's multiply-add is a scalar `fmaf` call) and would take many minutes over the 3,055
    /// tokens, so they encode every 8th text plus every text that exercises a special case: the
    /// empty text, a literal `<pad>`, `<unk>` or `<mask>` inside the text, and the first text
    /// truncated to 384 tokens (position bias beyond 128 tokens apart). Token ids are checked
    /// for every text in both builds (tokenising is cheap).
    static func embeddingRows(_ rows: [ReferenceModel.Row]) -> [ReferenceModel.Row] {
        #if DEBUG
        let special: Set<Int32> = [1, 3, 30526]  // <pad>, <unk>, <mask> in all-mpnet-base-v2's vocabulary
        let firstTruncated = rows.firstIndex { $0.inputIDs.count == 384 }
        return rows.indices.filter { index in
            let ids = rows[index].inputIDs
            return index % 8 == 0 || index == firstTruncated || rows[index].text.isEmpty
                || ids.dropFirst().dropLast().contains { special.contains($0) }
        }.map { rows[$0] }
        #else
        return rows
        #endif
    }

    @Test("token ids equal the Hugging Face MPNet tokenizer's for every reference text")
    func tokenIDs() throws {
        // Given the model's tokenizer (from its tokenizer.json) and the reference rows
        guard let (encoder, rows) = Self.fixture.load() else { return }
        #expect(rows.count >= 300, "the reference holds a few hundred texts")
        #expect(encoder.configuration.architecture == .mpnet)
        #expect(encoder.maxSequenceLength == 384)

        // When tokenising every text
        // Then the ids equal the reference input_ids: <s> and </s>, literal <pad>, <unk> in any
        // case and <mask>, [CLS] as plain text, and truncation to 384 included
        for row in rows {
            #expect(encoder.tokenize(row.text) == row.inputIDs, "text: \(row.text.debugDescription)")
        }
        #expect(rows.contains { $0.inputIDs.count == 384 }, "the reference holds a truncated text")
        #expect(rows.contains { $0.text.isEmpty && $0.inputIDs == [0, 2] }, "the reference holds the empty text")
        #expect(rows.contains { $0.inputIDs.dropFirst().dropLast().contains(1) }, "the reference holds a literal <pad>")
    }

    @Test("fp32 embeddings have cosine ≥ 0.99999 with sentence-transformers for every reference text")
    func embeddings() throws {
        // Given the fp32 encoder and the reference rows
        guard let (encoder, allRows) = Self.fixture.load() else { return }
        let rows = Self.embeddingRows(allRows)
        #expect(rows.contains { $0.inputIDs.count == 384 } && rows.contains { $0.text.isEmpty })

        // When encoding them (all in release builds) in one call
        let embeddings = encoder.encode(rows.map(\.text))

        // Then each embedding is a 768-dimensional unit vector close to the reference, in order
        #expect(encoder.dimension == 768)
        #expect(embeddings.count == rows.count)
        var worst: Float = 1
        for (row, embedding) in zip(rows, embeddings) {
            #expect(embedding.count == 768)
            let norm = embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5, "norm \(norm) for \(row.text.debugDescription)")
            let cosine = Self.cosine(row.embedding, embedding)
            worst = min(worst, cosine)
            #expect(cosine >= 0.99999, "cosine \(cosine) for \(row.text.debugDescription)")
        }
        print("all-mpnet-base-v2 fp32: worst cosine with sentence-transformers \(worst) over \(rows.count) texts")
    }

    @Test("bf16 embeddings have cosine ≥ 0.999 with sentence-transformers for every reference text, mean ≥ 0.9995",
          arguments: ReferenceModel.runnablePrecisions.filter { $0 == .bf16 })
    func reducedPrecision(precision: Precision) throws {
        // Given the encoder at a reduced precision this CPU runs, and the reference rows
        guard let allRows = try? Self.fixture.rows().get(), let encoder = Self.fixture.encoder(precision) else {
            Issue.record("the mpnet reference or encoder could not be loaded")
            return
        }
        let rows = Self.embeddingRows(allRows)
        #expect(encoder.precision == precision)

        // When encoding the reference texts (all in release builds)
        let embeddings = encoder.encode(rows.map(\.text))

        // Then every embedding is within the bound of the MiniLM paths, and the mean tighter
        // (bf16 runs the attention output product in fp32 for MPNet)
        var cosines: [Float] = []
        for (row, embedding) in zip(rows, embeddings) {
            let cosine = Self.cosine(row.embedding, embedding)
            cosines.append(cosine)
            #expect(cosine >= 0.999, "\(precision) cosine \(cosine) for \(row.text.debugDescription)")
        }
        #expect(cosines.count == rows.count)
        let mean = cosines.reduce(0, +) / Float(max(cosines.count, 1))
        #expect(mean >= 0.9995, "\(precision) mean cosine \(mean)")
        print("all-mpnet-base-v2 \(precision): cosine with sentence-transformers min \(cosines.min() ?? 0), mean \(mean) over \(rows.count) texts")
    }

    @Test("MPNet has no int8 path: auto takes bf16 (or fp32 without BF16), an explicit int8 is refused saying what to use")
    func noInt8() throws {
        let directory = Self.fixture.directory
        let both = CPUFeatures(avx512VNNI: true, avx512BF16: true)
        #expect(try SentenceEncoder.resolvedPrecision(.auto, modelDirectory: directory, features: both) == .bf16)
        #expect(try SentenceEncoder.resolvedPrecision(.auto, modelDirectory: directory, features: .baseline) == .fp32)
        #expect(try SentenceEncoder.resolvedPrecision(.fp32, modelDirectory: directory, features: both) == .fp32)
        #expect(throws: SentenceEncoderError.precisionNotOffered(.int8, model: "MPNet (all-mpnet-base-v2)")) {
            try SentenceEncoder(modelDirectory: directory, precision: .int8, features: both)
        }
        #expect(SentenceEncoderError.precisionNotOffered(.int8, model: "MPNet").description.contains("--precision=bf16"))
        // MiniLM keeps its int8 path
        #expect(try SentenceEncoder.resolvedPrecision(.auto, modelDirectory: ReferenceModel.directory, features: both) == .int8)
    }

    @Test("a text's vector does not depend on the longer texts of its batch (the position bias table is the batch's)")
    func batchIndependence() throws {
        // Given the encoder, short texts and a long one that sets the batch's bias table
        guard let (encoder, rows) = Self.fixture.load() else { return }
        // (debug builds take the longest text under 384 tokens, a tenth of the fp32 work: the
        // table still differs between the batch and each text alone)
        #if DEBUG
        let long = rows.filter { $0.inputIDs.count < 384 }.max { $0.inputIDs.count < $1.inputIDs.count }
        #else
        let long = rows.first { $0.inputIDs.count == 384 }
        #endif
        guard let long, long.inputIDs.count > 20 else {
            Issue.record("no long text in the reference")
            return
        }
        let texts = ["café near me", "", long.text, "how to sort a list in python"]

        // When encoding them together, then one by one
        let together = encoder.encode(texts, threads: 1)
        let alone = texts.map { encoder.encode([$0], threads: 1)[0] }

        // Then the vectors are identical
        #expect(together == alone)
    }
}

/// MPNet's pieces that need no model files.
struct MPNetPartsTests {
    static func configuration(_ json: String) throws -> BertConfiguration {
        try JSONDecoder().decode(BertConfiguration.self, from: Data(json.utf8))
    }

    static let mpnetJSON = """
        {"model_type": "mpnet", "vocab_size": 100, "hidden_size": 16, "num_hidden_layers": 1,
         "num_attention_heads": 2, "intermediate_size": 32, "max_position_embeddings": 514,
         "pad_token_id": 1, "relative_attention_num_buckets": 32, "layer_norm_eps": 1e-05}
        """

    @Test("relative position buckets equal transformers' MPNetEncoder.relative_position_bucket (recorded with 5.25)",
          arguments: [
        // (key offset from the query, bucket): exact below 8, logarithmic up to 128, keys after the query in the upper half
        (0, 0), (-1, 1), (-7, 7), (-8, 8), (-15, 9), (-16, 10), (-17, 10), (-31, 11), (-32, 12), (-33, 12),
        (-63, 13), (-64, 14), (-65, 14), (-127, 15), (-128, 15), (-129, 15), (-500, 15),
        (1, 17), (7, 23), (8, 24), (15, 25), (16, 26), (17, 26), (31, 27), (32, 28), (33, 28),
        (63, 29), (64, 30), (65, 30), (127, 31), (128, 31), (129, 31), (500, 31),
    ])
    func buckets(offset: Int, bucket: Int) {
        #expect(RelativePositionBias.bucket(offset: offset, buckets: 32) == bucket)
    }

    @Test("the bias table holds each head's value of the offset's bucket")
    func offsetsTable() {
        // Given a table whose value for (bucket b, head h) is 100 h + b
        let table = (0..<32).flatMap { bucket in (0..<2).map { head in Float(100 * head + bucket) } }
        let bias = RelativePositionBias(table: table, buckets: 32, heads: 2)

        // When laying it out for sequences of at most 20 tokens
        let offsets = bias.offsets(longest: 20)

        // Then row h, column offset + 19 holds 100 h + bucket(offset)
        #expect(offsets.count == 2 * 39)
        for head in 0..<2 {
            for offset in -19...19 {
                let expected = Float(100 * head + RelativePositionBias.bucket(offset: offset, buckets: 32))
                #expect(offsets[head * 39 + offset + 19] == expected)
            }
        }
    }

    @Test("MPNet positions start after the padding id and skip padding tokens; BERT's start at 0")
    func positionIDs() throws {
        let mpnet = try Self.configuration(Self.mpnetJSON)
        #expect(mpnet.architecture == .mpnet)
        #expect(mpnet.longestSequence == 512)
        #expect(BertModel.positionIDs([0, 7596, 2], configuration: mpnet) == [2, 3, 4])
        #expect(BertModel.positionIDs([0, 2081, 1, 2048, 2], configuration: mpnet) == [2, 3, 1, 4, 5])
        let bert = try Self.configuration(Self.mpnetJSON.replacingOccurrences(of: "\"mpnet\"", with: "\"bert\""))
        #expect(bert.architecture == .bert)
        #expect(BertModel.positionIDs([101, 1, 102], configuration: bert) == [0, 1, 2])
    }

    @Test("a config.json of another model type is refused, naming the file")
    func otherModelType() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mpnet-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("config.json")
        try Self.mpnetJSON.replacingOccurrences(of: "\"mpnet\"", with: "\"roberta\"").write(to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try BertConfiguration.load(from: url)
        } throws: { error in
            "\(error)".contains(url.path) && "\(error)".contains("bert or mpnet")
        }
    }
}
