// encoder-bench: throughput and per-operation profile of the native sentence encoder at each
// precision, for issue #30 and the README's figures (not part of the product).
//
//   swift build -c release --product encoder-bench
//   .build/release/encoder-bench [--model=DIR] [--keywords=CSV | --texts=FILE] [--count=N] [--rounds=R]
//                                [--precisions=fp32,int8,bf16] [--threads=N] [--profile]
//   (--threads=1 keeps all the work on one thread; the default is one per core)
//   (all-mpnet-base-v2 has no int8 path: --model=models/all-mpnet-base-v2 --precisions=fp32,bf16)
//
// Keywords are the `Keyword` column of the CSV (default Samples/example-com-keywords.csv),
// repeated with a number appended until there are COUNT. Each round encodes them all once per
// precision, the precisions alternating so other load on the machine hits them alike; the
// median rate per precision (wall time, and per CPU-second of the process, steadier on a loaded
// machine) and its ratio to fp32 are printed, with the cosines to fp32 (lowest, 1st percentile,
// mean). --texts=FILE takes one text per line instead (e.g. a labelled set's texts, to see the
// cosines on longer texts than keywords), all of them unless --count is given.
// --profile also times each operation of the forward pass on one core per token length.
import Foundation
import SentenceEncoder

struct Options {
    var model = "models/all-MiniLM-L6-v2"
    var keywords = "Samples/example-com-keywords.csv"
    var texts: String?
    var count: Int?
    var rounds = 3
    var precisions: [Precision] = [.fp32, .int8, .bf16]
    var profile = false
    var threads = ProcessInfo.processInfo.activeProcessorCount

    init(arguments: [String]) throws {
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let value = parts.count == 2 ? parts[1] : ""
            switch parts[0] {
            case "--model": model = value
            case "--keywords": keywords = value
            case "--texts": texts = value
            case "--count": count = try Self.positive(value, argument)
            case "--rounds": rounds = try Self.positive(value, argument)
            case "--threads": threads = try Self.positive(value, argument)
            case "--profile": profile = true
            case "--precisions":
                precisions = try value.split(separator: ",").map {
                    guard let precision = Precision(rawValue: String($0)) else { throw Failure("unknown precision in \(argument)") }
                    return precision
                }
            default: throw Failure("unknown argument \(argument) (see the comment at the top of Sources/encoder-bench/main.swift)")
            }
        }
    }

    static func positive(_ value: String, _ argument: String) throws -> Int {
        guard let number = Int(value), number > 0 else { throw Failure("\(argument): expected a positive whole number") }
        return number
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The second field of each CSV line after the header (the `Keyword` column), quotes handled.
func readKeywords(_ path: String) throws -> [String] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().compactMap { line -> String? in
        var fields: [String] = [], field = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() } else if character == ",", !quoted { fields.append(field); field = "" } else { field.append(character) }
            if fields.count == 2 { break }
        }
        fields.append(field)
        return fields.count > 1 && !fields[1].isEmpty ? fields[1] : nil
    }
}

/// The non-empty lines of a text file.
func readLines(_ path: String) throws -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw Failure("--texts=\(path): cannot read the file as UTF-8 text (one text per line)")
    }
    return text.split(separator: "\n").map(String.init)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

/// User + system CPU seconds of this process so far: steadier than wall time on a loaded machine.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

