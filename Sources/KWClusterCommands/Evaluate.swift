import ArgumentParser
import Foundation
import Lab
import Pipeline

struct Evaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure cluster quality on labelled text sets (text,label CSV): batched vs one full k-means pass.",
        discussion: "k is the number of labels. Prints NMI, ARI and accuracy (%) for both, and their NMI gap. The batched column is exactly what `create` makes (semantic runs: fine clusters merged into topics, --fine-factor)."
    )

    @Option(help: "A labelled CSV with text and label columns. Repeat for several sets.")
    var file: [String]

    @Option(help: "Keywords per batch after the first.")
    var batchSize: Int = 500

    @Option(help: "The first random seed.")
    var seed: UInt64 = 1

    @Option(help: "Run this many seeds (seed, seed+1, ...) and report the mean: k-means varies by a few NMI points between seeds.")
    var seeds: Int = 1

    @Option(help: "sample or volume.")
    var order: RunParameters.Order = .sample

    @OptionGroup var centre: CentreMassOption

    @OptionGroup var encoderPrecision: PrecisionOption

    @Option(help: "lexical (default) or semantic (needs the model).")
    var vectors: RunParameters.Vectors = .lexical

    @Option(help: "For --vectors=semantic: all-MiniLM-L6-v2, all-mpnet-base-v2 or a sentence-transformers model folder.")
    var model: String?

    @Flag(help: "Also cluster a random half, rescrape with all, and score that against one full pass.")
    var rescrape = false

    @OptionGroup var fine: FineFactorOption

    @Flag(help: "Machine-readable output.")
    var json = false

    func run() async throws {
        try await runReportingErrors {
            var parameters = RunParameters()
            parameters.batchSize = batchSize
            parameters.seed = seed
            parameters.order = order
            centre.apply(to: &parameters)
            parameters.titleYear = 2026
            do { try parameters.validate() } catch let error as PipelineError { throw ValidationError(error.description) }
            try VectorChoice.resolve(requested: vectors, model: model, offline: true, precision: encoderPrecision.precision,
                                     parameters: &parameters, progress: { _ in })
            guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
            try fine.apply(to: &parameters)
            var results: [QualityHarness.Result] = []
            if !json {
                if let factor = parameters.activeFineFactor { print("batched: \(factor) fine clusters per topic, merged by Ward") }
                print("set                 texts  labels | batched NMI   ARI   ACC     s | full NMI   ARI   ACC     s | NMI gap"
                      + (rescrape ? " | half+rescrape NMI  ARI  ACC | gap" : ""))
            }
            for path in file {
                // Read and embed each set once for all of its seeds.
                let set = try QualityHarness.LabelledSet.load(path: path, parameters: parameters)
                var runs: [QualityHarness.Result] = []
                for offset in 0..<seeds {
                    parameters.seed = seed + UInt64(offset)
                    runs.append(try await QualityHarness.evaluate(set, parameters: parameters, rescrape: rescrape))
                }
                let result = QualityHarness.Result.mean(of: runs)
                results.append(result)
                if !json { print(line(result)) }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(results), as: UTF8.self))
            }
        }
    }

    private func line(_ r: QualityHarness.Result) -> String {
        func pct(_ x: Double) -> String { String(format: "%5.1f", x * 100) }
        func secs(_ x: Double) -> String { String(format: "%5.1f", x) }
        let name = (r.seeds > 1 ? "\(r.set) x\(r.seeds)" : r.set).padding(toLength: 18, withPad: " ", startingAt: 0)
        return "\(name) \(String(format: "%6d %7d", r.texts, r.labels)) |      \(pct(r.batched.nmi)) \(pct(r.batched.ari)) "
            + "\(pct(r.batched.accuracy)) \(secs(r.batched.seconds)) |   \(pct(r.full.nmi)) \(pct(r.full.ari)) \(pct(r.full.accuracy)) "
            + "\(secs(r.full.seconds)) | \(String(format: "%+5.1f", (r.batched.nmi - r.full.nmi) * 100))"
            + (r.rescrape.map { " |             \(pct($0.nmi)) \(pct($0.ari)) \(pct($0.accuracy)) | \(String(format: "%+5.1f", ($0.nmi - r.full.nmi) * 100))" } ?? "")
    }
}
