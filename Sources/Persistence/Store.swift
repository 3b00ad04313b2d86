import Foundation
import GRDB

/// The one owner of a kwcluster database: a SQLite file in WAL mode, so `status` and
/// `export` read while a run writes. Its `init` runs the migrator, so a constructed store
/// always has the current schema. Every write method is one transaction named for what
/// the product wants done.
public struct Store: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path`.
    public init(path: String) throws(StoreError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            writer = try DatabasePool(path: path, configuration: Store.configuration)
            try Schema.migrator.migrate(writer)
        } catch {
            throw StoreError("cannot open the database at \(path): \(error)",
                             hint: "check that the folder is writable and the file is a kwcluster database, or pass another --db")
        }
    }

    /// A private in-memory database, for tests.
    public static func inMemory() throws -> Store {
        let queue = try DatabaseQueue(configuration: configuration)
        try Schema.migrator.migrate(queue)
        return Store(writer: queue)
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

/// A database failure, with what to do about it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    init(_ error: any Error) {
        if let storeError = error as? StoreError {
            self = storeError
        } else if let databaseError = error as? DatabaseError {
            self.init("database error: \(error)", hint: Self.hint(for: databaseError.resultCode))
        } else {
            self.init("database error: \(error)")
        }
    }

    /// What to do about a failure SQLite reports, for the codes a user can act on.
    static func hint(for code: ResultCode) -> String? {
        switch code {
        case .SQLITE_FULL, .SQLITE_IOERR:
            "the disk is full or failing. Free space (or fix the disk), then run `kwcluster resume`: every completed batch is kept"
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            "the database cannot be written. Check that you may write the file and its folder, or pass another --db"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            "the database file is damaged or not a kwcluster database. Restore it from a backup, or pass another --db"
        default:
            nil
        }
    }

    public var description: String {
        hint.map { "\(message). \($0)." } ?? message
    }
}
