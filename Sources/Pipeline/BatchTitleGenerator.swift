import Content
import FaultPoints
import Foundation
import Persistence
import Synchronization

/// Turns title jobs into titles while batches are still being clustered, so the titles of
/// batch b appear while batch b+1 runs. Jobs are done strictly in id order and each job
/// carries the cluster as it was, so the titles of a run do not depend on timing, and a
/// resumed run finishes the pending jobs without making any twice (a job is marked done in
/// the transaction that stores its title). Batch 1 of a new project with built-in titles is
/// titled by `BatchProcessor` before its commit, as this worker would title it; the worker
/// starts after it.
public final class BatchTitleGenerator: Sendable {
    public let store: Store
    public let projectID: Int64
    public let backend: any TitleBackend
    /// The fallback for a cluster the backend gives no usable title for.
    public let builtIn: BuiltInTitleBackend
    /// Where requests are shared with title workers (a run on a worker), or nil: this process
    /// sends every request itself.
    public let exchange: (any TitleRequestExchange)?

    private struct Control {
        var stopped = false
        var finishing = false
        /// Whether jobs were added since the worker last looked (`jobsAdded()`).
        var jobsAdded = false
    }

    /// How long an idle worker waits before it looks at the store again when no one says jobs
    /// were added (a missed `jobsAdded()` costs this much, never a job).
    static let idleLookInterval = Duration.milliseconds(100)

    private let control = Mutex(Control())

    public init(store: Store, projectID: Int64, backend: any TitleBackend, year: Int,
                exchange: (any TitleRequestExchange)? = nil) {
        self.store = store
        self.projectID = projectID
        self.backend = backend
        builtIn = BuiltInTitleBackend(year: year)
        self.exchange = exchange
    }

    /// Starts the worker; it runs until `stop()` or, after `finishWhenDrained()`, until no job is left.
    public func start(progress: @escaping ProgressSink) -> Task<Void, any Error> {
        control.withLock { $0 = Control() }
        return Task.detached { [self] in try await work(progress: progress) }
    }

    /// Makes every pending job now, in this task.
    public func drain(progress: @escaping ProgressSink) async throws {
        control.withLock { $0 = Control(stopped: false, finishing: true) }
        try await work(progress: progress)
    }

    /// Ends the worker after the job in hand.
    public func stop() {
        control.withLock { $0.stopped = true }
    }

    /// Lets the worker end once no job is pending.
    public func finishWhenDrained() {
        control.withLock { $0.finishing = true }
    }

    /// Says that title jobs were stored (a batch committed): an idle worker looks at the store
    /// within 5 ms instead of `idleLookInterval`. Without it an idle worker would read the store
    /// 200 times a second, which costs a PostgreSQL store a round trip and server time each.
    public func jobsAdded() {
        control.withLock { $0.jobsAdded = true }
    }

    /// Waits until jobs are said to be added, the worker is told to stop or finish, or
    /// `idleLookInterval` has passed.
    private func waitForJobs() async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + Self.idleLookInterval
        while clock.now < deadline {
            let wake = control.withLock { $0.jobsAdded || $0.stopped || $0.finishing }
            if wake { return }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private func work(progress: @escaping ProgressSink) async throws {
        var titles = try store.currentTitles(projectID: projectID).mapValues(\.title)
        var used = UsedTitles(titles.values)
        var done = 0
        var rounds = 0
        let requestSize = backend.jobsPerRequest
        while true {
            let (stopped, finishing) = control.withLock { control in
                // Cleared before the look, so jobs added while it reads are not missed.
                control.jobsAdded = false
                return (control.stopped, control.finishing)
            }
            if stopped { return }
            var jobs = try store.pendingTitleJobs(projectID: projectID, limit: backend.jobsPerRound)
            // A model is asked in requests of `requestSize` consecutive jobs. While jobs can still
            // come, only whole requests are sent: which jobs share a request (and so what a model
            // sees) never depends on how many were pending when the worker looked.
            if !finishing, requestSize > 1 { jobs = Array(jobs.prefix(jobs.count / requestSize * requestSize)) }
            guard !jobs.isEmpty else {
                if finishing { return }
                try await waitForJobs()
                continue
            }
            let inputs = try jobs.map { try TitleInputs.decode($0.inputs) }
            var made: [MadeTitle] = []
            if backend is BuiltInTitleBackend {
                // One after another in job order, each avoiding every title made before it, so the
                // result never depends on how jobs are grouped into rounds (drafted on all cores).
                let round = BuiltInTitleRound(generator: builtIn.generator)
                let new = round.titles(for: inputs, clusters: jobs.map(\.clusterID), titles: &titles, used: &used)
                made = jobs.indices.map {
                    MadeTitle(job: jobs[$0], title: new[$0].title, generator: builtIn.name, plan: new[$0].plan.stored)
                }
            } else {
                let proposed: [String?]
                do {
                    if let exchange {
                        proposed = try await exchange.proposals(for: jobs, inputs: inputs, requestSize: requestSize,
                                                                backend: backend, used: used)
                    } else {
                        proposed = try await backend.titles(for: inputs, avoiding: used)
                    }
                } catch let budget as TitleBudgetReached {
                    progress(.note("title work paused: \(budget). \(jobs.count)+ title jobs wait; `kwcluster resume` continues them"))
                    return
                }
                // The proposals are taken one after another in job order, whatever order the
                // requests were answered in: each job frees its cluster's current title, then
                // takes its proposal unless an earlier job holds it (then a built-in title). So
                // the titles do not depend on timing, concurrency or how jobs fall into rounds.
                // A backend stopped by its budget part-way answers for the first jobs only; the rest wait.
                for (index, job) in jobs.prefix(proposed.count).enumerated() {
                    if let own = titles[job.clusterID] { used.remove(own) }
                    var title = proposed[index]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    var generator = backend.name
                    if title.isEmpty || used.contains(title) {
                        title = builtIn.generator.title(for: inputs[index].summary, keywords: inputs[index].clusterKeywords,
                                                        avoidingTitles: used)
                        generator = builtIn.name
                    }
                    titles[job.clusterID] = title
                    used.insert(title)
                    made.append(MadeTitle(job: job, title: title, generator: generator, plan: inputs[index].plan.stored))
                }
            }
            try store.saveTitles(made, projectID: projectID)
            rounds += 1
            FaultPoint.reached(.titlesStored, count: rounds)
            done += made.count
            progress(.titles(done: done, pending: (try? store.pendingTitleJobCount(projectID: projectID)) ?? 0))
        }
    }
}
