import Foundation
import Logging
import Persistence
import PostgresNIO

/// One PostgreSQL connection used synchronously: every call sends its statement and blocks
/// the calling thread on the reply (`EventLoopFuture.wait()`).
///
/// Why blocking, and why it is safe here: the `Store` API is synchronous (the pipeline calls
/// it between batches from its own threads, and the SQLite store's speed depends on staying
/// synchronous), while postgres-nio is asynchronous. Each session owns a one-thread
/// `EventLoopGroup` of its own, on which only its connection's I/O runs; a caller's thread is
/// never that thread, so waiting on a future can never wait for itself (no deadlock, and no
/// NIO "wait on an event loop" trap), and no other library's event loop or Swift's
/// cooperative pool is ever blocked by a store call. A lock serialises callers, so one
/// statement or transaction at a time uses the connection, as the protocol requires.
///
/// Statements use `$1`, `$2`... placeholders. Large reads go through a server-side cursor
/// (`forEachRow`), fetched a chunk at a time, so memory stays bounded as with SQLite's cursors.
final class PostgresSession: @unchecked Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let connection: PostgresConnection
    private let lock = NSLock()
    private let logger = Logger(label: "kwcluster.postgres")
    private var cursorNumber = 0

    /// Connects, or throws a StoreError saying where and what to do.
    init(location: PostgresLocation) throws(StoreError) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.group = group
        do {
            connection = try PostgresConnection.connect(on: group.next(), configuration: location.configuration, id: 1,
                                                        logger: Logger(label: "kwcluster.postgres")).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw StoreError("cannot connect to PostgreSQL at \(location.redacted): \(Self.describe(error))",
                             hint: "check that the server runs and accepts this user, password and database (scripts/start-postgres.sh starts one on 127.0.0.1), or pass another --db")
        }
    }

    deinit {
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// Runs `body` with the connection to itself (no transaction): one caller at a time.
    func exclusive<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        do {
            lock.lock()
            defer { lock.unlock() }
            return try body(self)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` in ONE transaction: committed when it returns, rolled back when it throws.
    /// Reads are REPEATABLE READ, so every query of a read sees the same snapshot.
    func transaction<T>(readOnly: Bool = false, _ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        do {
            lock.lock()
            defer { lock.unlock() }
            try run(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
            do {
                let result = try body(self)
                try run("COMMIT")
                return result
            } catch {
                _ = try? run("ROLLBACK")
                throw error
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs one statement.
    /// - Returns: the rows it inserted, updated or deleted (or returned).
    @discardableResult
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> Int {
        let result = try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).wait()
        return result.metadata.rows ?? 0
    }

    /// Runs a query and returns all its rows (for small results).
    func rows(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> [PostgresRow] {
        try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).wait().rows
    }

    /// The first row of a query, if any.
    func row(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> PostgresRow? {
        try rows(sql, binds).first
    }

    /// Streams a query's rows through a server-side cursor, `chunk` rows per round trip; call
    /// inside `transaction` (a cursor lives in its transaction). Memory: one chunk.
    func forEachRow(_ sql: String, _ binds: PostgresBindings = PostgresBindings(), chunk: Int = 10_000,
                    _ body: (PostgresRow) throws -> Void) throws {
        cursorNumber += 1
        let cursor = "kwcluster_cursor_\(cursorNumber)"
        try run("DECLARE \(cursor) NO SCROLL CURSOR FOR " + sql, binds)
        while true {
            let rows = try rows("FETCH FORWARD \(chunk) FROM \(cursor)")
            for row in rows { try body(row) }
            if rows.count < chunk { break }
        }
        try run("CLOSE \(cursor)")
    }

    /// Inserts `count` rows of `columns` values each with multi-row `INSERT ... VALUES`
    /// statements of at most `rowsPerStatement` rows (PostgreSQL takes at most 65,535 parameters
    /// a statement); `bind` appends row i's values in column order. `suffix` follows each VALUES
    /// list (`ON CONFLICT ...`).
    func insertRows(_ prefix: String, columns: Int, count: Int, suffix: String = "", rowsPerStatement: Int = 1_000,
                    bind: (Int, inout PostgresBindings) -> Void) throws {
        let perStatement = max(1, min(rowsPerStatement, 65_535 / columns))
        var start = 0
        var cachedSQL: (rows: Int, sql: String)?
        while start < count {
            let rows = min(perStatement, count - start)
            let sql: String
            if let cachedSQL, cachedSQL.rows == rows {
                sql = cachedSQL.sql
            } else {
                sql = Self.valuesSQL(prefix, columns: columns, rows: rows, suffix: suffix)
                cachedSQL = (rows, sql)
            }
            var binds = PostgresBindings(capacity: rows * columns)
            for index in start..<(start + rows) { bind(index, &binds) }
            try run(sql, binds)
            start += rows
        }
    }

    private static func valuesSQL(_ prefix: String, columns: Int, rows: Int, suffix: String) -> String {
        var sql = prefix + " VALUES "
        sql.reserveCapacity(prefix.count + rows * columns * 6 + suffix.count)
        var parameter = 0
        for row in 0..<rows {
            sql += row == 0 ? "(" : ",("
            for column in 0..<columns {
                parameter += 1
                sql += column == 0 ? "$\(parameter)" : ",$\(parameter)"
            }
            sql += ")"
        }
        return sql + " " + suffix
    }

    /// A StoreError for any failure of a body or of PostgreSQL, with the server's own message.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return StoreError("PostgreSQL error: \(describe(error))", hint: hint(for: error))
    }

    /// PSQLError hides the server's message from `description`; this shows it (never the query's binds).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo {
            var text = info[.message] ?? "server error"
            if let detail = info[.detail] { text += " (\(detail))" }
            if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
            return text
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    private static func hint(for error: any Error) -> String? {
        guard let error = error as? PSQLError else { return nil }
        switch error.serverInfo?[.sqlState] {
        case "53100"?: return "the server's disk is full. Free space, then run `kwcluster resume`: every completed batch is kept"
        case "42501"?: return "the role may not do this. Grant it the rights on the database, or pass another --db"
        default:
            if error.code == .serverClosedConnection || error.code == .connectionError {
                return "the connection to the server was lost. Check the server, then run `kwcluster resume`: every completed batch is kept"
            }
            return nil
        }
    }
}

/// Builds bindings from a list of values (nil binds NULL).
func binds(_ values: (any PostgresDynamicTypeEncodable)?...) -> PostgresBindings {
    PostgresBindings(list: values)
}

extension PostgresBindings {
    /// Bindings of `values` in order (nil binds NULL), for `PostgresTransaction`.
    public static func values(_ values: (any PostgresDynamicTypeEncodable)?...) -> PostgresBindings {
        PostgresBindings(list: values)
    }

    init(list values: [(any PostgresDynamicTypeEncodable)?]) {
        self.init(capacity: values.count)
        for value in values { add(value) }
    }

    /// Appends a value, or NULL.
    mutating func add(_ value: (any PostgresDynamicTypeEncodable)?) {
        if let value { append(value) } else { appendNull() }
    }
}

/// Reads a row's columns in order.
struct Columns {
    private var cells: PostgresRow.Iterator

    init(_ row: PostgresRow) {
        cells = row.makeIterator()
    }

    mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        guard let cell = cells.next() else { throw StoreError("a query returned fewer columns than expected") }
        return try cell.decode(T.self)
    }
}
