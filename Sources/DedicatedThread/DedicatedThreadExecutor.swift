import Foundation

/// Runs the tasks that prefer it on one thread of its own, outside Swift's shared (cooperative)
/// pool. Work that must keep time while that pool is busy with CPU work for seconds at a time
/// uses it: a worker's lease heartbeats (a late one lets another worker take a live run over),
/// and the fixture site's server in a busy test process (its clients would time out).
public final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// Starts the thread, named `name` (as debuggers and `top -H` show it). It lives as long as the process.
    public init(name: String) {
        let thread = Thread { [unowned self] in self.runJobs() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
