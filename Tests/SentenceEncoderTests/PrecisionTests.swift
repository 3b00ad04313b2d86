import Foundation
import SentenceEncoder
import Testing

/// The reduced-precision paths (int8 with VNNI, bf16) against the sentence-transformers
/// reference, the forced fp32 path, and the choice of path from the CPU's features.
@Suite(.serialized)
struct PrecisionTests {
    static func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test("int8 and bf16 embeddings have cosine ≥ 0.999 with sentence-transformers for every reference text, mean ≥ 0.9995",
          arguments: ReferenceModel.runnablePrecisions.filter { $0 != .fp32 })
    func reducedPrecisionMatchesReference(precision: Precision) throws {
        // Given the encoder at a reduced precision this CPU runs, and the reference rows
        guard let (_, rows) = ReferenceModel.load(), let encoder = ReferenceModel.encoder(precision) else { return }
        #expect(encoder.precision == precision)

        // When encoding all reference texts
        let embeddings = encoder.encode(rows.map(\.text))

        // Then every embedding is a unit vector within the bound, and the mean is tighter
        #expect(embeddings.count == rows.count)
        var cosines: [Float] = []
        for (row, embedding) in zip(rows, embeddings) {
            let norm = embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5, "norm \(norm) for \(row.text.debugDescription)")
            let cosine = Self.cosine(row.embedding, embedding)
            cosines.append(cosine)
            #expect(cosine >= 0.999, "\(precision) cosine \(cosine) for \(row.text.debugDescription)")
        }
        let mean = cosines.reduce(0, +) / Float(cosines.count)
        #expect(mean >= 0.9995, "\(precision) mean cosine \(mean)")
        let worst = zip(cosines, rows).sorted { $0.0 < $1.0 }.prefix(3).map { "\($0.0) \($0.1.text.debugDescription)" }
        print("\(precision): cosine with sentence-transformers min \(cosines.min() ?? 0), mean \(mean); worst: \(worst)")
    }

    @Test("on a CPU without VNNI or BF16, auto takes the fp32 path and gives the fp32 encoder's bits")
    func forcedFP32GivesTheFP32Result() throws {
        // Given the default (fp32) encoder, and one loaded with auto as if the CPU had neither
        guard let (reference, rows) = ReferenceModel.load() else { return }
        let baseline = try SentenceEncoder(modelDirectory: ReferenceModel.directory, precision: .auto, features: .baseline)
        let forced = try SentenceEncoder(modelDirectory: ReferenceModel.directory, precision: .fp32)

        // When encoding 30 reference texts with each
        let texts = rows.prefix(30).map(\.text)
        let expected = reference.encode(texts)

        // Then both took the fp32 path and give the same bits
        #expect(reference.precision == .fp32)
        #expect(baseline.precision == .fp32)
        #expect(forced.precision == .fp32)
        #expect(baseline.encode(texts) == expected)
        #expect(forced.encode(texts) == expected)
    }

    @Test("auto picks int8 with VNNI and BF16, else bf16 with BF16, else fp32; explicit int8/bf16 need the instructions")
    func dispatchFollowsTheCPU() throws {
        let vnni = CPUFeatures(avx512VNNI: true, avx512BF16: false)
        let bf16 = CPUFeatures(avx512VNNI: false, avx512BF16: true)
        let both = CPUFeatures(avx512VNNI: true, avx512BF16: true)
        #expect(try Precision.auto.resolved(on: both) == .int8)
        #expect(try Precision.auto.resolved(on: vnni) == .fp32)
        #expect(try Precision.auto.resolved(on: bf16) == .bf16)
        #expect(try Precision.auto.resolved(on: .baseline) == .fp32)
        #expect(try Precision.fp32.resolved(on: both) == .fp32)
        #expect(try Precision.bf16.resolved(on: both) == .bf16)
        #expect(throws: SentenceEncoderError.unsupportedPrecision(.int8)) { try Precision.int8.resolved(on: bf16) }
        #expect(throws: SentenceEncoderError.unsupportedPrecision(.int8)) { try Precision.int8.resolved(on: vnni) }
        #expect(throws: SentenceEncoderError.unsupportedPrecision(.bf16)) { try Precision.bf16.resolved(on: vnni) }
        #expect(throws: SentenceEncoderError.unsupportedPrecision(.int8)) {
            try SentenceEncoder(modelDirectory: ReferenceModel.directory, precision: .int8, features: .baseline)
        }
        #expect(SentenceEncoderError.unsupportedPrecision(.int8).description.contains("--precision=fp32"))
    }

    @Test("for MPNet auto picks bf16 with BF16 (VNNI or not), else fp32; int8 is refused on every CPU, saying what to use")
    func mpnetDispatch() throws {
        // Given the four kinds of CPU, and a folder whose config.json is all-mpnet-base-v2's type
        let vnni = CPUFeatures(avx512VNNI: true, avx512BF16: false)
        let bf16 = CPUFeatures(avx512VNNI: false, avx512BF16: true)
        let both = CPUFeatures(avx512VNNI: true, avx512BF16: true)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mpnet-precision-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try MPNetPartsTests.mpnetJSON.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)

        // When resolving each request for MPNet, from the architecture and from the folder
        // Then auto is bf16 exactly where the CPU has BF16 (never int8, even with VNNI)
        for (features, expected) in [(both, Precision.bf16), (bf16, .bf16), (vnni, .fp32), (CPUFeatures.baseline, .fp32)] {
            #expect(try Precision.auto.resolved(for: .mpnet, on: features) == expected)
            #expect(try SentenceEncoder.resolvedPrecision(.auto, modelDirectory: folder, features: features) == expected)
            #expect(try Precision.fp32.resolved(for: .mpnet, on: features) == .fp32)
            // and int8 is refused as not offered by MPNet, on every CPU
            #expect(throws: SentenceEncoderError.precisionNotOffered(.int8, model: "MPNet (all-mpnet-base-v2)")) {
                try SentenceEncoder.resolvedPrecision(.int8, modelDirectory: folder, features: features)
            }
        }
        // and an explicit bf16 needs BF16, as for BERT
        #expect(try Precision.bf16.resolved(for: .mpnet, on: bf16) == .bf16)
        #expect(throws: SentenceEncoderError.unsupportedPrecision(.bf16)) { try Precision.bf16.resolved(for: .mpnet, on: vnni) }
        // and the refusal names the model and the paths to use instead
        let message = SentenceEncoderError.precisionNotOffered(.int8, model: "MPNet (all-mpnet-base-v2)").description
        #expect(message.contains("MPNet (all-mpnet-base-v2) has no int8 encoder path"))
        #expect(message.contains("--precision=bf16") && message.contains("--precision=fp32") && message.contains("--precision=auto"))
        // while BERT (MiniLM) keeps its int8 path on the same CPU
        #expect(try Precision.auto.resolved(for: .bert, on: both) == .int8)
    }

    @Test("cpuid agrees with the kernel's view of the CPU (/proc/cpuinfo flags)")
    func cpuidMatchesCPUInfo() throws {
        // Given the flags Linux reports (x86-64 Linux only)
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flags = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return }
        let set = Set(flags.split(separator: " ").map(String.init))
        let avx512 = ["avx512f", "avx512bw", "avx512vl"].allSatisfy(set.contains)

        // Then cpuid says VNNI / BF16 exactly when the kernel lists them beside AVX-512 F, BW, VL
        #expect(CPUFeatures.current.avx512VNNI == (avx512 && set.contains("avx512_vnni")))
        #expect(CPUFeatures.current.avx512BF16 == (avx512 && set.contains("avx512_bf16")))
    }
}
