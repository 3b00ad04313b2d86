import Foundation

/// One piece of work in the `work_items` table.
public struct WorkItem: Sendable, Hashable, Codable {
    /// What a worker does with an item.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Runs (or continues) a project's run to its end, batch after batch, from its last
        /// checkpoint: one worker per run at a time.
        case run
        /// Encodes a chunk of a project's keywords that have no vector yet for a model.
        case embedding
        /// Makes the pending titles of a project's run.
        case titles
    }

    public enum Status: String, Sendable, Codable {
        case queued, leased, done, failed
    }

    public var id: Int64
    public var kind: Kind
    /// The project's slug.
    public var project: String
    public var runID: Int64?
    /// Kind-specific JSON (an embedding chunk's keyword ids and model).
    public var payload: String
    public var status: Status
    /// How many times a worker claimed it (a takeover after an expired lease counts).
    public var attempts: Int
    public var maxAttempts: Int
    /// The worker holding (or last holding) the lease.
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var lastError: String?
    public var createdAt: Date
    public var completedAt: Date?

    public init(id: Int64, kind: Kind, project: String, runID: Int64?, payload: String, status: Status, attempts: Int,
                maxAttempts: Int, leaseOwner: String?, leaseExpiresAt: Date?, lastError: String?, createdAt: Date,
                completedAt: Date?) {
        self.id = id
        self.kind = kind
        self.project = project
        self.runID = runID
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.completedAt = completedAt
    }
}

/// What `enqueue` adds.
public struct NewWorkItem: Sendable, Hashable {
    public var kind: WorkItem.Kind
    public var project: String
    public var runID: Int64?
    public var payload: String
    public var maxAttempts: Int

    public init(kind: WorkItem.Kind, project: String, runID: Int64? = nil, payload: String = "{}", maxAttempts: Int = 3) {
        self.kind = kind
        self.project = project
        self.runID = runID
        self.payload = payload
        self.maxAttempts = maxAttempts
    }
}

/// A row of the `workers` table.
public struct WorkerRecord: Sendable, Hashable, Codable {
    public var id: String
    public var host: String
    public var pid: Int
    public var startedAt: Date
    public var heartbeatAt: Date
    public var stoppedAt: Date?
}
