import Dispatch

/// Runs `body` over `0 ..< count` cut into chunks of `chunkSize` (the last one shorter).
///
/// The chunks depend only on `count` and `chunkSize`, never on the number of threads, so work
/// that writes each chunk's results to its own slots, or reduces per-chunk partial results in
/// chunk order afterwards, is deterministic. With more than one chunk, chunks run on
/// `DispatchQueue.concurrentPerform` (all cores); otherwise on the calling thread.
///
/// - Complexity: the cost of the chunks, plus O(count / chunkSize) scheduling.
func forEachChunk(count: Int, chunkSize: Int, _ body: @Sendable (_ chunk: Int, _ range: Range<Int>) -> Void) {
    precondition(chunkSize > 0, "chunk size must be positive")
    guard count > 0 else { return }
    let chunks = (count + chunkSize - 1) / chunkSize
    if chunks == 1 {
        body(0, 0 ..< count)
        return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let start = chunk * chunkSize
        body(chunk, start ..< min(start + chunkSize, count))
    }
}

/// A buffer that worker threads write to at disjoint positions.
struct SharedOutput<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}

/// Runs `body` over fixed chunks and returns each chunk's result, in chunk order.
/// - Complexity: as ``forEachChunk(count:chunkSize:_:)``.
public func mapChunks<T: Sendable>(count: Int, chunkSize: Int, _ body: @Sendable (_ range: Range<Int>) -> T) -> [T] {
    guard count > 0 else { return [] }
    let chunks = (count + chunkSize - 1) / chunkSize
    var results = [T?](repeating: nil, count: chunks)
    results.withUnsafeMutableBufferPointer { buffer in
        let output = SharedOutput(buffer)
        forEachChunk(count: count, chunkSize: chunkSize) { chunk, range in
            output[chunk] = body(range)
        }
    }
    return results.map { $0! }
}
