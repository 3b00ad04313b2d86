import Foundation

/// Buffered output (text, or the bytes of a binary file such as a workbook) to a file or
/// standard output, flushed in 64 KB writes.
public final class OutputBuffer {
    private let handle: FileHandle
    private var buffer = Data()
    private let closesHandle: Bool

    /// Writes to `path`, or to standard output when nil.
    public init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw PipelineError.failed("cannot write \(path): check that the folder exists and is writable")
            }
            self.handle = handle
            closesHandle = true
        } else {
            handle = FileHandle.standardOutput
            closesHandle = false
        }
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func write(_ bytes: Data) {
        buffer.append(bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        flush()
        if closesHandle { try? handle.close() }
    }
}