do {
    let options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
    let source = options.texts ?? options.keywords
    let base = try options.texts.map(readLines) ?? readKeywords(options.keywords)
    guard !base.isEmpty else { throw Failure("no texts in \(source)") }
    let count = options.count ?? (options.texts == nil ? 3_000 : base.count)
    let texts = (0..<count).map { $0 < base.count ? base[$0] : "\(base[$0 % base.count]) \($0 / base.count)" }
    let model = URL(fileURLWithPath: options.model, isDirectory: true)
    var loadSeconds: [Double] = []
    let encoders = try options.precisions.map { precision in
        let start = ContinuousClock.now
        defer { loadSeconds.append(seconds(start.duration(to: .now))) }
        return try SentenceEncoder(modelDirectory: model, precision: precision)
    }
    let tokens = texts.reduce(0) { $0 + encoders[0].tokenize($1).count }
    print("encoder-bench: \(texts.count) \(options.texts == nil ? "keywords" : "texts of \(source)") (\(tokens) tokens, \(String(format: "%.1f", Double(tokens) / Double(texts.count))) per text), "
          + "\(options.threads) threads, CPU \(CPUFeatures.current); model loaded in "
          + zip(encoders, loadSeconds).map { String(format: "%.2f s (%@)", $1, $0.precision.rawValue) }.joined(separator: ", "))

    // Throughput, precisions alternating within each round.
    for encoder in encoders { _ = encoder.encode(Array(texts.prefix(200))) }  // warm-up
    var rates = [[Double]](repeating: [], count: encoders.count)
    var cpuRates = [[Double]](repeating: [], count: encoders.count)
    var vectors = [[[Float]]](repeating: [], count: encoders.count)
    for _ in 0..<options.rounds {
        for (index, encoder) in encoders.enumerated() {
            let start = ContinuousClock.now, cpuStart = cpuSeconds()
            vectors[index] = encoder.encode(texts, threads: options.threads)
            rates[index].append(Double(texts.count) / seconds(start.duration(to: .now)))
            cpuRates[index].append(Double(texts.count) / (cpuSeconds() - cpuStart))
        }
    }
    let medians = rates.map { $0.sorted()[$0.count / 2] }
    let cpuMedians = cpuRates.map { $0.sorted()[$0.count / 2] }
    let reference = options.precisions.firstIndex(of: .fp32)
    for (index, encoder) in encoders.enumerated() {
        var line = String(format: "  %-5@ %7.0f keywords/s (median of %d: %@), %5.0f per CPU-second", encoder.precision.rawValue,
                          medians[index], options.rounds, rates[index].map { String(format: "%.0f", $0) }.joined(separator: ", "),
                          cpuMedians[index])
        if let reference, reference != index {
            let cosines = zip(vectors[reference], vectors[index]).map { cosine($0.0, $0.1) }.sorted()
            line += String(format: "  %.2fx fp32 (CPU time %.2fx), cosine to fp32 min %.5f 1st percentile %.5f mean %.5f",
                           medians[index] / medians[reference], cpuMedians[index] / cpuMedians[reference],
                           cosines[0], cosines[cosines.count / 100], cosines.reduce(0, +) / Float(cosines.count))
        }
        print(line)
    }

    // Where time goes: one core, one batch of ~512 tokens per call, keywords grouped by token count.
    if options.profile {
        var byLength: [Int: [String]] = [:]
        for text in texts { byLength[encoders[0].tokenize(text).count, default: []].append(text) }
        for length in byLength.keys.sorted() where byLength[length, default: []].count >= 100 {
            let group = Array(byLength[length, default: []].prefix(1_000))
            print("profile: \(group.count) keywords of \(length) tokens, one core, milliseconds per 1,000 keywords")
            for encoder in encoders {
                let timer = OperationTimer()
                let perCall = max(1, 512 / length)
                for start in stride(from: 0, to: group.count, by: perCall) {
                    _ = encoder.profile(Array(group[start..<min(group.count, start + perCall)]), timer: timer)
                }
                let scale = 1_000 / Double(group.count) * 1_000
                let total = timer.seconds.values.reduce(0, +) * scale
                let parts = OperationTimer.Operation.allCases.compactMap { operation in
                    timer.seconds[operation].map { String(format: "%@ %.1f", operation.rawValue, $0 * scale) }
                }
                print(String(format: "  %-5@ total %6.1f  ", encoder.precision.rawValue, total) + parts.joined(separator: ", "))
            }
        }
    }
} catch {
    FileHandle.standardError.write(Data("encoder-bench: \(error)\n".utf8))
    exit(1)
}
