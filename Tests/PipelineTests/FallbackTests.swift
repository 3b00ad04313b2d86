import Clustering
import Foundation
import Persistence
import Testing
@testable import Pipeline

/// A vector source that fails for every batch of exactly `failingSize` keywords after the first call.
struct FailingSource: VectorSource {
    let inner: any VectorSource
    let failingSize: Int
    let calls = CallCounter()

    final class CallCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func next() -> Int {
            lock.lock(); defer { lock.unlock() }
            count += 1
            return count
        }
    }

    var kind: VectorKind { inner.kind }

    func vectors(for keywords: [KeywordRow]) throws -> VectorBatch {
        if calls.next() > 1, keywords.count == failingSize { throw PipelineError.failed("simulated failure") }
        return try inner.vectors(for: keywords)
    }
}

@Suite struct FallbackTests {
    @Test func aBatchThatFailsTwiceFallsBackToOnePassAndSaysWhy() async throws {
        // Given a run whose later batches always fail
        let test = try TestProject()
        defer { test.remove() }
        let created = try test.create()
        let parameters = TestProject.parameters()
        let source = FailingSource(inner: try ProjectRunner.vectorSource(project: created.project, parameters: parameters, store: test.store),
                                   failingSize: parameters.batchSize)
        func processor() -> BatchProcessor {
            BatchProcessor(store: test.store, projectID: created.project.id, runID: created.runID, parameters: parameters,
                           source: source,
                           titles: BatchTitleGenerator(store: test.store, projectID: created.project.id,
                                                       backend: BuiltInTitleBackend(year: 2026), year: 2026))
        }
        // When the run fails at batch 2, then is resumed and fails there again
        await #expect(throws: (any Error).self) { _ = try await processor().run() }
        #expect(try test.store.batchRuns(runID: created.runID)[1].status == .failed)
        _ = try await processor().run()
        // Then it was redone in one pass, which says why, and every keyword is clustered
        let run = try #require(try test.store.run(id: created.runID))
        #expect(run.status == .completed)
        #expect(run.fallbackReason?.contains("batch 2 failed twice") == true)
        #expect(try RunParameters.decode(run.parameters).mode == .monolithic)
        #expect(try test.store.batchRuns(runID: created.runID).count == 1)
        #expect(try test.store.keywordCounts(projectID: created.project.id).assigned == 300)
        #expect(try IntegrityCheck.check(project: created.project, store: test.store).problems == [])
    }
}
