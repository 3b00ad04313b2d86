import Foundation
import PostgresNIO

extension WorkQueue {
    /// Records a worker starting (a name used before starts afresh: the old process is gone).
    public func register(worker: String, host: String, pid: Int) async throws(WorkQueueError) {
        let pid = Int32(truncatingIfNeeded: pid)
        _ = try await rows("register worker \(worker)", """
            INSERT INTO workers (id, host, pid) VALUES (\(worker), \(host), \(pid))
            ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, started_at = \(unescaped: clock.sql),
              heartbeat_at = \(unescaped: clock.sql), stopped_at = NULL
            """)
    }

    /// Marks a worker stopped (a clean exit; a killed worker's row just stops beating).
    public func markStopped(worker: String) async throws(WorkQueueError) {
        _ = try await rows("mark worker \(worker) stopped", "UPDATE workers SET stopped_at = \(unescaped: clock.sql) WHERE id = \(worker)")
    }

    /// Every worker that ever registered, newest first.
    public func workers() async throws(WorkQueueError) -> [WorkerRecord] {
        let rows = try await rows("read the workers", """
            SELECT id, host, pid, started_at, heartbeat_at, stopped_at FROM workers ORDER BY started_at DESC, id
            """)
        do {
            return try rows.map { row in
                let (id, host, pid, started, heartbeat, stopped) = try row.decode((String, String, Int32, Date, Date, Date?).self)
                return WorkerRecord(id: id, host: host, pid: Int(pid), startedAt: started, heartbeatAt: heartbeat, stoppedAt: stopped)
            }
        } catch {
            throw .database("read the workers", detail: WorkQueueError.detail(error))
        }
    }
}
