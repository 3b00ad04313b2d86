import Foundation
import Persistence
import Synchronization
import Testing
@testable import Pipeline

/// Batch 1 of a new project with built-in titles is committed with its titles (first results
/// in one transaction), and those are the titles the title worker would have made.
@Suite struct FirstBatchTitlesTests {
    @Test func batchOneIsCommittedWithEveryTitle() async throws {
        // Given 300 keywords in batches of 50
        let test = try TestProject()
        defer { test.remove() }
        let created = try test.create()
        let store = test.store, projectID = created.project.id, runID = created.runID
        let seen = Mutex<(titled: Int, clusters: Int, pending: Int, counted: Int)?>(nil)
        // When running, looking at the database the moment batch 1 is reported committed
        try await ProjectRunner.run(project: created.project, runID: runID, store: store) { event in
            if case .batchCompleted(number: 1, _, _, _, _, _) = event {
                let counts = try? store.keywordCounts(projectID: projectID)
                let pending = try? store.pendingTitleJobCount(projectID: projectID)
                let counted = try? store.batchRun(runID: runID, number: 1)?.titlesGenerated
                seen.withLock { $0 = (counts?.titled ?? -1, counts?.clusters ?? -1, pending ?? -1, counted ?? -1) }
            }
        }
        // Then every cluster already had its title, no job waited, and batch 1 counted them all
        let state = try #require(seen.withLock { $0 })
        #expect(state.clusters > 0)
        #expect(state.titled == state.clusters)
        #expect(state.pending == 0)
        #expect(state.counted == state.clusters)
    }

    @Test func theTitlesAreThoseTheWorkerMakes() async throws {
        // Given the same project twice
        let atOnce = try TestProject(keywords: 600, topics: 30)
        defer { atOnce.remove() }
        let byWorker = try TestProject(sharing: atOnce)
        let parameters = TestProject.parameters(batchSize: 60, clusters: 30)
        let first = try atOnce.create(parameters)
        let second = try byWorker.create(parameters)
        // When batch 1 is titled before its commit in one (on other threads while it is written,
        // as a large batch is), by the title worker in the other
        var titledAtOnce = try Self.processor(first, store: atOnce.store)
        titledAtOnce.largeBatch = 1
        _ = try await titledAtOnce.run()
        var processor = try Self.processor(second, store: byWorker.store)
        processor.titlesFirstBatchBeforeCommit = false
        _ = try await processor.run()
        // Then both give the same export, titles included
        let expected = try atOnce.exportCSV(first.project)
        #expect(expected.contains("2026"))
        #expect(try byWorker.exportCSV(second.project) == expected)
    }

    /// The processor `ProjectRunner.run` would make for this run.
    static func processor(_ created: ProjectCreator.Created, store: Store) throws -> BatchProcessor {
        let parameters = try RunParameters.decode(try #require(try store.run(id: created.runID)).parameters)
        let source = try ProjectRunner.vectorSource(project: created.project, parameters: parameters, store: store)
        let titles = BatchTitleGenerator(store: store, projectID: created.project.id,
                                         backend: try ProjectRunner.titleBackend(parameters), year: parameters.titleYear)
        return BatchProcessor(store: store, projectID: created.project.id, runID: created.runID, parameters: parameters,
                              source: source, titles: titles)
    }
}
