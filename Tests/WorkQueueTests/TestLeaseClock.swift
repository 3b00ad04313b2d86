import Foundation
import Synchronization
import WorkQueue

/// A lease clock that moves only when the test moves it: a lease expires when the test says so,
/// and no test sleeps to wait for one.
final class TestLeaseClock: Sendable {
    private let instant = Mutex(Date(timeIntervalSince1970: 1_900_000_000))

    var now: Date { instant.withLock { $0 } }

    func advance(seconds: Double) {
        instant.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// The queue's clock, reading this one.
    var lease: LeaseClock { LeaseClock { [self] in now } }
}
