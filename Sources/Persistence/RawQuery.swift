import GRDB
import GRDBSQLite

/// A prepared query read row by row straight from SQLite, for queries that return many narrow
/// rows (a run's planned keywords, a batch's keywords): GRDB's `Row` decodes every value through
/// a boxed `DatabaseValue`, which costs more than SQLite's own work on such rows.
///
/// Bind the arguments in order with `bind`, then call `next()` until it returns false, reading
/// the current row's columns (numbered from 0) in between.
struct RawQuery {
    private let statement: Statement
    private var parameter: Int32 = 0

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    mutating func bind(_ value: Int64) {
        parameter += 1
        sqlite3_bind_int64(handle, parameter, value)
    }

    /// Steps to the next row; false after the last one.
    mutating func next() throws -> Bool {
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
