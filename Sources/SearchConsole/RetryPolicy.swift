import Foundation

/// How long to wait before asking again after a 429 (quota) or a 5xx answer: exponential
/// backoff, `base` doubling per attempt up to `cap`, or the server's `Retry-After` when it is
/// longer (still at most `cap`), for at most `maxAttempts` requests in all.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var base: Duration
    public var cap: Duration
    /// Waits; tests pass one that records the delay and returns at once.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(maxAttempts: Int = 6, base: Duration = .seconds(2), cap: Duration = .seconds(64),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = base
        self.cap = cap
        self.sleep = sleep
    }

    /// The wait after the `attempt`-th failed request (1-based).
    public func delay(afterAttempt attempt: Int, retryAfterSeconds: Int? = nil) -> Duration {
        let exponential = base * (1 << min(attempt - 1, 30))
        let asked = retryAfterSeconds.map { Duration.seconds($0) } ?? .zero
        return min(cap, max(exponential, asked))
    }

    /// Whether an answer with `status` is worth asking again.
    static func isTransient(_ status: Int) -> Bool {
        status == 429 || status == 500 || status == 502 || status == 503 || status == 504
    }
}
