import Synchronization

/// The `--llm-max-requests` cap: how many HTTP requests (retries included) may still be sent.
public protocol LLMRequestBudget: Sendable {
    /// Reserves up to `wanted` requests of at most `limit` in all (nil: no cap).
    /// - Returns: how many were granted, 0 when none is left.
    func reserve(upTo wanted: Int, limit: Int?) async throws -> Int
}

/// The budget of one process: a counter in memory.
public final class ProcessRequestBudget: LLMRequestBudget {
    private let sent = Mutex(0)

    public init() {}

    public func reserve(upTo wanted: Int, limit: Int?) -> Int {
        sent.withLock { sent in
            let granted = limit.map { max(0, min(wanted, $0 - sent)) } ?? wanted
            sent += granted
            return granted
        }
    }
}
