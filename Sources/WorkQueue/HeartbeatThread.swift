import Foundation

/// Runs the workers' heartbeats on a thread of their own. A run's batches keep the shared
/// (cooperative) threads busy with CPU work for seconds at a time; a heartbeat waiting for one
/// of them could miss its lease, and another worker would take a live worker's run over.
final class HeartbeatThread: TaskExecutor, @unchecked Sendable {
    static let shared = HeartbeatThread()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [unowned self] in self.runJobs() }
        thread.name = "kwcluster-heartbeat"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
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
