import GRDB
import GRDBSQLite

/// A prepared statement fed by binding each value straight into SQLite, for statements run
/// for thousands of rows (keywords, assignments, clusters, title jobs): GRDB's
/// `execute(arguments:)` boxes every value in an argument array, which costs more than
/// SQLite's own work on such narrow rows.
///
/// Use inside a write transaction: bind the values of a row in order with `bind`, every
/// parameter of every row (bindings are not cleared between rows), then `execute()`; the next
/// `bind` starts the next row.
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
}
