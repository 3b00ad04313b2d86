import ArgumentParser
import SentenceEncoder

extension Precision: ExpressibleByArgument {}

/// `--precision`: the semantic encoder's arithmetic (create, embed, evaluate, bench).
struct PrecisionOption: ParsableArguments {
    @Option(help: """
        Semantic vectors: auto (the fastest path this CPU has: int8 with AVX-512 VNNI and BF16, else bf16 with \
        AVX-512 BF16, else fp32), int8, bf16 or fp32 (the reference). A run records the path it used and resumes with it.
        """)
    var precision: Precision = .auto
}
