import Foundation
import Pipeline
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Draws progress on stderr when it is a terminal (a bar redrawn in place), writes notes
/// always (unless quiet), and appends every event to `--log-file`.
final class ProgressRenderer: Sendable {
    private let quiet: Bool
    private let isTerminal: Bool
    private let log: Mutex<FileHandle?>

    init(quiet: Bool, logFile: String?) {
        self.quiet = quiet
        isTerminal = isatty(2) == 1
        var handle: FileHandle?
        if let logFile {
            if !FileManager.default.fileExists(atPath: logFile) {
                _ = FileManager.default.createFile(atPath: logFile, contents: nil)
            }
            handle = FileHandle(forWritingAtPath: logFile)
            _ = try? handle?.seekToEnd()
        }
        log = Mutex(handle)
    }

    var sink: ProgressSink {
        { [self] event in handle(event) }
    }

    func handle(_ event: ProgressEvent) {
        let line: String
        var isNote = false
        switch event {
        case .imported(let file, let keywords):
            line = "imported \(keywords) keywords from \(file)"
            isNote = true
        case .batchStarted(let number, let total, let keywords):
            line = "batch \(number)/\(total): \(keywords) keywords"
        case .batchCompleted(let number, let total, let done, let all, let clusters, let ms):
            line = "batch \(number)/\(total) done in \(ms) ms: \(done)/\(all) keywords, \(clusters) clusters"
            drawBar(fraction: Double(done) / Double(max(all, 1)), label: "batch \(number)/\(total), \(clusters) clusters")
        case .refining(let keywords):
            line = "refining \(keywords) keywords (final pass, cluster ids kept)"
            isNote = true
        case .titles(let done, let pending):
            line = "titles: \(done) made, \(pending) waiting"
        case .crawled(let fetched, let queued, let skipped, let errors):
            line = "crawl: \(fetched) pages fetched, \(queued) queued, \(skipped) skipped, \(errors) errors"
            drawBar(fraction: Double(fetched) / Double(max(fetched + queued, 1)), label: line)
        case .note(let text):
            line = text
            isNote = true
        }
        log.withLock { handle in
            guard let handle else { return }
            let stamp = ISO8601DateFormatter().string(from: Date())
            handle.write(Data("\(stamp) \(line)\n".utf8))
        }
        if isNote, !quiet {
            if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            FileHandle.standardError.write(Data("kwcluster: \(line)\n".utf8))
        }
    }

    private func drawBar(fraction: Double, label: String) {
        guard isTerminal, !quiet else { return }
        let width = 30
        let filled = Int((fraction * Double(width)).rounded())
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = Int((fraction * 100).rounded())
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(percent)% \(label)".utf8))
    }

    /// Ends a drawn bar with a line break.
    func finish() {
        if isTerminal, !quiet { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        log.withLock { try? $0?.synchronize() }
    }
}
