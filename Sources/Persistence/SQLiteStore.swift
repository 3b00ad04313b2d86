import Foundation
import GRDB

/// The default `Store`: a kwcluster database in one SQLite file in WAL mode, so `status` and
/// `export` read while a run writes. Its `init` runs the migrator, so a constructed store
/// always has the current schema. Every write method is one transaction named for what
/// the product wants done.
public struct SQLiteStore: Store {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path`.
    public init(path: String) throws(StoreError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            writer = try DatabasePool(path: path, configuration: SQLiteStore.configuration)
            try Schema.migrator.migrate(writer)
        } catch {
            throw StoreError("cannot open the database at \(path): \(error)",
                             hint: "check that the folder is writable and the file is a kwcluster database, or pass another --db")
        }
    }

    /// The names of the schema's migrations, in the order they run (a PostgreSQL database records the same).
    public static var migrationNames: [String] { Schema.migrationNames }

    /// A private in-memory database, for tests.
    public static func inMemory() throws -> SQLiteStore {
        let queue = try DatabaseQueue(configuration: configuration)
        try Schema.migrator.migrate(queue)
        return SQLiteStore(writer: queue)
    }

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
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

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.read(body) } catch { throw StoreError(error) }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.write(body) } catch { throw StoreError(error) }
    }
}
