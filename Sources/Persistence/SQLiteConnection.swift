import GRDB
import GRDBSQLite

/// `SQLConnection` on a GRDB database connection: statements are prepared once per connection
/// (GRDB's statement cache) and fed by binding each value straight into SQLite, rows read the
/// same way (GRDB's `Row` boxes every value, which costs more than SQLite's own work on the
/// narrow rows of a million keywords).
struct SQLiteConnection: SQLConnection {
    let db: Database

    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func execute(_ sql: String, _ values: [SQLValue]) throws -> Int {
        let statement = try prepared(sql, values)
        defer { sqlite3_reset(statement.sqliteStatement) }
        while try step(statement) {}
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    func send(_ sql: String, _ values: [SQLValue]) throws {
        try execute(sql, values)
    }

    func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        let statement = try prepared(sql, values)
        defer { sqlite3_reset(statement.sqliteStatement) }
        let row = SQLiteRow(statement.sqliteStatement)
        while try step(statement) { try body(row) }
    }

    func stream(_ sql: String, _ values: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        try forEachRow(sql, values, body)
    }

    func insertRows(_ insert: String, columns: Int, count: Int, suffix: String,
                    _ row: (Int, inout [SQLValue]) -> Void) throws {
        guard count > 0 else { return }
        let sql = insert + " VALUES (" + Array(repeating: "?", count: columns).joined(separator: ",") + ") " + suffix
        let statement = try db.cachedStatement(sql: sql)
        var values: [SQLValue] = []
        values.reserveCapacity(columns)
        for index in 0..<count {
            values.removeAll(keepingCapacity: true)
            row(index, &values)
            bind(values, to: statement)
            defer { sqlite3_reset(statement.sqliteStatement) }
            while try step(statement) {}
        }
    }

    func executeScript(_ sql: String) throws {
        try db.execute(sql: sql)
    }

    private func prepared(_ sql: String, _ values: [SQLValue]) throws -> Statement {
        let statement = try db.cachedStatement(sql: sql)
        bind(values, to: statement)
        return statement
    }

    private func bind(_ values: [SQLValue], to statement: Statement) {
        let handle = statement.sqliteStatement
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let position = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(handle, position)
            case .integer(let value): sqlite3_bind_int64(handle, position, value)
            case .real(let value): sqlite3_bind_double(handle, position, value)
            case .text(let value):
                // SQLITE_TRANSIENT: SQLite copies the text before the temporary C string goes away.
                sqlite3_bind_text(handle, position, value, -1, SQLITE_TRANSIENT)
            case .blob(let bytes):
                bytes.withUnsafeBytes { buffer in
                    _ = sqlite3_bind_blob(handle, position, buffer.baseAddress, Int32(buffer.count), SQLITE_TRANSIENT)
                }
            }
        }
    }

    /// Steps to the next row; false when the statement is done.
    private func step(_ statement: Statement) throws -> Bool {
        let code = sqlite3_step(statement.sqliteStatement)
        if code == SQLITE_ROW { return true }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: statement.sql)
        }
        return false
    }
}

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// The current row of a stepping SQLite statement, its columns found by name.
///
/// Readers ask for a row's columns in the same order row after row, mostly the order of the
/// query, so the column after the last one asked is tried first: a comparison of two short
/// strings instead of hashing the name (a million narrow rows ask for several million columns).
final class SQLiteRow: SQLRow {
    private let handle: OpaquePointer
    private let names: [String]
    private let columns: [String: Int32]
    /// Whether no other column has the name of the one at an index (a name twice means the last).
    private let unique: [Bool]
    private var next = 0

    init(_ handle: OpaquePointer) {
        self.handle = handle
        let names = (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
        var columns: [String: Int32] = [:]
        for (index, name) in names.enumerated() { columns[name] = Int32(index) }
        self.names = names
        self.columns = columns
        unique = names.map { name in names.count { $0 == name } == 1 }
    }

    func value(_ column: String) throws -> SQLValue {
        let index: Int32
        if next < names.count, unique[next], names[next] == column {
            index = Int32(next)
        } else if let found = columns[column] {
            index = found
        } else {
            throw StoreError("a query has no column '\(column)' (it has \(columns.keys.sorted().joined(separator: ", ")))")
        }
        next = Int(index) + 1 == names.count ? 0 : Int(index) + 1
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes = sqlite3_column_text(handle, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}
