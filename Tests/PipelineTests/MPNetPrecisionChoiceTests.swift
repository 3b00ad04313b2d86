import Foundation
import SentenceEncoder
import Testing
@testable import Pipeline

/// What a run records for all-mpnet-base-v2's `--precision`: auto resolves to bf16 on a CPU with
/// AVX-512 BF16 (stored vectors int8-compacted), else fp32 (float32 vectors); int8 is a usage
/// error that says what to pass. Only the model's config.json is needed (no weights).
@Suite struct MPNetPrecisionChoiceTests {
    /// A folder holding all-mpnet-base-v2's config.json (its model type is what decides).
    static func mpnetFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("all-mpnet-base-v2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = """
            {"model_type": "mpnet", "vocab_size": 30527, "hidden_size": 768, "num_hidden_layers": 12,
             "num_attention_heads": 12, "intermediate_size": 3072, "max_position_embeddings": 514,
             "pad_token_id": 1, "relative_attention_num_buckets": 32, "layer_norm_eps": 1e-05}
            """
        try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func autoRecordsBF16WhereTheCPUHasItElseFP32() throws {
        // Given an mpnet model folder
        let folder = try Self.mpnetFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        // When a run chooses --precision=auto for it on this CPU
        var parameters = RunParameters()
        try VectorChoice.choosePrecision(.auto, modelDirectory: folder, parameters: &parameters)

        // Then it records bf16 (int8-compacted vectors) with AVX-512 BF16, else fp32 (float32 vectors), never int8
        if CPUFeatures.current.avx512BF16 {
            #expect(parameters.encoderPrecision == .bf16)
            #expect(parameters.vectorEncoding == .int8)
        } else {
            #expect(parameters.encoderPrecision == .fp32)
            #expect(parameters.vectorEncoding == nil)
        }
    }

    @Test func int8IsAUsageErrorSayingWhatToUse() throws {
        // Given an mpnet model folder
        let folder = try Self.mpnetFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        // When a run asks for --precision=int8
        var parameters = RunParameters()
        #expect {
            try VectorChoice.choosePrecision(.int8, modelDirectory: folder, parameters: &parameters)
        } throws: { error in
            // Then it is a usage error (exit 64) naming the option, the model and the paths to use
            guard let error = error as? PipelineError, case .badUsage(let message) = error else { return false }
            return message.hasPrefix("--precision=int8: ") && message.contains("MPNet (all-mpnet-base-v2) has no int8 encoder path")
                && message.contains("--precision=bf16") && message.contains("--precision=fp32")
        }
        // and nothing is recorded
        #expect(parameters.encoderPrecision == nil)
    }
}
