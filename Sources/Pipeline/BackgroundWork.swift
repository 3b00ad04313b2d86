import Dispatch
import Foundation

/// A value computed on a thread of its own while the caller goes on; `value()` waits for it.
///
/// A dedicated thread, not the shared pool: callers wait from pool threads, and with every
/// pool thread waiting the work would never get one.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the thread before `done` is signalled, read only after waiting for it.
    private var result: Value?

    /// Starts `work` on a new thread, or with `inline`, runs it now on the caller's thread (small
    /// work, where a thread would cost more than it saves).
    init(inline: Bool = false, _ work: @escaping @Sendable () -> Value) {
        if inline {
            result = work()
            done.signal()
            return
        }
        // Foundation keeps a thread's block until the thread has ended and releases it from a
        // thread-exit destructor. What the work captured must not be released there: a store's
        // GRDB queue then calls libdispatch after libdispatch has freed this thread's caches, and
        // libdispatch reuses the freed memory (heap corruption). So the block holds only a
        // `ThreadBody`, which releases the work and this object on the thread, before it ends.
        let body = ThreadBody { [self] in
            result = work()
            done.signal()
        }
        let thread = Thread { body.run() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the value. May be called any number of times.
    func value() -> Value {
        done.wait()
        done.signal()
        return result!
    }
}

/// A thread's work, run once and then released (with everything it captured) by `run()` itself,
/// on that thread, rather than when the thread ends.
final class ThreadBody: @unchecked Sendable {
    /// Set before the thread starts, taken by the thread alone.
    private var work: (@Sendable () -> Void)?

    init(_ work: @escaping @Sendable () -> Void) {
        self.work = work
    }

    /// Runs the work; it is released before this returns.
    func run() {
        guard let work = work.take() else { preconditionFailure("a thread body runs once") }
        work()
    }
}
