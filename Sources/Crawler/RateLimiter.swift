import Foundation

/// Spaces requests at least `interval` seconds apart, whichever task sends them.
actor RateLimiter {
    private var interval: Double
    private var next: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    init(interval: Double) {
        self.interval = interval
    }

    func setInterval(_ seconds: Double) {
        interval = seconds
    }

    /// Waits for the next free slot, then takes it.
    func wait() async throws {
        let now = clock.now
        let slot = max(next ?? now, now)
        next = slot.advanced(by: .milliseconds(Int64((interval * 1000).rounded(.up))))
        if slot > now { try await Task.sleep(until: slot, clock: clock) }
    }
}
