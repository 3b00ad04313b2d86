import Foundation

/// Runs tasks on a thread of its own. The fixture site's server prefers it, so the site keeps
/// answering while a busy test process's shared threads are all taken (its clients would time
/// out otherwise).
final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ThreadExecutor()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [unowned self] in self.runJobs() }
        thread.name = "fixture-site"
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
