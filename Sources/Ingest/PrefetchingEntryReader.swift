import Foundation

/// Inflates a ZIP entry on a thread of its own, a few chunks ahead of its reader, so inflating
/// a sheet and parsing it run on two cores at once (inflating is about a third of the work).
/// Memory: `depth` chunks. Errors reach the reader in order, after the chunks before them.
final class PrefetchingEntryReader: @unchecked Sendable {
    private let source: ZipEntryReader
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [(bytes: [UInt8], count: Int)] = []
    private var spare: [[UInt8]]
    private var finished = false
    private var failure: IngestError?
    private var cancelled = false
    private var running = false
    private var started = false
    // The reader's side only.
    private var current: [UInt8] = []
    private var currentCount = 0
    private var offset = 0

    init(_ source: ZipEntryReader, chunkSize: Int = 256 << 10, depth: Int = 4) {
        self.source = source
        spare = (0..<depth).map { _ in [UInt8](repeating: 0, count: chunkSize) }
    }

    var entry: ZipArchive.Entry { source.entry }

    /// Fills the start of `buffer` with the next inflated bytes (see ``ZipEntryReader/read(into:)``).
    ///
    /// - Returns: how many bytes were written; 0 only at the verified end of the entry.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(IngestError) -> Int {
        if offset == currentCount {
            condition.lock()
            if !started {
                started = true
                running = true
                Thread { self.inflateAhead() }.start()
            }
            if !current.isEmpty {
                spare.append(current)
                current = []
                condition.broadcast()
            }
            while ready.isEmpty && !finished { condition.wait() }
            guard !ready.isEmpty else {
                let failure = failure
                condition.unlock()
                if let failure { throw failure }
                return 0
            }
            (current, currentCount) = ready.removeFirst()
            offset = 0
            condition.unlock()
        }
        let count = min(buffer.count, currentCount - offset)
        current.withUnsafeBufferPointer { source in
            buffer.baseAddress!.update(from: source.baseAddress! + offset, count: count)
        }
        offset += count
        return count
    }

    /// Stops inflating and waits for the thread to end (the reader is done early).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    /// The thread: inflates into spare chunks until the entry ends, fails, or is cancelled.
    private func inflateAhead() {
        while true {
            condition.lock()
            while spare.isEmpty && !cancelled { condition.wait() }
            guard !cancelled else {
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
            var chunk = spare.removeLast()
            condition.unlock()
            let result = Result<Int, IngestError>(catching: { () throws(IngestError) -> Int in
                try chunk.withUnsafeMutableBufferPointer { (buffer) throws(IngestError) in try source.read(into: buffer) }
            })
            condition.lock()
            switch result {
            case .success(let count) where count > 0:
                ready.append((chunk, count))
            case .success:
                finished = true
            case .failure(let error):
                failure = error
                finished = true
            }
            let done = finished
            if done { running = false }
            condition.broadcast()
            condition.unlock()
            if done { return }
        }
    }
}
