import Foundation
import Persistence
import PostgresNIO

/// The kwcluster store on a PostgreSQL server (`--db=postgres://...`): the same schema, the
/// same migrations, the same operations (`SQLStore`) and the same guarantees as `SQLiteStore`
/// (see `Store`). Several projects share one database; each is found by its slug as in a
/// SQLite file.
public struct PostgresStore: SQLStore {
    public let database: any SQLDatabase
    public let location: PostgresLocation

    /// Connects to the server and brings the database's schema up to date.
    public init(location: PostgresLocation) throws(StoreError) {
        self.location = location
        let database = try PostgresDatabase(location: location)
        try database.write { db in try Migrator.migrate(db, Migrations.store, where: location.redacted) }
        self.database = database
    }

    /// The database's size on disk, in bytes (every project's tables and indexes).
    public func databaseBytes() throws(StoreError) -> Int {
        try database.read { db in try db.scalar("SELECT pg_database_size(current_database()) AS value")! }
    }
}

/// Two connections, as SQLite's WAL pool has a writer and readers: writes go through `writer`,
/// one transaction per method; reads through `reader`, each in one REPEATABLE READ transaction
/// (one consistent snapshot, like a SQLite read transaction). So a read made on another thread
/// while a batch's commit waits for its late title jobs (which read the store) never waits for
/// that commit. Both connections are used synchronously; see `PostgresSession` for why and how.
struct PostgresDatabase: SQLDatabase {
    let writer: PostgresSession
    let reader: PostgresSession

    init(location: PostgresLocation) throws(StoreError) {
        writer = try PostgresSession(location: location)
        reader = try PostgresSession(location: location)
        // The SQLite store's durability (WAL with synchronous = NORMAL, GRDB's setting): a commit
        // does not wait for the disk to flush, so a power loss or an OS crash may lose the last
        // commits (PostgreSQL: at most 3 x wal_writer_delay, 0.6 s by default) but never leaves
        // the database inconsistent, and `resume` redoes a lost batch. A crash of kwcluster or of
        // the server process alone loses nothing. (100k bench: 549 commits, ~3 ms of flush each.)
        _ = try writer.exclusive { db in try db.run("SET synchronous_commit = off") }
    }

    var dialect: SQLDialect { .postgres }

    func read<T>(_ body: (SQLConnection) throws -> T) throws(StoreError) -> T {
        try reader.transaction(readOnly: true) { try body($0) }
    }

    func write<T>(_ body: (SQLConnection) throws -> T) throws(StoreError) -> T {
        try writer.transaction { try body($0) }
    }
}

extension PostgresStore {
    /// Applies a list of migrations other than the store's (the work queue's) to the database
    /// at `location`, on a connection of its own.
    public static func migrate(_ list: MigrationList, at location: PostgresLocation) throws(StoreError) {
        try PostgresSession(location: location).transaction { db in try Migrator.migrate(db, list, where: location.redacted) }
    }
}
