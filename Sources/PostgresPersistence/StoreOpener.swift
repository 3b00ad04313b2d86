import Persistence

/// Opens the store a `--db` value names: a `postgres://` URL opens a `PostgresStore` on that
/// server, anything else is the path of a SQLite file (`SQLiteStore`, the default).
public enum StoreOpener {
    /// Whether `db` names a PostgreSQL server.
    public static func isPostgres(_ db: String) -> Bool {
        PostgresLocation.isPostgresURL(db)
    }

    /// The store `db` names, its schema migrated to the current version.
    public static func open(_ db: String) throws(StoreError) -> any Store {
        if isPostgres(db) {
            return try PostgresStore(location: PostgresLocation(url: db))
        }
        return try SQLiteStore(path: db)
    }
}
