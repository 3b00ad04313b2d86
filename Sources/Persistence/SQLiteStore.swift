import Foundation
import GRDB

/// The default `Store`: a kwcluster database in one SQLite file in WAL mode, so `status` and
/// `export` read while a run writes. Its `init` runs the migrations, so a constructed store
/// always has the current schema. The operations are `SQLStore`'s, written once for both stores.
public struct SQLiteStore: SQLStore {
    public let database: any SQLDatabase

    /// Opens (creating if needed) the database at `path`.
    public init(path: String) throws(StoreError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            database = SQLiteDatabase(writer: try DatabasePool(path: path, configuration: SQLiteDatabase.configuration()))
            try database.write { db in try Migrator.migrate(db, Migrations.store, where: "at \(path)") }
        } catch {
            throw StoreError("cannot open the database at \(path): \(error)",
                             hint: "check that the folder is writable and the file is a kwcluster database, or pass another --db")
        }
    }

    /// The names of the schema's migrations, in the order they run (a PostgreSQL database records the same).
    public static var migrationNames: [String] { Migrations.store.names }

    /// A private in-memory database, for tests.
    public static func inMemory() throws -> SQLiteStore {
        let database = SQLiteDatabase(writer: try DatabaseQueue(configuration: SQLiteDatabase.configuration()))
        try database.write { db in try Migrator.migrate(db, Migrations.store, where: "in memory") }
        return SQLiteStore(database: database)
    }

    private init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Opens an existing database for reading only (the dashboard): no migration, no write lock,
    /// so it never holds up a run another process is writing. Fails clearly when the file is
    /// missing, is not a kwcluster database, or was written by a newer kwcluster (its schema has
    /// migrations this version does not know) or an older one (not yet upgraded).
    public static func openForReading(path: String) throws(StoreError) -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("no database at \(path)", hint: "create a project first with `kwcluster create`, or pass --db")
        }
        let database: SQLiteDatabase
        do {
            database = SQLiteDatabase(writer: try DatabasePool(path: path, configuration: SQLiteDatabase.configuration(readonly: true)))
        } catch {
            throw StoreError("cannot read the database at \(path): \(error)",
                             hint: "check that the file is a kwcluster database and readable, or pass another --db")
        }
        do {
            try database.read { db in
                try Migrator.checkCurrent(db, Migrations.store, where: "at \(path)",
                                          upgrade: "run `kwcluster status --db=\(path) --project=SLUG` once to upgrade it, or pass another --db")
            }
        } catch where error.message.hasPrefix("database error") {
            throw StoreError("cannot read the database at \(path): \(error.message)",
                             hint: "check that the file is a kwcluster database and readable, or pass another --db")
        }
        return SQLiteStore(database: database)
    }
}

/// A SQLite file (a GRDB pool: one writer, readers in WAL mode) or an in-memory database.
struct SQLiteDatabase: SQLDatabase {
    let writer: any DatabaseWriter

    var dialect: SQLDialect { .sqlite }

    func read<T>(_ body: (SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try writer.read { db in try body(SQLiteConnection(db: db)) } } catch { throw StoreError(error) }
    }

    func write<T>(_ body: (SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try writer.write { db in try body(SQLiteConnection(db: db)) } } catch { throw StoreError(error) }
    }

    static func configuration(readonly: Bool = false) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.foreignKeysEnabled = true
        // Readers never block the writer (WAL); a second writer waits a little, then fails clearly.
        configuration.busyMode = .timeout(10)
        // A 128 MB page cache keeps the keyword index in memory while a million rows are inserted;
        // only on the writer: each reader of the pool would hold its own.
        configuration.prepareDatabase { db in
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -131072")
                // Checkpoint the WAL into the database every 40 MB rather than every 4 MB: a batch
                // rewrites the same hot pages (clusters, index interiors), which are then copied
                // back once per many batches (100k-keyword bench: time in commits 4.2 s -> 3.6 s).
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            }
        }
        return configuration
    }
}
