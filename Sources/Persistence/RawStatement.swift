import GRDB
import GRDBSQLite

/// A prepared statement fed by binding each value straight into SQLite, and read the same way,
/// for statements run for thousands of rows (keywords, assignments, clusters, title jobs) and
/// queries that return many narrow rows (a run's planned keywords, a batch's keywords): GRDB's
/// `execute(arguments:)` boxes every value in an argument array, and its `Row` every value read,
/// which costs more than SQLite's own work on such rows.
///
/// Writing, inside a write transaction: bind the values of a row in order with `bind`, every
/// parameter of every row (bindings are not cleared between rows), then `execute()`; the next
/// `bind` starts the next row. Reading: bind the arguments, then call `step()` until it returns
/// false, reading the current row's columns (numbered from 0) in between.
struct RawStatement {
    private let statement: Statement
    private var column: Int32 = 0

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    private mutating func next() -> Int32 {
        column += 1
        return column
    }

    mutating func bind(_ value: Int64) {
        sqlite3_bind_int64(handle, next(), value)
    }

    mutating func bind(_ value: Int?) {
        let position = next()
        if let value { sqlite3_bind_int64(handle, position, Int64(value)) } else { sqlite3_bind_null(handle, position) }
    }

    mutating func bind(_ value: Double?) {
        let position = next()
        if let value { sqlite3_bind_double(handle, position, value) } else { sqlite3_bind_null(handle, position) }
    }

    mutating func bind(_ value: String?) {
        let position = next()
        guard let value else {
            sqlite3_bind_null(handle, position)
            return
        }
        // SQLITE_TRANSIENT: SQLite copies the text before the temporary C string goes away.
        sqlite3_bind_text(handle, position, value, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    /// Runs the statement with the values bound since the last call.
    /// - Returns: the rows it inserted, updated or deleted.
    @discardableResult
    mutating func execute() throws -> Int {
        defer {
            sqlite3_reset(handle)
            column = 0
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: statement.sql)
        }
        return Int(sqlite3_changes(sqlite3_db_handle(handle)))
    }

    /// Steps a query to its next row; false after the last one.
    mutating func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: statement.sql)
        }
        return false
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func optionalInt(_ column: Int32) -> Int? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, column))
    }

    /// The column's text, decoded as UTF-8 (NULL reads as "").
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}
