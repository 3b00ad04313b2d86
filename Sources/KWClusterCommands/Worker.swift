import ArgumentParser
import Foundation
import Persistence
import Pipeline
import PostgresPersistence
import Projects
import WorkQueue

struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take work from the queue in PostgreSQL: project runs, embedding chunks, title jobs.",
        discussion: """
        Start one worker per machine (or per core) on the same --db=postgres://... server. A worker claims one \
        item at a time (SELECT ... FOR UPDATE SKIP LOCKED) under a lease its heartbeat extends while it works; \
        when a worker dies its lease expires and another worker takes the item over from the last checkpoint. \
        `create --enqueue` and `rescrape --enqueue` queue work; `status` shows which worker holds what.
        """
    )

    @Option(help: "Seconds a claimed item stays leased without a heartbeat (a dead worker's work waits this long).")
    var leaseSeconds: Double = 60

    @Flag(help: "Exit once no item is queued or leased, instead of waiting for more work.")
    var exitWhenIdle = false

    @Option(help: "The worker's name in the workers table (default: HOST-PID).")
    var workerName: String?

    @Option(help: "The kinds of work to take, comma-separated: run, embedding, titles (default: all three).")
    var kinds: String = "run,embedding,titles"

    @OptionGroup var common: CommonOptions

    /// The kinds `--kinds` names.
    var kindSet: Set<WorkItem.Kind> {
        Set(kinds.split(separator: ",").compactMap { WorkItem.Kind(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
    }

    func validate() throws {
        let named = kinds.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let known = WorkItem.Kind.allCases.map(\.rawValue)
        if named.isEmpty || named.contains(where: { !known.contains($0) }) {
            throw ValidationError("--kinds takes \(known.joined(separator: ", ")), comma-separated (got '\(kinds)')")
        }
        guard leaseSeconds >= 1, leaseSeconds <= 86_400 else {
            throw ValidationError("--lease-seconds must be between 1 and 86400 (got \(leaseSeconds))")
        }
        if let workerName, workerName.isEmpty || workerName.count > 200 {
            throw ValidationError("--worker-name must be 1 to 200 characters")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let address = try common.queueAddress(for: "kwcluster worker")
            let queue = try await WorkQueue.open(address)
            let store = try common.openSharedStore(for: "kwcluster worker")
            let renderer = common.progressRenderer()
            let handlers = WorkHandlers.all(store: store, queue: queue, leaseSeconds: leaseSeconds,
                                            lockProject: { [database = common.database] slug in try database.lock(slug) }, progress: renderer.sink)
            let loop = WorkerLoop(queue: queue, name: workerName ?? WorkerLoop.defaultName(), leaseSeconds: leaseSeconds,
                                  exitWhenIdle: exitWhenIdle, handlers: handlers.filter { kindSet.contains($0.key) }) {
                renderer.handle(.note($0))
            }
            let summary = try await loop.run()
            await queue.close()
            renderer.finish()
            let done = WorkItem.Kind.allCases.map { "\(summary.done[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            print("worker \(loop.name): done \(done); \(summary.failed.values.reduce(0, +)) failed; "
                  + "\(summary.lostLeases) lease(s) lost")
        }
    }
}

extension CommonOptions {
    /// The PostgreSQL server of `--db` (or KWCLUSTER_DB), or a clear error saying the command
    /// needs one.
    func queueAddress(for command: String) throws -> PostgresLocation {
        let value = databasePath
        guard PostgresLocation.isPostgresURL(value) else {
            throw PipelineError.badUsage("\(command) needs a PostgreSQL store: --db=postgres://USER:PASSWORD@HOST:PORT/DATABASE "
                                         + "(or KWCLUSTER_DB); '\(value)' is a SQLite file, which only one machine can use")
        }
        do { return try PostgresLocation(url: value) } catch { throw PipelineError.badUsage(error.description) }
    }

    /// The projects' store on the PostgreSQL server of `--db`, which workers share.
    func openSharedStore(for command: String) throws -> Store {
        _ = try queueAddress(for: command)
        return try openStore()
    }
}
