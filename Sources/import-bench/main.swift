import Foundation
import Ingest

// Imports keyword files as `create --keywords` would and prints the rate (and the CPU time:
// all of it, and the importing thread's), for measuring the importer alone (peak memory with
// /usr/bin/time -v). Not part of the product:
//
//     swift build -c release --product import-bench
//     python3 scripts/make-import-benchmark.py 1000000 /tmp/import-bench
//     /usr/bin/time -v .build/release/import-bench /tmp/import-bench/keywords-1000000.xlsx
//
// Usage: import-bench [--sheet=NAME] [--column=NAME] [--show=N] FILE...
var sheet: String?
var column: String?
var show = 0
var paths: [String] = []
for argument in CommandLine.arguments.dropFirst() {
    if argument.hasPrefix("--sheet=") {
        sheet = String(argument.dropFirst("--sheet=".count))
    } else if argument.hasPrefix("--column=") {
        column = String(argument.dropFirst("--column=".count))
    } else if argument.hasPrefix("--show=") {
        show = Int(argument.dropFirst("--show=".count)) ?? 0
    } else {
        paths.append(argument)
    }
}
/// CPU seconds of `clock` (the process's, or this thread's) so far.
func cpuSeconds(_ clock: clockid_t) -> Double {
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let clock = ContinuousClock()
let start = clock.now
let (processStart, threadStart) = (cpuSeconds(CLOCK_PROCESS_CPUTIME_ID), cpuSeconds(CLOCK_THREAD_CPUTIME_ID))
do {
    let result = try KeywordImporter.importFiles(paths, column: column, sheet: sheet)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    // On a loaded machine wall time stretches with the load; the importing thread's CPU time
    // (inflating runs on another thread) is what the wall time tends to unloaded.
    let (processCPU, threadCPU) = (cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - processStart, cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - threadStart)
    for warning in result.warnings { print("warning:", warning) }
    for keyword in result.keywords.prefix(show) { print(keyword.text, keyword.metrics) }
    let rows = result.files.reduce(0) { $0 + $1.rowsRead }
    print(String(format: "%d keywords from %d rows in %.3f s: %.0f rows/s", result.keywords.count, rows, seconds, Double(rows) / seconds))
    print(String(format: "CPU: %.3f s in all, %.3f s on the importing thread: %.0f rows per importing-thread CPU second",
                 processCPU, threadCPU, Double(rows) / threadCPU))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
