import DedicatedThread
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Bulk inserts by `COPY table (columns) FROM STDIN` in PostgreSQL's text format: the rows go
/// to the server as one stream instead of statements of bound parameters.
///
/// postgres-nio offers COPY only as an async function; the store is synchronous. The COPY runs
/// as a task on a thread of its own (never Swift's shared pool, which a caller may be blocking)
/// while the calling thread waits for it, as `PostgresSession` waits on its futures.
enum PostgresCopy {
    /// Fewer rows go as multi-row INSERTs; more, by COPY.
    static let minimumRows = 2_000
    /// Rows per COPY: the text of 20,000 keywords is a few MB.
    static let rowsPerCopy = 20_000

    private static let thread = DedicatedThreadExecutor(name: "kwcluster postgres copy")

    /// The table and columns of an `INSERT INTO table (a, b, ...)`.
    struct Target {
        let table: String
        let columns: [String]

        init?(insert: String) {
            let text = insert.trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix("INSERT INTO "), let open = text.firstIndex(of: "("), text.hasSuffix(")") else { return nil }
            table = text[text.index(text.startIndex, offsetBy: 12)..<open].trimmingCharacters(in: .whitespaces)
            columns = text[text.index(after: open)..<text.index(before: text.endIndex)].split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }

    /// The rows in COPY's text format: values separated by tabs, one row a line, NULL as `\N`.
    static func text(rows: Range<Int>, _ row: (Int, inout [SQLValue]) -> Void) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(rows.count * 128)
        var values: [SQLValue] = []
        for index in rows {
            values.removeAll(keepingCapacity: true)
            row(index, &values)
            for (column, value) in values.enumerated() {
                if column > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                switch value {
                case .null: buffer.writeStaticString("\\N")
                case .integer(let value): buffer.writeString(String(value))
                case .real(let value):
                    buffer.writeString(value.isFinite ? "\(value)" : value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity")
                case .text(let value): writeEscaped(value, to: &buffer)
                case .blob(let bytes):
                    buffer.writeStaticString("\\\\x")
                    for byte in bytes { buffer.writeString(String(format: "%02x", byte)) }
                }
            }
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        return buffer
    }

    /// Text with COPY's escapes: backslash, tab, line feed and carriage return.
    private static func writeEscaped(_ text: String, to buffer: inout ByteBuffer) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    /// Starts sending `rows` by one COPY on `connection`; `wait()` on the result waits for the
    /// server's answer. Meanwhile the caller can make the next rows' text (the connection takes
    /// one COPY at a time: wait before starting another).
    static func start(into target: Target, on connection: PostgresConnection, logger: Logger, rows: ByteBuffer) -> Transfer {
        let transfer = Transfer()
        Task(executorPreference: thread) {
            do {
                try await connection.copyFrom(table: target.table, columns: target.columns, logger: logger) { writer in
                    try await writer.write(rows)
                }
            } catch {
                transfer.error = error
            }
            transfer.done.signal()
        }
        return transfer
    }

    /// A COPY under way: what its task hands back to the waiting caller (written before `done`
    /// is signalled).
    final class Transfer: @unchecked Sendable {
        fileprivate let done = DispatchSemaphore(value: 0)
        fileprivate var error: (any Error)?

        /// Waits for the server's answer; throws its error.
        func wait() throws {
            done.wait()
            if let error { throw error }
        }
    }
}
