/// One database connection inside a transaction, as the store's operations use it, whichever
/// database holds the store (`SQLiteConnection`, `PostgresConnection` in PostgresPersistence).
/// Statements are written once with `?` placeholders (PostgreSQL's connection numbers them);
/// what differs between the databases is asked of `dialect`.
public protocol SQLConnection {
    var dialect: SQLDialect { get }

    /// Runs one statement; returns the rows it inserted, updated or deleted.
    @discardableResult
    func execute(_ sql: String, _ values: [SQLValue]) throws -> Int

    /// Runs one statement whose result the caller does not need. SQLite runs it now; PostgreSQL
    /// sends it without waiting for its reply (the connection runs statements in the order sent),
    /// so a write's statements travel while the caller goes on. A failure is thrown by the next
    /// statement waited for, or by the commit: the transaction fails as a whole either way.
    func send(_ sql: String, _ values: [SQLValue]) throws

    /// Runs a query and passes each row to `body` (PostgreSQL: its rows arrive in one reply).
    func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (SQLRow) throws -> Void) throws

    /// `forEachRow` for reads of any size: PostgreSQL reads through a server-side cursor, a
    /// chunk of rows per round trip, so memory stays bounded as with SQLite's stepping.
    func stream(_ sql: String, _ values: [SQLValue], _ body: (SQLRow) throws -> Void) throws

    /// Runs several statements separated by `;` and a line break (a migration).
    func executeScript(_ sql: String) throws

    /// Inserts `count` rows with `insert` (`INSERT INTO table (columns)`), each row's values
    /// appended by `row(i, &values)` in column order; `suffix` follows the values (an
    /// `ON CONFLICT` clause). SQLite runs one prepared statement per row, PostgreSQL sends many
    /// rows a statement or a COPY: the fastest way each has. Like `send`, PostgreSQL does not
    /// wait for the last statement's reply.
    func insertRows(_ insert: String, columns: Int, count: Int, suffix: String,
                    _ row: (Int, inout [SQLValue]) -> Void) throws
}

/// A row read by column name (the names a query's SELECT list gives).
public protocol SQLRow {
    /// The column's value; throws when the query has no such column.
    func value(_ column: String) throws -> SQLValue
}

extension SQLRow {
    /// The column decoded as `T` (`Int`, `Int64`, `Double`, `Float`, `Bool`, `String`, `[UInt8]`
    /// or an optional of one of them).
    public subscript<T: SQLDecodable>(_ column: String) -> T {
        get throws { try T(sqlValue: value(column)) }
    }
}

extension SQLConnection {
    @discardableResult
    public func execute(_ sql: String, _ values: any SQLBindable...) throws -> Int {
        try execute(sql, values.map(\.sqlValue))
    }

    public func send(_ sql: String, _ values: any SQLBindable...) throws {
        try send(sql, values.map(\.sqlValue))
    }

    /// All the rows of a query, each read by `decode` (for small results).
    public func rows<T>(_ sql: String, _ values: any SQLBindable..., decode: (SQLRow) throws -> T) throws -> [T] {
        var result: [T] = []
        try forEachRow(sql, values.map(\.sqlValue)) { result.append(try decode($0)) }
        return result
    }

    /// The first row of a query read by `decode`, if any.
    public func row<T>(_ sql: String, _ values: any SQLBindable..., decode: (SQLRow) throws -> T) throws -> T? {
        var result: T?
        try forEachRow(sql, values.map(\.sqlValue)) { row in
            if result == nil { result = try decode(row) }
        }
        return result
    }

    /// The first column of a query's first row (nil when there is no row or the value is NULL).
    public func scalar<T: SQLDecodable>(_ sql: String, _ values: any SQLBindable...) throws -> T? {
        var result: T?
        var first = true
        try forEachRow(sql, values.map(\.sqlValue)) { row in
            if first { result = try T?(sqlValue: row.value("value")) }
            first = false
        }
        return result
    }

    public func forEachRow(_ sql: String, _ values: any SQLBindable..., body: (SQLRow) throws -> Void) throws {
        try forEachRow(sql, values.map(\.sqlValue), body)
    }

    public func stream(_ sql: String, _ values: any SQLBindable..., body: (SQLRow) throws -> Void) throws {
        try stream(sql, values.map(\.sqlValue), body)
    }

    public func insertRows(_ insert: String, columns: Int, count: Int, _ row: (Int, inout [SQLValue]) -> Void) throws {
        try insertRows(insert, columns: columns, count: count, suffix: "", row)
    }

    /// `?, ?, ?` for `count` values (an `IN (...)` list).
    public func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }
}

/// A database holding a store: one connection at a time for writes (each write ONE
/// transaction) and reads that each see one consistent snapshot while a write goes on.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    func read<T>(_ body: (SQLConnection) throws -> T) throws(StoreError) -> T
    @discardableResult
    func write<T>(_ body: (SQLConnection) throws -> T) throws(StoreError) -> T
}
