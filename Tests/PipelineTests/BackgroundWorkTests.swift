import Dispatch
import Foundation
import Testing
@testable import Pipeline

/// Work on a thread of its own.
struct BackgroundWorkTests {
    /// What the work captured is released on its thread while that thread still runs, never by
    /// a thread-exit destructor once it has ended: released there, a store's GRDB queue called
    /// libdispatch after libdispatch had freed the thread's caches, and corrupted the heap.
    @Test func releasesWhatTheWorkCapturedWhileItsThreadStillRuns() {
        // Given work that captures the only reference to an object
        let witness = ReleaseWitness()
        var captured: Captured? = Captured(witness: witness)
        let work = BackgroundWork { [captured] in
            withExtendedLifetime(captured) { ObjectIdentifier(Thread.current) }
        }
        captured = nil
        // When the work is done
        let worker = work.value()
        // Then the object was released on the work's own thread (a thread-exit destructor sees
        // another `Thread.current`: Foundation has already let go of the ending thread's)
        #expect(witness.releasingThread() == worker)
    }

    @Test func inlineWorkRunsOnTheCallersThread() {
        let work = BackgroundWork(inline: true) { ObjectIdentifier(Thread.current) }
        #expect(work.value() == ObjectIdentifier(Thread.current))
        #expect(work.value() == ObjectIdentifier(Thread.current))
    }
}

/// Records the thread an object was released on.
private final class ReleaseWitness: @unchecked Sendable {
    private let released = DispatchSemaphore(value: 0)
    /// Written once before `released` is signalled.
    private var thread: ObjectIdentifier?

    func record() {
        thread = ObjectIdentifier(Thread.current)
        released.signal()
    }

    /// Waits for the release and returns its thread.
    func releasingThread() -> ObjectIdentifier? {
        released.wait()
        return thread
    }
}

private final class Captured: Sendable {
    let witness: ReleaseWitness

    init(witness: ReleaseWitness) {
        self.witness = witness
    }

    deinit { witness.record() }
}
