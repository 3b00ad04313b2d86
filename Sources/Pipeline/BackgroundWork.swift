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
        let thread = Thread {
            self.result = work()
            self.done.signal()
        }
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
