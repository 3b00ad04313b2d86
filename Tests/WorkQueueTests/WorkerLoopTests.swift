import Foundation
import Lab
import Persistence
import Pipeline
import SentenceEncoder
import Testing
import WorkQueue

/// Workers taking a semantic run and its embedding chunks from the queue in PostgreSQL, the
/// project's data in a SQLite store they share (in one process): the result must equal a
/// single process's, bit for bit.
@Suite(.serialized, .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipReason)))
struct WorkerLoopTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let modelDirectory = packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2").path

    static func parameters(precision: Precision = .fp32) -> RunParameters {
        var parameters = RunParameters()
        parameters.encoderPrecision = precision == .fp32 ? nil : precision
        parameters.vectorEncoding = precision == .fp32 ? nil : .int8
        parameters.batchSize = 50
        parameters.clusterCount = 10
        parameters.titleYear = 2026
        parameters.vectors = .semantic
        parameters.modelDirectory = modelDirectory
        return parameters
    }

    /// A project of 240 synthetic keywords in a temporary folder, created (not run) in `store`.
    static func makeProject(folder: URL, store: Store, precision: Precision = .fp32) throws -> ProjectCreator.Created {
        let file = folder.appendingPathComponent("keywords.csv").path
        if !FileManager.default.fileExists(atPath: file) {
            try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 240, topics: 10))
                .write(toFile: file, atomically: true, encoding: .utf8)
        }
        return try ProjectCreator.create(domain: "example.com", files: [file], column: nil, parameters: parameters(precision: precision),
                                         store: store)
    }

    static func export(_ project: Project, store: Store, folder: URL) throws -> String {
        let path = folder.appendingPathComponent("export-\(UUID().uuidString).csv").path
        do {
            let output = try OutputBuffer(path: path)
            try KeywordExporter.export(project: project, format: .csv, store: store, to: output,
                                       completeness: try KeywordExporter.completeness(project: project, store: store))
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test("two workers share a semantic run and its embedding chunks; vectors and export equal a single process's, at each precision",
          arguments: [Precision.fp32, .int8])
    func workersEqualASingleProcess(precision: Precision) async throws {
        guard ModelLocator.holdsModel(URL(fileURLWithPath: Self.modelDirectory)) else {
            Issue.record("no model in \(Self.modelDirectory): run scripts/fetch-model.sh")
            return
        }
        // int8 needs AVX-512 VNNI and BF16; PrecisionTests checks that other CPUs refuse it.
        guard (try? precision.resolved()) == precision else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-queue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // Given the same project run by a single process
        let single = try SQLiteStore.inMemory()
        let reference = try Self.makeProject(folder: folder, store: single, precision: precision)
        try await ProjectRunner.run(project: reference.project, runID: reference.runID, store: single)
        let expected = try Self.export(reference.project, store: single, folder: folder)

        try await TestPostgres.withDatabase { address in
            // and queued for workers: its run, and its keywords in embedding chunks of 30
            let shared = try SQLiteStore.inMemory()
            let created = try Self.makeProject(folder: folder, store: shared, precision: precision)
            let chunks = try EmbeddingChunks.plan(project: created.project, runID: created.runID, store: shared, chunkSize: 30)
            #expect(chunks.count == 8, "240 keywords without vectors in chunks of 30")
            let model = SentenceEncoder.vectorKey(modelDirectory: URL(fileURLWithPath: Self.modelDirectory), precision: precision)
            for chunk in chunks {
                let payload = try JSONDecoder().decode(EmbeddingChunks.Payload.self, from: Data(chunk.payload.utf8))
                #expect(payload.model == model && (payload.precision ?? .fp32) == precision)
            }
            let queue = try await WorkQueue.open(address)
            try await queue.enqueue([NewWorkItem(kind: .run, project: created.project.slug, runID: created.runID)] + chunks)

            // When two workers work until nothing is left
            let handlers: [WorkItem.Kind: any WorkHandler] = [
                .run: RunHandler(store: shared), .embedding: EmbeddingChunkHandler(store: shared),
            ]
            let summaries = try await withThrowingTaskGroup(of: WorkerLoop.Summary.self) { group in
                for index in 0..<2 {
                    group.addTask {
                        let queue = try await WorkQueue.open(address)
                        let summary = try await WorkerLoop(queue: queue, name: "worker-\(index)", leaseSeconds: 20, exitWhenIdle: true,
                                                           pollSeconds: 0.1, handlers: handlers).run()
                        await queue.close()
                        return summary
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            // Then every item is done, by the two workers between them
            let items = try await queue.items(project: created.project.slug)
            #expect(items.count == 9 && items.allSatisfy { $0.status == .done })
            #expect(summaries.reduce(0) { $0 + ($1.done[.run] ?? 0) } == 1)
            #expect(summaries.reduce(0) { $0 + ($1.done[.embedding] ?? 0) } == 8)
            // (How the items split between the two depends on scheduling: one may take them all on a loaded machine.)
            let workers = try await queue.workers()
            #expect(Set(workers.map(\.id)) == ["worker-0", "worker-1"] && workers.allSatisfy { $0.stoppedAt != nil })
            await queue.close()

            // and the vectors and the export equal the single process's, byte for byte
            let ids = try single.plannedKeywords(projectID: reference.project.id, runID: reference.runID).map(\.id)
            let singleVectors = try single.vectors(keywordIDs: ids, model: model)
            let sharedVectors = try shared.vectors(keywordIDs: ids, model: model)
            #expect(singleVectors.count == 240)
            #expect(singleVectors.mapValues { $0.map(\.bitPattern) } == sharedVectors.mapValues { $0.map(\.bitPattern) })
            #expect(try Self.export(created.project, store: shared, folder: folder) == expected)
        }
    }

    @Test("a failing handler's item is retried, then failed with the error; the worker goes on")
    func failingItemsAreRetriedThenFailed() async throws {
        try await TestPostgres.withDatabase { address in
            // Given an embedding chunk naming a model folder that does not exist, with two attempts
            let store = try SQLiteStore.inMemory()
            let payload = #"{"keywordIDs":[1],"model":"nowhere","modelDirectory":"/nonexistent/nowhere"}"#
            let queue = try await WorkQueue.open(address)
            try await queue.enqueue([NewWorkItem(kind: .embedding, project: "p", runID: 1, payload: payload, maxAttempts: 2)])

            // When a worker runs until idle
            let summary = try await WorkerLoop(queue: queue, name: "w", leaseSeconds: 10, exitWhenIdle: true, pollSeconds: 0.1,
                                               handlers: [.embedding: EmbeddingChunkHandler(store: store)]).run()

            // Then the item failed after two attempts, with the reason
            let item = try await queue.items(project: "p")[0]
            #expect(summary.failed[.embedding] == 1)
            #expect(item.status == .failed && item.attempts == 2)
            #expect(item.lastError?.contains("cannot load the sentence-transformers model in /nonexistent/nowhere") == true)
            await queue.close()
        }
    }

    @Test("a worker whose lease is lost stops the item's work and leaves it to its new owner")
    func lostLeaseStopsTheWork() async throws {
        try await TestPostgres.withDatabase { address in
            // Given an item whose handler works until it is cancelled, leased for 0.6 s (a beat every 0.2 s)
            let queue = try await WorkQueue.open(address)
            try await queue.enqueue([NewWorkItem(kind: .titles, project: "p", runID: 1)])
            struct EndlessHandler: WorkHandler {
                let started: AsyncStream<Void>.Continuation
                func perform(_ item: WorkItem) async throws {
                    started.yield()
                    // A stream nobody feeds: its iteration ends only when the task is cancelled.
                    let (never, feeder) = AsyncStream<Void>.makeStream()
                    for await _ in never {}
                    withExtendedLifetime(feeder) {}
                    try Task.checkCancellation()
                }
            }
            let (started, signal) = AsyncStream<Void>.makeStream()
            let loop = WorkerLoop(queue: queue, name: "slow", leaseSeconds: 0.6, exitWhenIdle: true, pollSeconds: 0.1,
                                  handlers: [.titles: EndlessHandler(started: signal)])
            let running = Task { try await loop.run() }

            // When another worker takes it over once the handler works (as a claim after an expiry would)
            var startedIterator = started.makeAsyncIterator()
            _ = await startedIterator.next()
            let other = try await WorkQueue.open(address)
            try await other.register(worker: "other", host: "h", pid: 2)
            try await TestPostgres.execute(address, """
                UPDATE work_items SET lease_owner = 'other', attempts = attempts + 1, lease_expires_at = now() + interval '60 seconds'
                """)
            let taken = try #require(try await other.items(project: "p").first)

            // and completes it (the first worker, idle then, can exit)
            try await other.complete(itemID: taken.id, worker: "other")

            // Then the first worker's next heartbeat finds the lease gone and stops the work
            let summary = try await running.value
            #expect(summary.lostLeases == 1 && summary.done.isEmpty)
            #expect(try await other.items(project: "p")[0].leaseOwner == "other")
            await other.close()
            await queue.close()
        }
    }
}
