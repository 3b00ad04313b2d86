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
/// It is the store's `SQLConnection` on PostgreSQL: statements written with `?` are numbered
/// `$1`, `$2`...; large reads go through a server-side cursor (`stream`), fetched a chunk at a
/// time, so memory stays bounded as with SQLite's stepping. Statements whose replies are not
/// needed (`BEGIN`, a read's `COMMIT`, `send`, bulk inserts, a cursor's `DECLARE` and `CLOSE`)
/// are sent without waiting: the connection runs them in the order sent while the caller goes
/// on, and the next statement waited for reports their errors first (`answer`).
final class PostgresSession: SQLConnection, @unchecked Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let connection: PostgresConnection
    private let lock = NSLock()
    private let logger = Logger(label: "kwcluster.postgres")
    private var cursorNumber = 0
    private var numberedSQL: [String: String] = [:]

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
        settleUnawaited()
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// Runs `body` with the connection to itself (no transaction): one caller at a time.
    func exclusive<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        do {
            lock.lock()
            defer { lock.unlock() }
            settleUnawaited()
            let result = try body(self)
            try checkUnawaited()
            return result
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` in ONE transaction: committed when it returns, rolled back when it throws.
    /// Reads are REPEATABLE READ, so every query of a read sees the same snapshot.
    ///
    /// `BEGIN`, and a read's `COMMIT`, are sent without waiting for their reply: the connection
    /// runs its statements in the order sent, so the body's first statement runs inside the
    /// transaction, and the caller waits once for both (a one-statement read: one wait, not
    /// three). `BEGIN`'s reply is checked with that statement's; a write's `COMMIT` is waited for,
    /// and with it every statement the write sent without waiting.
    func transaction<T>(readOnly: Bool = false, _ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        do {
            lock.lock()
            defer { lock.unlock() }
            settleUnawaited()
            sendUnawaited(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
            do {
                let result = try body(self)
                if readOnly {
                    // Its replies (and a cursor's CLOSE) are read when the connection is next used.
                    sendUnawaited("COMMIT")
                } else {
                    try run("COMMIT")
                }
                return result
            } catch {
                settleUnawaited()
                _ = try? run("ROLLBACK")
                throw error
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Statements sent without waiting for their replies, oldest first.
    private var unawaited: [EventLoopFuture<PostgresQueryResult>] = []

    /// At most this many statements wait unanswered: a bulk insert of many statements then
    /// waits for the server rather than queueing all its rows in memory.
    private static let unawaitedLimit = 4

    private func sendUnawaited(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) {
        unawaited.append(connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger))
    }

    /// Waits for the statements sent without waiting and throws the first one's error, if one
    /// failed (the later ones then failed only because the transaction was aborted).
    private func checkUnawaited() throws {
        let statements = unawaited
        unawaited = []
        var firstError: (any Error)?
        for statement in statements {
            do { _ = try statement.wait() } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }

    /// Waits for the statements sent without waiting, ignoring how they ended (a read's COMMIT,
    /// or statements of a transaction rolled back anyway).
    private func settleUnawaited() {
        _ = try? checkUnawaited()
    }

    /// Waits for a COPY started after the statements in `unawaited`; their errors come first.
    private func answer(_ copy: PostgresCopy.Transfer?) throws {
        let result = Result(catching: { try copy?.wait() })
        try checkUnawaited()
        _ = try result.get()
    }

    /// The reply of a statement sent after those in `unawaited`: their errors come first, as the
    /// cause (a statement after a failed one fails only because the transaction is aborted).
    private func answer<T>(_ reply: EventLoopFuture<T>) throws -> T {
        let result = Result(catching: { try reply.wait() })
        try checkUnawaited()
        return try result.get()
    }

    // MARK: SQLConnection

    var dialect: SQLDialect { .postgres }

    @discardableResult
    func execute(_ sql: String, _ values: [SQLValue]) throws -> Int {
        try run(numbered(sql), bindings(values))
    }

    func send(_ sql: String, _ values: [SQLValue]) throws {
        try sendBounded(numbered(sql), bindings(values))
    }

    /// Sends without waiting, unless `unawaitedLimit` statements wait already: then waits for them.
    private func sendBounded(_ sql: String, _ binds: PostgresBindings) throws {
        if unawaited.count >= Self.unawaitedLimit { try checkUnawaited() }
        sendUnawaited(sql, binds)
    }

    func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        for row in try rows(numbered(sql), bindings(values)) { try body(PostgresSQLRow(row)) }
    }

    /// Streams a query's rows through a server-side cursor, `chunk` rows per round trip (a
    /// cursor lives in its transaction; `DECLARE` and `CLOSE` go without waiting, so a small
    /// result costs one round trip). Memory: one chunk.
    func stream(_ sql: String, _ values: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        cursorNumber += 1
        let cursor = "kwcluster_cursor_\(cursorNumber)"
        let chunk = 50_000
        // A cursor's query takes no parameters: the values go in as literals.
        sendUnawaited("DECLARE \(cursor) NO SCROLL CURSOR FOR " + Self.substituting(values, into: sql))
        while true {
            let rows = try rows("FETCH FORWARD \(chunk) FROM \(cursor)")
            for row in rows { try body(PostgresSQLRow(row)) }
            if rows.count < chunk { break }
        }
        sendUnawaited("CLOSE \(cursor)")
    }

    /// Inserts the rows: many rows by `COPY ... FROM STDIN` (text format, 20,000 rows a COPY so
    /// memory stays bounded; the next COPY's text is made while the server takes the one before),
    /// fewer or with an `ON CONFLICT` suffix by multi-row `INSERT ... VALUES` statements of at
    /// most 1,000 rows (PostgreSQL takes at most 65,535 parameters a statement), sent as `send`
    /// sends.
    func insertRows(_ insert: String, columns: Int, count: Int, suffix: String,
                    _ row: (Int, inout [SQLValue]) -> Void) throws {
        if suffix.isEmpty, count >= PostgresCopy.minimumRows, let target = PostgresCopy.Target(insert: insert) {
            var sending: PostgresCopy.Transfer?
            var start = 0
            while start < count {
                let end = min(start + PostgresCopy.rowsPerCopy, count)
                let text = PostgresCopy.text(rows: start..<end, row)
                try answer(sending)
                sending = PostgresCopy.start(into: target, on: connection, logger: logger, rows: text)
                start = end
            }
            try answer(sending)
            return
        }
        let perStatement = max(1, min(1_000, 65_535 / columns))
        var start = 0
        var cachedSQL: (rows: Int, sql: String)?
        var values: [SQLValue] = []
        while start < count {
            let rows = min(perStatement, count - start)
            let sql: String
            if let cachedSQL, cachedSQL.rows == rows {
                sql = cachedSQL.sql
            } else {
                sql = Self.valuesSQL(insert, columns: columns, rows: rows, suffix: suffix)
                cachedSQL = (rows, sql)
            }
            values.removeAll(keepingCapacity: true)
            for index in start..<(start + rows) { row(index, &values) }
            try sendBounded(sql, bindings(values))
            start += rows
        }
    }

    func executeScript(_ sql: String) throws {
        let statements = sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        for statement in statements where !statement.isEmpty { try run(statement) }
    }

    /// `sql` with its `?` placeholders numbered `$1`, `$2`..., remembered per text.
    private func numbered(_ sql: String) -> String {
        if let cached = numberedSQL[sql] { return cached }
        let result = Self.replacingPlaceholders(in: sql) { "$\($0 + 1)" }
        numberedSQL[sql] = result
        return result
    }

    /// `sql` with each `?` replaced by its value as a SQL literal.
    private static func substituting(_ values: [SQLValue], into sql: String) -> String {
        replacingPlaceholders(in: sql) { literal(values[$0]) }
    }

    /// `sql` with its `?` placeholders outside quotes replaced by `replacement(i)`, i counting from 0.
    private static func replacingPlaceholders(in sql: String, _ replacement: (Int) -> String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var quote: Character?
        var parameter = 0
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "?" {
                result += replacement(parameter)
                parameter += 1
                continue
            }
            result.append(character)
        }
        return result
    }

    private static func literal(_ value: SQLValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let value): "\(value)::BIGINT"
        case .real(let value): value.isFinite ? "\(value)::DOUBLE PRECISION" : "'\(value > 0 ? "Infinity" : value < 0 ? "-Infinity" : "NaN")'::DOUBLE PRECISION"
        case .text(let value): "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        case .blob(let bytes): "'\\x" + bytes.map { String(format: "%02x", $0) }.joined() + "'::BYTEA"
        }
    }

    private func bindings(_ values: [SQLValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let value): bindings.append(value)
            case .real(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return bindings
    }

    /// Runs one statement.
    /// - Returns: the rows it inserted, updated or deleted (or returned).
    @discardableResult
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> Int {
        let result = try answer(connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger))
        return result.metadata.rows ?? 0
    }

    /// Runs a query and returns all its rows.
    private func rows(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> [PostgresRow] {
        try answer(connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)).rows
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
