import Foundation
import Testing
@testable import Ingest

/// A throughput check, off by default: it writes a Semrush-style CSV of
/// `INGEST_BENCHMARK_ROWS` unique keywords (e.g. 1000000) and prints how long the import
/// takes. Run it in a release build:
///
///     INGEST_BENCHMARK_ROWS=1000000 swift test -c release -Xswiftc -enable-testing \
///         --scratch-path .build-ingest --filter ImportBenchmark
///
/// There is no timed assertion; the figure is printed for the reader.
@Suite("Import benchmark", .enabled(if: ProcessInfo.processInfo.environment["INGEST_BENCHMARK_ROWS"] != nil))
struct ImportBenchmarkTests {
    @Test("parse, normalise and de-duplicate a large Semrush export")
    func largeSemrushExport() throws {
        // Given a generated Keyword Magic export with unique keywords
        let rows = Int(ProcessInfo.processInfo.environment["INGEST_BENCHMARK_ROWS"] ?? "") ?? 1_000_000
        let path = try Self.writeExport(rows: rows)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // When it is imported
        let clock = ContinuousClock()
        var result: KeywordImport?
        let elapsed = try clock.measure { result = try KeywordImporter.importFiles([path]) }
        // Then every keyword is kept once (the time is printed, not asserted)
        print("Ingest benchmark: \(rows) rows imported in \(elapsed)")
        #expect(result?.keywords.count == rows)
        #expect(result?.files.first?.format == .semrushKeywordMagic)
    }

    /// Writes `rows` unique keywords built from a deterministic word list.
    ///
    /// - Complexity: O(*rows*).
    static func writeExport(rows: Int) throws -> String {
        let syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "shi", "po", "ve", "dan", "mor", "tel", "sin", "gra", "bel", "fo"]
        var generator = SplitMix64(seed: 42)
        var text = "Keyword,Intent,Volume,Trend,Keyword Difficulty,CPC (USD),Competitive Density,SERP Features,Number of Results\n"
        text.reserveCapacity(rows * 110)
        for index in 0..<rows {
            var keyword = ""
            for _ in 0..<(2 + Int(generator.next() % 3)) {
                keyword += syllables[Int(generator.next() % 16)] + syllables[Int(generator.next() % 16)] + " "
            }
            keyword += String(index, radix: 36)
            let volume = 10 + generator.next() % 100_000
            let cpc = Double(generator.next() % 500) / 100
            text += "\(keyword),Informational,\(volume),\"0.81,0.81,1.00,0.67\",\(generator.next() % 100),\(cpc),0.42,\"Sitelinks, Reviews\",1390000\n"
        }
        try FileManager.default.createDirectory(at: Fixture.scratch, withIntermediateDirectories: true)
        let path = Fixture.scratch.appendingPathComponent("ingest-benchmark-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// A tiny deterministic generator for the benchmark data.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
