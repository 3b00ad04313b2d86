import ArgumentParser
import Foundation
import Pipeline

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark the whole pipeline on a synthetic keyword set (topics x modifiers x locations).",
        discussion: """
        Prints per stage: import, time to first results (batch 1 clustered and titled, readable by export), \
        clustering, export, total, checkpoint restore, checkpoint size, peak memory and NMI against the \
        generator's topics. With --compare, also runs scripts/bench_sklearn.py (scikit-learn MiniBatchKMeans \
        on TF-IDF of the same file) when Python has scikit-learn, and prints the ratio.
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

    @Flag(help: "Also run scikit-learn on the same file, when installed, for a side-by-side ratio.")
    var compare = false

    @Flag(help: "Machine-readable output.")
    var json = false

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await runReportingErrors {
            var parameters = RunParameters()
            parameters.batchSize = batchSize
            parameters.titleYear = 2026
            do { try parameters.validate() } catch let error as PipelineError { throw ValidationError(error.description) }
            let renderer = common.progressRenderer()
            let report = try await Benchmark.run(keywords: keywords, clusters: clusters, parameters: parameters,
                                                 folder: URL(fileURLWithPath: folder), progress: renderer.sink)
            renderer.finish()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(text(report))
            }
            if compare { try compareWithScikitLearn(report) }
        }
    }

    private func text(_ r: Benchmark.Report) -> String {
        func s(_ x: Double) -> String { String(format: "%.2f s", x) }
        return """
        kwcluster bench: \(r.keywords) keywords, \(r.clusters) topics, batches of \(r.batchSize) (\(r.batches) batches), lexical
          import (parse, normalise, vector space, insert)   \(s(r.importSeconds))
          first results (batch 1 clustered and titled)     \(s(r.firstResultsSeconds))
          clustering + titles (all batches, refinement)    \(s(r.clusteringSeconds))
          export (CSV)                                     \(s(r.exportSeconds))
          total                                            \(s(r.totalSeconds))
          restore from newest checkpoint                   \(s(r.restoreLatestSeconds))
          restore, worst case (snapshot + most replays)   \(s(r.restoreWorstSeconds))
          checkpoints                                      \(r.checkpointBytes / 1024) KB in \(r.checkpointRows) rows
          database                                         \(r.databaseBytes / 1_048_576) MB
          peak memory                                      \(String(format: "%.0f MB", r.peakMemoryMB))
          clusters made                                    \(r.clustersMade)
          NMI vs generator topics                          \(String(format: "%.3f", r.nmi))
        """
    }

    private func compareWithScikitLearn(_ report: Benchmark.Report) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/bench_sklearn.py").path
        let csv = URL(fileURLWithPath: folder).appendingPathComponent("synthetic-\(keywords)-topics.csv").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--input", csv, "--k", String(clusters), "--batch-size", "1024",
                             "--kwcluster-seconds", String(report.clusteringSeconds + report.importSeconds),
                             "--kwcluster-nmi", String(report.nmi)]
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { printNotice("scikit-learn comparison skipped (see above)") }
    }
}
