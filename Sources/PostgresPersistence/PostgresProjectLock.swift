import Persistence

/// One process at a time works on a project, on PostgreSQL as on SQLite: a session-level
/// advisory lock (`pg_try_advisory_lock`) on a connection of its own, keyed by a hash of the
/// project's slug. The server releases it when the connection ends, so a killed process (even
/// `kill -9`: its socket closes) never leaves a stale lock behind. Released on deinit.
public final class PostgresProjectLock: @unchecked Sendable {
    private let session: PostgresSession
    private let key: Int64

    /// Takes the lock of `slug`, or throws at once when another process holds it.
    public init(location: PostgresLocation, slug: String) throws(StoreError) {
        session = try PostgresSession(location: location)
        key = Self.key(slug)
        let taken = try session.exclusive { db in
            try db.scalar("SELECT pg_try_advisory_lock(?) AS value", key) ?? false
        }
        guard taken else {
            throw StoreError("project '\(slug)' is being processed by another kwcluster process (PostgreSQL advisory lock \(key) on \(location.redacted))",
                             hint: "wait for it to finish, or stop it and run `kwcluster resume --project=\(slug)`")
        }
    }

    /// The lock key of a slug: FNV-1a 64 of "kwcluster project " + slug (stable across processes and versions).
    static func key(_ slug: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ("kwcluster project " + slug).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    deinit {
        _ = try? session.exclusive { db in try db.execute("SELECT pg_advisory_unlock(?)", key) }
    }
}
