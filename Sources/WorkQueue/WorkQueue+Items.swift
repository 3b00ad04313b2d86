import Foundation
import PostgresNIO

extension WorkQueue {
    static let itemColumns = """
        id, kind, project, run_id, payload, status, attempts, max_attempts, lease_owner, lease_expires_at, last_error, \
        created_at, completed_at
        """

    static func item(_ row: PostgresRow) throws -> WorkItem {
        let (id, kind, project, runID, payload, status, attempts, maxAttempts, owner, expires, error, created, completed) = try row.decode(
            (Int64, String, String, Int64?, String, String, Int32, Int32, String?, Date?, String?, Date, Date?).self)
        guard let kind = WorkItem.Kind(rawValue: kind), let status = WorkItem.Status(rawValue: status) else {
            throw WorkQueueError.badPayload(itemID: id, detail: "unknown kind '\(kind)' or status '\(status)'")
        }
        return WorkItem(id: id, kind: kind, project: project, runID: runID, payload: payload, status: status,
                        attempts: Int(attempts), maxAttempts: Int(maxAttempts), leaseOwner: owner, leaseExpiresAt: expires,
                        lastError: error, createdAt: created, completedAt: completed)
    }

    func items(_ what: String, _ query: PostgresQuery) async throws(WorkQueueError) -> [WorkItem] {
        let rows = try await rows(what, query)
        do { return try rows.map(Self.item) } catch {
            if let error = error as? WorkQueueError { throw error }
            throw .database(what, detail: WorkQueueError.detail(error))
        }
    }

    /// Adds items, all in one transaction, and returns them with their ids.
    @discardableResult
    public func enqueue(_ newItems: [NewWorkItem]) async throws(WorkQueueError) -> [WorkItem] {
        let logger = logger
        let rows = try await transaction("queue \(newItems.count) work item(s)") { connection in
            var rows: [PostgresRow] = []
            for item in newItems {
                let kind = item.kind.rawValue, maxAttempts = Int32(item.maxAttempts)
                rows += try await Self.collect(connection.query("""
                    INSERT INTO work_items (kind, project, run_id, payload, max_attempts)
                    VALUES (\(kind), \(item.project), \(item.runID), \(item.payload), \(maxAttempts))
                    RETURNING \(unescaped: Self.itemColumns)
                    """, logger: logger))
            }
            return rows
        }
        do { return try rows.map(Self.item) } catch {
            throw .database("read the queued items", detail: WorkQueueError.detail(error))
        }
    }

    /// Claims the oldest claimable item of `kinds` for `worker`: a queued item, or a leased one
    /// whose lease expired (its worker died; the new owner continues from the last checkpoint).
    /// In one transaction: items whose expired lease used up their attempts are marked failed,
    /// the candidate row is locked with `FOR UPDATE SKIP LOCKED` (concurrent claimers each get
    /// another row and never wait), and the lease is set.
    ///
    /// - Parameter projectsBusyElsewhere: when true (the default), a run item is not claimed
    ///   while another run item of the same project is leased and alive: a project's runs go one
    ///   at a time, in order.
    /// - Returns: the claimed item, or nil when nothing is claimable.
    public func claim(worker: String, kinds: Set<WorkItem.Kind> = Set(WorkItem.Kind.allCases),
                      leaseSeconds: Double) async throws(WorkQueueError) -> WorkItem? {
        let logger = logger
        let now = clock.sql
        let kindNames = kinds.map(\.rawValue).sorted()
        let rows = try await transaction("claim a work item") { connection in
            try await connection.query("""
                UPDATE work_items SET status = 'failed',
                  last_error = COALESCE(last_error || '; ', '') || 'the lease expired after attempt ' || attempts || ' of ' || max_attempts
                WHERE status = 'leased' AND lease_expires_at < \(unescaped: now) AND attempts >= max_attempts
                """, logger: logger)
            let candidates = try await Self.collect(connection.query("""
                SELECT id FROM work_items w
                WHERE w.kind = ANY(\(kindNames))
                  AND (w.status = 'queued' OR (w.status = 'leased' AND w.lease_expires_at < \(unescaped: now)))
                  AND NOT (w.kind = 'run' AND EXISTS (
                    SELECT 1 FROM work_items earlier WHERE earlier.kind = 'run' AND earlier.project = w.project
                      AND earlier.id < w.id AND earlier.status IN ('queued', 'leased')))
                ORDER BY w.id
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """, logger: logger))
            guard let candidate = candidates.first else { return [PostgresRow]() }
            let id = try candidate.decode(Int64.self)
            return try await Self.collect(connection.query("""
                UPDATE work_items SET status = 'leased', lease_owner = \(worker), attempts = attempts + 1,
                  lease_expires_at = \(unescaped: now) + make_interval(secs => \(leaseSeconds)),
                  started_at = COALESCE(started_at, \(unescaped: now))
                WHERE id = \(id)
                RETURNING \(unescaped: Self.itemColumns)
                """, logger: logger))
        }
        guard let row = rows.first else { return nil }
        do { return try Self.item(row) } catch {
            throw .database("read the claimed item", detail: WorkQueueError.detail(error))
        }
    }

