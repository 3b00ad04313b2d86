import Foundation
import TextFeatures

/// Counts the lexical vector space's document frequencies on another thread while keywords are
/// still being imported: blocks of texts are handed over as the importer finds them, and
/// `finish()` counts what is left on both threads and returns the space.
///
/// Document frequencies are sums, so the space is exactly the one counted in one pass, whatever
/// thread counted which block (``LexicalVectorizer/Builder/merge(_:)``).
final class SpaceCounter: @unchecked Sendable {
    private let condition = NSCondition()
    /// Blocks handed over and not yet taken; guarded by `condition`.
    private var blocks: [[String]] = []
    private var closed = false
    private var worker: BackgroundWork<LexicalVectorizer.Builder>!

    init() {
        worker = BackgroundWork { [self] in
            var builder = LexicalVectorizer.Builder()
            while let block = next(waiting: true) { for text in block { builder.add(text) } }
            return builder
        }
    }

    /// The space of `texts`, counted on both threads.
    static func space(of texts: [String]) -> LexicalVectorizer {
        let counter = SpaceCounter()
        for start in stride(from: 0, to: texts.count, by: block) {
            counter.add(Array(texts[start..<min(start + block, texts.count)]))
        }
        return counter.finish()
    }

    /// Texts are counted in blocks of this many when they are all at hand.
    private static let block = 4_096

    /// Hands a block of texts over for counting.
    func add(_ texts: [String]) {
        condition.lock()
        blocks.append(texts)
        condition.signal()
        condition.unlock()
    }

    /// The next block to count; nil once closed and drained (or, without `waiting`, when none waits).
    private func next(waiting: Bool) -> [String]? {
        condition.lock()
        defer { condition.unlock() }
        while blocks.isEmpty, !closed, waiting { condition.wait() }
        return blocks.isEmpty ? nil : blocks.removeFirst()
    }

    /// Counts the blocks still waiting, on this thread and the counter's, and returns the space
    /// of every text handed over.
    func finish() -> LexicalVectorizer {
        close()
        var builder = LexicalVectorizer.Builder()
        while let block = next(waiting: false) { for text in block { builder.add(text) } }
        builder.merge(worker.value())
        return builder.build()
    }

    /// Stops the counting thread once it has counted what it holds (after a failed import, so
    /// the thread ends; `finish()` closes it too).
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
