import Foundation

/// The clock the queue's leases and heartbeats are measured by. Workers on several machines
/// share the database server's clock (``server``, `clock_timestamp()`); a test passes a clock it
/// moves itself, so a lease expires when the test says so and no test waits for it.
public struct LeaseClock: Sendable {
    /// The instant now, or nil for the server's clock.
    private let now: @Sendable () -> Date?

    /// The database server's clock.
    public static let server = LeaseClock(serverOrFixed: { nil })

    /// A clock that reads `now` (a test's).
    public init(now: @escaping @Sendable () -> Date) {
        self.now = { now() }
    }

    private init(serverOrFixed now: @escaping @Sendable () -> Date?) {
        self.now = now
    }

    /// The SQL expression of the instant now: a timestamp written from a number (never from text
    /// a caller gave), or the server's clock.
    var sql: String {
        guard let instant = now() else { return "clock_timestamp()" }
        return "to_timestamp(\(instant.timeIntervalSince1970))"
    }
}
