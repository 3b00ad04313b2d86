import Foundation
import GRDB

extension SQLiteStore {
    /// Opens an existing database for reading only (the dashboard): no migration, no write lock,
    /// so it never holds up a run another process is writing. Fails clearly when the file is
    /// missing, is not a kwcluster database, or was written by a newer kwcluster (its schema has
    /// migrations this version does not know) or an older one (not yet upgraded).
    public static func openForReading(path: String) throws(StoreError) -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("no database at \(path)", hint: "create a project first with `kwcluster create`, or pass --db")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let migrator = Schema.migrator
        let pool: DatabasePool
        let superseded: Bool
        let complete: Bool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            (superseded, complete) = try pool.read { db in
                (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
        } catch {
            throw StoreError("cannot read the database at \(path): \(error)",
                             hint: "check that the file is a kwcluster database and readable, or pass another --db")
        }
        if superseded {
            throw StoreError("the database at \(path) was written by a newer kwcluster (its schema has changes this version does not know)",
                             hint: "use that newer kwcluster to read it")
        }
        if !complete {
            throw StoreError("the database at \(path) has an older or no kwcluster schema",
                             hint: "run `kwcluster status --db=\(path) --project=SLUG` once to upgrade it, or pass another --db")
        }
        return SQLiteStore(writer: pool)
    }
}
