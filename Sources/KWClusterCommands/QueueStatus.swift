import Foundation
import Pipeline
import PostgresPersistence
import WorkQueue

/// The work queue's part of `status` on PostgreSQL: the project's items, who holds them and
/// until when, and the workers holding them.
enum QueueStatus {
    /// The project's work items and the workers of the queue.
    struct Snapshot {
        var items: [WorkItem]
        var workers: [String: WorkerRecord]
    }

    static func load(project: String, address: PostgresLocation) async throws -> Snapshot {
        guard let queue = try await WorkQueue.openExisting(address) else { return Snapshot(items: [], workers: [:]) }
        defer { Task { await queue.close() } }
        let items = try await queue.items(project: project)
        let workers = Dictionary(uniqueKeysWithValues: try await queue.workers().map { ($0.id, $0) })
        return Snapshot(items: items, workers: workers)
    }

    /// The items as `status --json` lists them (`work_queue`), or nil when none were ever queued.
    static func entries(_ snapshot: Snapshot) -> [StatusReport.WorkItemStatus]? {
        guard !snapshot.items.isEmpty else { return nil }
        let format = ISO8601DateFormatter()
        return snapshot.items.map { item in
            let worker = item.leaseOwner.flatMap { snapshot.workers[$0] }
            return StatusReport.WorkItemStatus(
                id: item.id, kind: item.kind.rawValue, runId: item.runID, status: item.status.rawValue,
                attempts: item.attempts, maxAttempts: item.maxAttempts, leaseOwner: item.leaseOwner,
                leaseExpiresAt: item.leaseExpiresAt.map(format.string(from:)), workerHost: worker?.host, workerPid: worker?.pid,
                heartbeatAt: worker.map { format.string(from: $0.heartbeatAt) }, lastError: item.lastError)
        }
    }

    /// Lines describing the project's work items, or nil when none were ever queued.
    static func text(_ snapshot: Snapshot, now: Date = Date()) -> String? {
        let items = snapshot.items, workers = snapshot.workers
        guard !items.isEmpty else { return nil }
        var lines = ["work queue: \(items.count) item(s)"]
        for kind in WorkItem.Kind.allCases {
            let ofKind = items.filter { $0.kind == kind }
            guard !ofKind.isEmpty else { continue }
            let counts = [WorkItem.Status.queued, .leased, .done, .failed].compactMap { status -> String? in
                let count = ofKind.count { $0.status == status }
                return count == 0 ? nil : "\(count) \(status.rawValue)"
            }
            lines.append("  \(kind.rawValue): " + counts.joined(separator: ", "))
        }
        for item in items where item.status == .leased || item.status == .failed || (item.kind == .run && item.status == .queued) {
            var line = "  item \(item.id) \(item.kind.rawValue)" + (item.runID.map { " (run \($0))" } ?? "") + ": \(item.status.rawValue)"
            if item.status == .leased, let owner = item.leaseOwner, let expires = item.leaseExpiresAt {
                line += " by \(owner)"
                if let worker = workers[owner] {
                    line += " (\(worker.host), pid \(worker.pid), heartbeat \(seconds(now.timeIntervalSince(worker.heartbeatAt))) ago)"
                }
                let left = expires.timeIntervalSince(now)
                line += left >= 0 ? ", lease ends in \(seconds(left))" : ", lease expired \(seconds(-left)) ago (another worker takes it over)"
            }
            line += ", attempt \(item.attempts) of \(item.maxAttempts)"
            if let error = item.lastError { line += "; last error: \(error)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func seconds(_ value: TimeInterval) -> String {
        "\(Int(max(0, value).rounded())) s"
    }
}
