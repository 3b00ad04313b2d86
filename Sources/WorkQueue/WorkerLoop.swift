import DedicatedThread
import FaultPoints
import Foundation

/// Does the work of one kind of item. The worker holds the item's lease while `perform` runs
/// (its heartbeat extends it); `perform` is cancelled when the lease is lost.
public protocol WorkHandler: Sendable {
    func perform(_ item: WorkItem) async throws
}

/// A worker: claims items one at a time, keeps each item's lease alive with a heartbeat while
/// its handler works, and marks it done, or failed (queued again while it has attempts left).
public struct WorkerLoop: Sendable {
    /// Where the lease heartbeats run: a run's batches keep the shared threads busy with CPU work
    /// for seconds at a time, and a heartbeat waiting for one of them could miss its lease (another
    /// worker would then take a live worker's run over).
    static let heartbeatThread = DedicatedThreadExecutor(name: "kwcluster-heartbeat")

    /// What a worker did before it stopped.
    public struct Summary: Sendable, Hashable {
        public var done: [WorkItem.Kind: Int] = [:]
        public var failed: [WorkItem.Kind: Int] = [:]
        public var lostLeases = 0
    }

    public let queue: WorkQueue
    public let name: String
    public let leaseSeconds: Double
    /// Stop once no item of the worker's kinds is queued or leased (by anyone: an expired lease
    /// of a dead worker is still work to take over), instead of waiting for more.
    public let exitWhenIdle: Bool
    /// How long to wait before looking again when nothing is claimable.
    public let pollSeconds: Double
    public let handlers: [WorkItem.Kind: any WorkHandler]
    public let log: @Sendable (String) -> Void

    public init(queue: WorkQueue, name: String, leaseSeconds: Double, exitWhenIdle: Bool, pollSeconds: Double? = nil,
                handlers: [WorkItem.Kind: any WorkHandler], log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.queue = queue
        self.name = name
        self.leaseSeconds = leaseSeconds
        self.exitWhenIdle = exitWhenIdle
        self.pollSeconds = pollSeconds ?? min(1, leaseSeconds / 4)
        self.handlers = handlers
        self.log = log
    }

    /// A name no other live process has: host and pid.
    public static func defaultName() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Works until idle (with ``exitWhenIdle``) or until the task is cancelled.
    public func run() async throws(WorkQueueError) -> Summary {
        try await queue.register(worker: name, host: ProcessInfo.processInfo.hostName,
                                 pid: Int(ProcessInfo.processInfo.processIdentifier))
        log("worker \(name) started (lease \(Self.seconds(leaseSeconds)))")
        var summary = Summary()
        while !Task.isCancelled {
            guard let item = try await queue.claim(worker: name, kinds: Set(handlers.keys), leaseSeconds: leaseSeconds) else {
                if exitWhenIdle, try await queue.openItemCount(kinds: Set(handlers.keys)) == 0 { break }
                try? await Task.sleep(for: .seconds(pollSeconds))
                continue
            }
            try await work(on: item, summary: &summary)
        }
        try? await queue.markStopped(worker: name)
        log("worker \(name) stopped: \(summary.done.values.reduce(0, +)) item(s) done, \(summary.failed.values.reduce(0, +)) failed")
        return summary
    }

    /// Runs the item's handler beside a heartbeat every third of the lease; the first to end
    /// decides: the work's end (success or error), or the heartbeat finding the lease lost.
    private func work(on item: WorkItem, summary: inout Summary) async throws(WorkQueueError) {
        guard let handler = handlers[item.kind] else { return }
        log("item \(item.id): \(item.kind.rawValue) of \(item.project)\(item.runID.map { " run \($0)" } ?? "") (attempt \(item.attempts))")
        let queue = queue, name = name, leaseSeconds = leaseSeconds
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask {
                do { try await handler.perform(item); return .success(()) } catch { return .failure(error) }
            }
            group.addTask(executorPreference: Self.heartbeatThread) {
                while true {
                    do { try await Task.sleep(for: .seconds(leaseSeconds / 3)) } catch { return nil }
                    do { try await queue.heartbeat(itemID: item.id, worker: name, leaseSeconds: leaseSeconds) } catch {
                        return .failure(error)
                    }
                }
            }
            var outcome: Result<Void, any Error> = .success(())
            while let next = await group.next() {
                if let next {
                    outcome = next
                    break
                }
            }
            group.cancelAll()
            return outcome
        }
        switch outcome {
        case .success:
            do {
                try await queue.complete(itemID: item.id, worker: name)
                FaultPoint.passed(.workItemCompleted)
                summary.done[item.kind, default: 0] += 1
                log("item \(item.id) done")
            } catch .leaseLost {
                summary.lostLeases += 1
                log("item \(item.id): finished, but its lease had expired and another worker holds it")
            }
        case .failure(WorkQueueError.leaseLost):
            summary.lostLeases += 1
            log("item \(item.id): lease lost, work stopped")
        case .failure(let error):
            let message = String(describing: error)
            do {
                let status = try await queue.fail(itemID: item.id, worker: name, error: message)
                if status == .failed { summary.failed[item.kind, default: 0] += 1 }
                log("item \(item.id) failed (\(status == .failed ? "no attempts left" : "queued again")): \(message)")
            } catch .leaseLost {
                summary.lostLeases += 1
            }
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
