import Foundation
import Persistence
import PostgresNIO

/// The kwcluster store on a PostgreSQL server (`--db=postgres://...`): the same schema, the
/// same migrations and the same guarantees as `SQLiteStore` (see `Store`). Several projects
/// share one database; each is found by its slug as in a SQLite file.
///
/// Two connections, as SQLite's WAL pool has a writer and readers: writes go through `writer`,
/// one transaction per method; reads through `reader`, each in one REPEATABLE READ transaction
/// (one consistent snapshot, like a SQLite read transaction). So a read made on another thread
/// while a batch's commit waits for its late title jobs (which read the store) never waits for
/// that commit. Both connections are used synchronously; see `PostgresSession` for why and how.
public struct PostgresStore: Store {
    let writer: PostgresSession
    let reader: PostgresSession
    public let location: PostgresLocation

    /// Connects to the server and brings the database's schema up to date.
    public init(location: PostgresLocation) throws(StoreError) {
        self.location = location
        writer = try PostgresSession(location: location)
        try PostgresSchema.migrate(writer, location: location)
        reader = try PostgresSession(location: location)
    }

    func read<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        try reader.transaction(readOnly: true, body)
    }

    func write<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        try writer.transaction(body)
    }

    /// The database's size on disk, in bytes (every project's tables and indexes).
    public func databaseBytes() throws(StoreError) -> Int {
        try read { db in try db.row("SELECT pg_database_size(current_database())")!.decode(Int.self) }
    }

    /// Runs raw SQL on the writer connection in ONE transaction (for tables of other modules,
    /// such as a work queue: `SELECT ... FOR UPDATE SKIP LOCKED`).
    public func transaction<T>(_ body: (PostgresTransaction) throws -> T) throws(StoreError) -> T {
        try writer.transaction { try body(PostgresTransaction(session: $0)) }
    }
}

/// Raw SQL inside one `PostgresStore.transaction` (placeholders `$1`, `$2`...).
public struct PostgresTransaction {
    let session: PostgresSession

    /// Runs a statement; returns the rows it touched.
    @discardableResult
    public func execute(_ sql: String, _ bindings: PostgresBindings = PostgresBindings()) throws -> Int {
        try session.run(sql, bindings)
    }

    /// Runs a query; returns its rows.
    public func query(_ sql: String, _ bindings: PostgresBindings = PostgresBindings()) throws -> [PostgresRow] {
        try session.rows(sql, bindings)
    }
}

/// SQL reading a TIMESTAMPTZ column as SQLite's CURRENT_TIMESTAMP text ("2026-12-06 18:00:00", UTC),
/// which the records hold.
func timestamp(_ column: String) -> String {
    "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
}
