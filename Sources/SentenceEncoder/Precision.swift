/// The arithmetic the encoder's matrix products use.
///
/// - ``fp32``: single precision everywhere (the reference path; runs on any x86-64 CPU the
///   build targets).
/// - ``int8``: Linear layers with weights quantised to int8 per output channel at load and
///   activations per row (token) at each product, summed exactly in int32 by AVX-512 VNNI
///   (`vpdpbusd`), outlier channels smoothed into the weights (SmoothQuant, from the fp32
///   model's inputs on fixed calibration texts); the feed-forward output product, whose GELU
///   inputs are too heavy-tailed for int8, runs in bf16. Needs AVX-512 VNNI and BF16.
/// - ``bf16``: Linear layers with weights and activations rounded to bfloat16, products summed
///   in single precision by AVX-512 BF16 (`vdpbf16ps`); needs a CPU with AVX-512 BF16.
/// - ``auto``: int8 when the CPU has VNNI and BF16, else bf16 when it has BF16, else fp32.
///
/// Every path gives a text the same vector whatever other texts share its call. The reduced
/// paths stay within cosine 0.999 of fp32 on the encoder's reference texts.
public enum Precision: String, Sendable, CaseIterable, Codable {
    case auto, int8, bf16, fp32

    /// The concrete path (never ``auto``) this request takes for a model of `architecture` on
    /// a CPU with `features`. MPNet has no int8 path: its int8 products measured a worst
    /// cosine of 0.9967 to sentence-transformers on the mpnet reference texts (mean 0.99941),
    /// outside the bounds every path keeps, so ``auto`` takes bf16 there.
    ///
    /// - Throws: as ``resolved(on:)``, and ``SentenceEncoderError/precisionNotOffered(_:model:)``
    ///   for int8 with MPNet.
    public func resolved(for architecture: BertConfiguration.Architecture, on features: CPUFeatures = .current) throws -> Precision {
        guard architecture == .mpnet else { return try resolved(on: features) }
        switch self {
        case .int8: throw SentenceEncoderError.precisionNotOffered(self, model: "MPNet (all-mpnet-base-v2)")
        case .auto: return features.avx512BF16 ? .bf16 : .fp32
        default: return try resolved(on: features)
        }
    }

    /// The concrete path (never ``auto``) this request takes on a CPU with `features`.
    ///
    /// - Throws: ``SentenceEncoderError/unsupportedPrecision(_:)`` when int8 or bf16 is asked
    ///   for explicitly and the CPU lacks the instructions.
    public func resolved(on features: CPUFeatures = .current) throws -> Precision {
        switch self {
        case .auto:
            if features.avx512VNNI, features.avx512BF16 { return .int8 }
            if features.avx512BF16 { return .bf16 }
            return .fp32
        case .int8:
            guard features.avx512VNNI, features.avx512BF16 else { throw SentenceEncoderError.unsupportedPrecision(self) }
            return self
        case .bf16:
            guard features.avx512BF16 else { throw SentenceEncoderError.unsupportedPrecision(self) }
            return self
        case .fp32:
            return self
        }
    }
}
