import Foundation
import Pipeline
import PostgresNIO

/// The title requests of one run, shared in the queue's database (`title_requests`,
/// `title_budgets`) by the worker running the run and the workers holding its `titles` items.
/// A claim belongs to a work item's holder and lives as long as that item's lease: a dead
/// worker's claims are free again when its lease expires. Every operation is one statement
/// (the queue's connection also carries the worker's heartbeats).
public struct QueueTitleRequests: TitleRequestExchange {
    public let queue: WorkQueue
    public let project: String
    public let runID: Int64
    /// The work item whose lease the claims live by, and its holder.
    public let itemID: Int64
    public let worker: String

    public init(queue: WorkQueue, project: String, runID: Int64, itemID: Int64, worker: String) {
        self.queue = queue
        self.project = project
        self.runID = runID
        self.itemID = itemID
        self.worker = worker
    }

    public var budget: any LLMRequestBudget { RunRequestBudget(queue: queue, project: project, runID: runID) }

    static func key(_ jobIDs: [Int64]) -> String { jobIDs.map(String.init).joined(separator: ",") }

    public func claim(jobIDs: [Int64]) async throws -> TitleRequestClaim {
        let key = Self.key(jobIDs)
        let claimed = try await queue.rows("claim title request \(key)", """
            INSERT INTO title_requests AS r (project, job_ids, claimed_item, claimed_by, claimed_at)
            VALUES (\(project), \(key), \(itemID), \(worker), \(unescaped: queue.clock.sql))
            ON CONFLICT (project, job_ids) DO UPDATE
              SET claimed_item = EXCLUDED.claimed_item, claimed_by = EXCLUDED.claimed_by, claimed_at = EXCLUDED.claimed_at
              WHERE r.proposals IS NULL AND (
                (r.claimed_item = EXCLUDED.claimed_item AND r.claimed_by = EXCLUDED.claimed_by)
                OR NOT EXISTS (SELECT 1 FROM work_items w WHERE w.id = r.claimed_item AND w.status = 'leased'
                               AND w.lease_owner = r.claimed_by AND w.lease_expires_at > \(unescaped: queue.clock.sql)))
            RETURNING claimed_by
            """)
        if !claimed.isEmpty { return .mine }
        let rows = try await queue.rows("read title request \(key)", """
            SELECT proposals FROM title_requests WHERE project = \(project) AND job_ids = \(key)
            """)
        guard let text = try rows.first?.decode(String?.self) else { return .heldElsewhere }
        guard let proposals = try? JSONDecoder().decode([String?].self, from: Data(text.utf8)) else {
            throw WorkQueueError.database("read title request \(key)", detail: "its proposals are not a JSON array of titles")
        }
        return .answered(proposals)
    }

    public func answer(jobIDs: [Int64], proposals: [String?]) async throws {
        let key = Self.key(jobIDs)
        let json = String(decoding: try JSONEncoder().encode(proposals), as: UTF8.self)
        _ = try await queue.rows("record the answer to title request \(key)", """
            UPDATE title_requests SET proposals = \(json), answered_at = \(unescaped: queue.clock.sql)
            WHERE project = \(project) AND job_ids = \(key) AND proposals IS NULL
            """)
    }
}

/// A run's `--llm-max-requests`, counted in `title_budgets` by every process of the run.
struct RunRequestBudget: LLMRequestBudget {
    let queue: WorkQueue
    let project: String
    let runID: Int64

    func reserve(upTo wanted: Int, limit: Int?) async throws -> Int {
        guard let limit else { return wanted }
        guard limit > 0 else { return 0 }
        // One request at a time: each reservation is one statement that counts it while the run
        // is below its limit (the run's first makes its row).
        var granted = 0
        while granted < wanted {
            let rows = try await queue.rows("reserve a request of run \(runID)", """
                INSERT INTO title_budgets AS b (project, run_id, requests_sent) VALUES (\(project), \(runID), 1)
                ON CONFLICT (project, run_id) DO UPDATE SET requests_sent = b.requests_sent + 1
                  WHERE b.requests_sent < \(limit)
                RETURNING requests_sent
                """)
            if rows.isEmpty { break }
            granted += 1
        }
        return granted
    }
}
