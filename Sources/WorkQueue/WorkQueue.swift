import Foundation
import Logging
import NIOCore
import Persistence
import PostgresNIO
import PostgresPersistence

/// The work queue in PostgreSQL: items of work (`work_items`) that workers (`workers`) claim
/// with `SELECT ... FOR UPDATE SKIP LOCKED` and hold under a lease. The lease names its owner
/// and when it expires; the owner's heartbeat extends it while it works, and an item whose
/// lease expired (its worker died or hung) is claimable again, by any worker.
///
/// One connection per queue. A worker uses it for one thing at a time: claiming, then
/// heartbeats while it works, then completing.
public final class WorkQueue: Sendable {
    public let address: PostgresLocation
    let connection: PostgresConnection
    let logger: Logger
    /// What leases, heartbeats and claims are timed by.
    public let clock: LeaseClock

    private init(address: PostgresLocation, connection: PostgresConnection, logger: Logger, clock: LeaseClock) {
        self.address = address
        self.connection = connection
        self.logger = logger
        self.clock = clock
    }

    /// Connects and applies the queue's migrations (idempotent, safe to race).
    /// - Parameter clock: the server's clock, or a test's.
    public static func open(_ address: PostgresLocation, clock: LeaseClock = .server) async throws(WorkQueueError) -> WorkQueue {
        let queue = try await connect(address, clock: clock)
        do {
            try await queue.migrate()
        } catch {
            await queue.close()
            throw error
        }
        return queue
    }

    /// Connects to a queue that exists, for readers (`status`): nil when the queue's tables were
    /// never made (no `--enqueue` and no worker used this database), which stays so.
    public static func openExisting(_ address: PostgresLocation) async throws(WorkQueueError) -> WorkQueue? {
        let queue = try await connect(address, clock: .server)
        do {
            let rows = try await queue.rows("look for the work queue", "SELECT to_regclass('work_items') IS NOT NULL")
            if try rows.first?.decode(Bool.self) == true { return queue }
        } catch {
            await queue.close()
            throw WorkQueueError.database("look for the work queue", detail: WorkQueueError.detail(error))
        }
        await queue.close()
        return nil
    }

    private static func connect(_ address: PostgresLocation, clock: LeaseClock) async throws(WorkQueueError) -> WorkQueue {
        var logger = Logger(label: "kwcluster.work-queue")
        logger.logLevel = .critical
        do {
            let connection = try await PostgresConnection.connect(configuration: address.configuration, id: 1, logger: logger)
            return WorkQueue(address: address, connection: connection, logger: logger, clock: clock)
        } catch {
            throw .unreachable(address.redacted, detail: WorkQueueError.detail(error))
        }
    }

    public func close() async {
        try? await connection.close()
    }

    /// Runs `body` in one transaction (rolled back when it throws).
    func transaction<T: Sendable>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws(WorkQueueError) -> T {
        do {
            try await connection.query("BEGIN", logger: logger)
        } catch {
            throw .database(what, detail: WorkQueueError.detail(error))
        }
        do {
            let value = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return value
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            if let error = error as? WorkQueueError { throw error }
            throw .database(what, detail: WorkQueueError.detail(error))
        }
    }

    /// One statement, its rows collected.
    func rows(_ what: String, _ query: PostgresQuery) async throws(WorkQueueError) -> [PostgresRow] {
        do {
            return try await Self.collect(connection.query(query, logger: logger))
        } catch {
            throw .database(what, detail: WorkQueueError.detail(error))
        }
    }

    static func collect(_ sequence: PostgresRowSequence) async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in sequence { rows.append(row) }
        return rows
    }

    /// Applies the queue's migrations (`Migrations.workQueue`, by the store's migrator).
    private func migrate() async throws(WorkQueueError) {
        do {
            try PostgresStore.migrate(Migrations.workQueue, at: address)
        } catch {
            throw .database("apply the work queue's migrations", detail: error.description)
        }
    }

    /// The names of the applied migrations, in order.
    public func appliedMigrations() async throws(WorkQueueError) -> [String] {
        try await rows("read the migrations", "SELECT name FROM work_queue_migrations ORDER BY applied_at, name").map {
            (try? $0.decode(String.self)) ?? ""
        }
    }
}
