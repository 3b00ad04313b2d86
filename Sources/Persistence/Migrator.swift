/// A list of named migrations and the table that records which of them a database has (one
/// row per applied migration, written in the migration's transaction).
public struct MigrationList: Sendable {
    public let migrations: [Migration]
    /// The recording table on each database, and its name column.
    let table: @Sendable (SQLDialect) -> String
    let column: String
    /// The advisory lock concurrent starts wait on (PostgreSQL).
    let lockKey: Int64

    /// The migrations' names, in the order they run.
    public var names: [String] { migrations.map(\.name) }
}

/// Applies a `MigrationList` to a database, each migration once. Any number of processes may
/// open one database at once: the first migrates it, the others wait (the write transaction,
/// and on PostgreSQL an advisory lock) and find it done.
public enum Migrator {
    /// Brings the schema up to date, in the caller's write transaction; throws when the database
    /// has migrations this version does not know.
    public static func migrate(_ db: SQLConnection, _ list: MigrationList, where location: String) throws {
        let dialect = db.dialect
        let table = list.table(dialect)
        try dialect.lockForTransaction(list.lockKey, on: db)
        try db.execute("""
            CREATE TABLE IF NOT EXISTS \(table) (\(list.column) TEXT NOT NULL PRIMARY KEY,
                                                 applied_at \(dialect.type(.timestamp)) NOT NULL DEFAULT CURRENT_TIMESTAMP)
            """)
        let applied = try appliedNames(db, list)
        if !applied.isSubset(of: list.names) {
            throw newerSchema(location)
        }
        for migration in list.migrations where !applied.contains(migration.name) {
            try db.executeScript(migration.sql(dialect))
            try db.execute("INSERT INTO \(table) (\(list.column)) VALUES (?)", migration.name)
        }
    }

    /// The names of the applied migrations (none when the recording table does not exist).
    static func appliedNames(_ db: SQLConnection, _ list: MigrationList) throws -> Set<String> {
        let table = list.table(db.dialect)
        let exists: Bool = try db.scalar(db.dialect.name == .sqlite
            ? "SELECT COUNT(*) > 0 AS value FROM sqlite_master WHERE type = 'table' AND name = '\(table)'"
            : "SELECT to_regclass('\(table)') IS NOT NULL AS value") ?? false
        guard exists else { return [] }
        return Set(try db.rows("SELECT \(list.column) FROM \(table)") { try $0[list.column] as String })
    }

    /// Checks, without changing anything, that a database has exactly this version's schema.
    static func checkCurrent(_ db: SQLConnection, _ list: MigrationList, where location: String, upgrade: String) throws {
        let applied = try appliedNames(db, list)
        if !applied.isSubset(of: list.names) { throw newerSchema(location) }
        if applied.count < list.migrations.count {
            throw StoreError("the database \(location) has an older or no kwcluster schema", hint: upgrade)
        }
    }

    private static func newerSchema(_ location: String) -> StoreError {
        StoreError("the database \(location) was written by a newer kwcluster (its schema has changes this version does not know)",
                   hint: "use that newer kwcluster to read it")
    }
}
