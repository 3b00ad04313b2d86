import ArgumentParser
import Foundation
import Lab
import Persistence
import Pipeline
import PostgresPersistence
import SentenceEncoder

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark the whole pipeline on a synthetic keyword set (topics x modifiers x locations).",
        discussion: """
        Prints per stage: import, time to first results (batch 1 clustered and titled, readable by export), \
        clustering, export, total, checkpoint restore, checkpoint size, peak memory and NMI against the \
        generator's topics. With --compare, also runs scripts/bench_sklearn.py (scikit-learn MiniBatchKMeans \
        on TF-IDF of the same file) when Python has scikit-learn, and prints the ratio; the scripts are read from \
        --scripts (default: ./scripts, so run it from the repository's root).
        """
    )

    @Option(help: "How many keywords to generate (e.g. 10000, 100000, 1000000).")
    var keywords: Int = 100_000

    @Option(help: "The number of topics, and of clusters asked for.")
    var clusters: Int = 5_000

    @Option(help: "Keywords per batch after the first.")
    var batchSize: Int = 500

    @Option(help: "Where the synthetic file, database and export go.")
    var folder: String = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-bench").path

    @Option(help: "lexical (default) or semantic (the native sentence encoder; needs the model).")
    var vectors: RunParameters.Vectors = .lexical

    @Option(help: "With --vectors=semantic: all-MiniLM-L6-v2, all-mpnet-base-v2 or a model folder (default: as for create).")
    var model: String?

    @OptionGroup var centre: CentreMassOption

    @OptionGroup var encoderPrecision: PrecisionOption

    @OptionGroup var fine: FineFactorOption

    @Flag(help: "Also run scikit-learn on the same file, when installed, for a side-by-side ratio.")
    var compare = false

    @Option(help: "With --compare: the folder of the comparison scripts (bench_sklearn.py, compare_embedding_speed.py), the repository's scripts/.")
    var scripts: String = "scripts"

    @Flag(help: "Machine-readable output.")
    var json = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        // The comparisons are Python scripts kept in the repository, never shipped with the binary.
        guard compare else { return }
        for name in ["bench_sklearn.py", "compare_embedding_speed.py"] where !FileManager.default.fileExists(atPath: script(name)) {
            throw ValidationError("--compare runs \(script(name)), which does not exist: run from the repository's root, or pass --scripts=FOLDER (the repository's scripts/)")
        }
    }

    /// The path of one of the comparison scripts.
    private func script(_ name: String) -> String {
        URL(fileURLWithPath: scripts, isDirectory: true).appendingPathComponent(name).path
    }

    func run() async throws {
        try await runReportingErrors {
            var parameters = RunParameters()
            parameters.batchSize = batchSize
            parameters.titleYear = 2026
            centre.apply(to: &parameters)
            do { try parameters.validate() } catch let error as PipelineError { throw ValidationError(error.description) }
            let renderer = common.progressRenderer()
            try VectorChoice.resolve(requested: vectors, model: model, offline: true, precision: encoderPrecision.precision,
                                     parameters: &parameters, progress: renderer.sink)
            try fine.apply(to: &parameters)
            // Without --db (or $KWCLUSTER_DB) naming a PostgreSQL server, a SQLite file in the folder;
            // with one, that database (which must not hold a bench-example project yet).
            var database: (store: Store, bytes: @Sendable () -> Int)?
            if common.usesPostgres {
                let store = try PostgresStore(location: PostgresLocation(url: common.databasePath))
                database = (store, { (try? store.databaseBytes()) ?? 0 })
            }
            let report = try await Benchmark.run(keywords: keywords, clusters: clusters, parameters: parameters,
                                                 folder: URL(fileURLWithPath: folder), database: database, progress: renderer.sink)
            renderer.finish()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(text(report))
                if parameters.vectors == .semantic {
                    print("  encoder precision                                \((parameters.encoderPrecision ?? .fp32).rawValue)")
                }
            }
            if compare {
                if parameters.vectors == .semantic, let directory = parameters.modelDirectory {
                    try compareEmbeddingSpeed(modelDirectory: directory, precision: parameters.encoderPrecision ?? .fp32)
                } else {
                    try compareWithScikitLearn(report)
                }
            }
        }
    }

    private func text(_ r: Benchmark.Report) -> String {
        func s(_ x: Double) -> String { String(format: "%.2f s", x) }
        func pad(_ text: String) -> String { text.padding(toLength: 7, withPad: " ", startingAt: 0) }
        return """
        kwcluster bench: \(r.keywords) keywords, \(r.clusters) topics, batches of \(r.batchSize) (\(r.batches) batches), \(r.vectors)
          import (parse, normalise, vector space, insert)   \(s(r.importSeconds))
          first results (batch 1 clustered and titled)     \(s(r.firstResultsSeconds))
          clustering + titles (all batches, refinement)    \(s(r.clusteringSeconds))
          export (CSV)                                     \(s(r.exportSeconds))
          total                                            \(s(r.totalSeconds))
          restore from newest checkpoint                   \(s(r.restoreLatestSeconds))
          restore after a stop at batch \(pad(r.interruptedAfterBatch.map(String.init) ?? "-")) (resumed) \(s(r.restoreWorstSeconds))
          checkpoints                                      \(r.checkpointBytes / 1024) KB in \(r.checkpointRows) rows
          database                                         \(r.databaseBytes / 1_048_576) MB
          peak memory                                      \(String(format: "%.0f MB", r.peakMemoryMB))
          clusters made                                    \(r.clustersMade)
          NMI vs generator topics                          \(String(format: "%.3f", r.nmi))
        """
    }

    /// Times the native encoder on the first 5,000 synthetic keywords, then
    /// scripts/compare_embedding_speed.py (sentence-transformers, 2 threads) on the same texts,
    /// which prints the ratio. The Python is `$KWCLUSTER_PYTHON` or python3.
    private func compareEmbeddingSpeed(modelDirectory: String, precision: Precision) throws {
        let csv = URL(fileURLWithPath: folder).appendingPathComponent("synthetic-\(keywords)-topics.csv").path
        let count = min(keywords, 5_000)
        let texts = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst().prefix(count)
            .map { String($0[..<($0.lastIndex(of: ",") ?? $0.endIndex)]) }
        let encoder = try SentenceEncoder(modelDirectory: URL(fileURLWithPath: modelDirectory), precision: precision)
        _ = encoder.encode(Array(texts.prefix(200)))  // warm-up, as the script does
        let started = ContinuousClock.now
        _ = encoder.encode(texts)
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(texts.count) / seconds
        print(String(format: "kwcluster native encoder (%@): %d keywords in %.2f s = %.0f keywords/s",
                     precision.rawValue, texts.count, seconds, rate))
        let scriptPath = script("compare_embedding_speed.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ProcessInfo.processInfo.environment["KWCLUSTER_PYTHON"] ?? "python3", scriptPath, "--csv", csv,
                             "--count", String(count), "--threads", "2", "--model", modelDirectory,
                             "--kwcluster-rate", String(rate)]
        fflush(nil)  // our lines first, then the script's
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { printNotice("sentence-transformers comparison skipped (see above)") }
    }

    private func compareWithScikitLearn(_ report: Benchmark.Report) throws {
        let scriptPath = script("bench_sklearn.py")
        let csv = URL(fileURLWithPath: folder).appendingPathComponent("synthetic-\(keywords)-topics.csv").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath, "--input", csv, "--k", String(clusters), "--batch-size", "1024",
                             "--kwcluster-seconds", String(report.clusteringSeconds + report.importSeconds),
                             "--kwcluster-nmi", String(report.nmi)]
        fflush(nil)  // our lines first, then the script's
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { printNotice("scikit-learn comparison skipped (see above)") }
    }
}