    /// Extends the lease of an item `worker` holds, and the worker's heartbeat.
    /// - Throws: ``WorkQueueError/leaseLost(itemID:)`` when the worker no longer holds it.
    public func heartbeat(itemID: Int64, worker: String, leaseSeconds: Double) async throws(WorkQueueError) {
        let rows = try await rows("extend the lease of item \(itemID)", """
            WITH beat AS (UPDATE workers SET heartbeat_at = \(unescaped: clock.sql) WHERE id = \(worker))
            UPDATE work_items SET lease_expires_at = \(unescaped: clock.sql) + make_interval(secs => \(leaseSeconds))
            WHERE id = \(itemID) AND status = 'leased' AND lease_owner = \(worker)
            RETURNING id
            """)
        guard !rows.isEmpty else { throw .leaseLost(itemID: itemID) }
    }

    /// Marks an item `worker` holds done.
    /// - Throws: ``WorkQueueError/leaseLost(itemID:)`` when another worker took it over meanwhile.
    public func complete(itemID: Int64, worker: String) async throws(WorkQueueError) {
        let rows = try await rows("complete item \(itemID)", """
            UPDATE work_items SET status = 'done', completed_at = \(unescaped: clock.sql), lease_expires_at = NULL
            WHERE id = \(itemID) AND status = 'leased' AND lease_owner = \(worker)
            RETURNING id
            """)
        guard !rows.isEmpty else { throw .leaseLost(itemID: itemID) }
    }

    /// Records a failed attempt: the item is queued again while it has attempts left, else
    /// marked failed with the error.
    /// - Returns: the item's new status.
    @discardableResult
    public func fail(itemID: Int64, worker: String, error message: String) async throws(WorkQueueError) -> WorkItem.Status {
        let rows = try await rows("record the failure of item \(itemID)", """
            UPDATE work_items SET
              status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
              last_error = \(message), lease_expires_at = NULL
            WHERE id = \(itemID) AND status = 'leased' AND lease_owner = \(worker)
            RETURNING status
            """)
        guard let row = rows.first else { throw .leaseLost(itemID: itemID) }
        return (try? row.decode(String.self)).flatMap(WorkItem.Status.init(rawValue:)) ?? .failed
    }

    /// Every item of a project (all projects when nil), oldest first.
    public func items(project: String? = nil) async throws(WorkQueueError) -> [WorkItem] {
        if let project {
            return try await items("read the work items of \(project)", """
                SELECT \(unescaped: Self.itemColumns) FROM work_items WHERE project = \(project) ORDER BY id
                """)
        }
        return try await items("read the work items", "SELECT \(unescaped: Self.itemColumns) FROM work_items ORDER BY id")
    }

    /// Whether a run item of `runID` is still queued or leased (an expired lease included).
    public func runIsOpen(project: String, runID: Int64) async throws(WorkQueueError) -> Bool {
        let rows = try await rows("look at the run items of run \(runID)", """
            SELECT 1 FROM work_items WHERE kind = 'run' AND project = \(project) AND run_id = \(runID)
              AND status IN ('queued', 'leased') LIMIT 1
            """)
        return !rows.isEmpty
    }

    /// How many items of `kinds` are queued or leased (an expired lease included): work not finished.
    public func openItemCount(kinds: Set<WorkItem.Kind> = Set(WorkItem.Kind.allCases)) async throws(WorkQueueError) -> Int {
        let kindNames = kinds.map(\.rawValue).sorted()
        let rows = try await rows("count the open work items", """
            SELECT COUNT(*) FROM work_items WHERE status IN ('queued', 'leased') AND kind = ANY(\(kindNames))
            """)
        return Int((try? rows.first?.decode(Int64.self)) ?? 0)
    }
}
