import CEncoderKernels

/// The reduced-precision instructions this CPU offers, read from cpuid at run time (never from
/// compile flags: the same binary takes the fp32 path on a CPU without them).
public struct CPUFeatures: Sendable, Equatable {
    /// AVX-512 F, BW, VL and VNNI, with the OS saving the AVX-512 registers: the int8 path.
    public var avx512VNNI: Bool
    /// AVX-512 F, BW, VL and BF16, with the OS saving the AVX-512 registers: the bf16 path.
    public var avx512BF16: Bool

    public init(avx512VNNI: Bool, avx512BF16: Bool) {
        self.avx512VNNI = avx512VNNI
        self.avx512BF16 = avx512BF16
    }

    /// This machine's features.
    public static let current = CPUFeatures(avx512VNNI: kw_cpu_has_avx512_vnni(), avx512BF16: kw_cpu_has_avx512_bf16())

    /// A CPU with neither (plain AVX2 or AVX-512 F): only fp32.
    public static let baseline = CPUFeatures(avx512VNNI: false, avx512BF16: false)
}
