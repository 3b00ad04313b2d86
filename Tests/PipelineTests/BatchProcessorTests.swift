import Foundation
import Synchronization
import Persistence
import Testing
import TestSupport
@testable import Pipeline

@Suite struct BatchProcessorTests {
    @Test(arguments: StoreKind.allCases) func aRunClustersEveryKeywordAndTitlesEveryCluster(_ kind: StoreKind) async throws {
        // Given 300 keywords over 12 topics
        try await TestStores.withStore(kind) { store in
            let test = try TestProject(store: store)
            defer { test.remove() }
            let created = try test.create()
            // When running the whole run
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store)
            // Then every keyword has a cluster, there are at most 12, each with a title, and the run is complete
            let counts = try test.store.keywordCounts(projectID: created.project.id)
            #expect(counts.total == 300)
            #expect(counts.assigned == 300)
            #expect(counts.clusters <= 12 && counts.clusters >= 10)
            #expect(counts.titled == counts.clusters)
            #expect(try test.store.run(id: created.runID)?.status == .completed)
            let batches = try test.store.batchRuns(runID: created.runID)
            #expect(batches.allSatisfy { $0.status == .completed && $0.processingTimeMs != nil })
            #expect(batches.map(\.keywordsProcessed).reduce(0, +) == 300)
            // And the integrity check finds nothing wrong
            #expect(try IntegrityCheck.check(project: created.project, store: test.store).problems == [])
        }
    }

    @Test func theFirstBatchIsTitledBeforeTheSecondStarts() async throws {
        // Given 300 keywords in batches of 50
        let test = try TestProject()
        defer { test.remove() }
        let created = try test.create()
        let store = test.store, projectID = created.project.id
        let pendingWhenSecondStarts = Mutex<Int?>(nil)
        // When running, counting batch 1's waiting title jobs the moment batch 2 starts
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: store) { event in
            if case .batchStarted(number: 2, _, _) = event {
                let pending = try? store.pendingTitleJobCount(projectID: projectID, upToBatch: 1)
                pendingWhenSecondStarts.withLock { $0 = pending }
            }
        }
        // Then none was waiting: first results (batch 1 clustered and titled) come before batch 2
        #expect(pendingWhenSecondStarts.withLock { $0 } == 0)
        #expect(try store.batchRun(runID: created.runID, number: 1)?.titlesGenerated ?? 0 > 0)
    }

    /// How a worker whose lease was lost stops its run: the run's task is cancelled.
    @Test func aCancelledRunStopsBetweenBatchesAndResumesToTheUninterruptedExport() async throws {
        // Given the export of an uninterrupted run
        let reference = try TestProject()
        defer { reference.remove() }
        let full = try reference.create()
        try await ProjectRunner.run(project: full.project, runID: full.runID, store: reference.store)
        let expected = try reference.exportCSV(full.project)
        // When another run of the same file is cancelled as its batch 3 starts
        let test = try TestProject(sharing: reference)
        let created = try test.create()
        await #expect(throws: CancellationError.self) {
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store) { event in
                if case .batchStarted(number: 3, _, _) = event { withUnsafeCurrentTask { $0?.cancel() } }
            }
        }
        // Then batch 3 is finished and committed, and no batch after it was started
        let batches = try test.store.batchRuns(runID: created.runID)
        #expect(batches.filter { $0.status == .completed }.map(\.batchNumber) == [1, 2, 3])
        #expect(try test.store.run(id: created.runID)?.status != .completed)
        // And running it again ends as the uninterrupted run
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store)
        #expect(try test.exportCSV(created.project) == expected)
    }

    /// The stepped run goes on each store; the uninterrupted reference always on SQLite.
    @Test(arguments: StoreKind.allCases) func resumingAfterAnyBatchGivesTheSameExport(_ kind: StoreKind) async throws {
        // Given an uninterrupted run
        let reference = try TestProject()
        defer { reference.remove() }
        let full = try reference.create()
        try await ProjectRunner.run(project: full.project, runID: full.runID, store: reference.store)
        let expected = try reference.exportCSV(full.project)
        // When another store runs the same file one batch per call, like a process stopped after every batch
        try await TestStores.withStore(kind) { store in
            let stepped = try TestProject(sharing: reference, store: store)
            let created = try stepped.create()
            var calls = 0
            while try stepped.store.run(id: created.runID)?.status != .completed {
                try await ProjectRunner.run(project: created.project, runID: created.runID, store: stepped.store, batchLimit: 1)
                calls += 1
            }
            // Then the export is byte-identical
            #expect(calls == created.batchCount)
            #expect(try stepped.exportCSV(created.project) == expected)
        }
    }

    @Test(arguments: StoreKind.allCases) func rollbackThenResumeGivesTheSameExport(_ kind: StoreKind) async throws {
        // Given a finished run and its export
        try await TestStores.withStore(kind) { store in
            let test = try TestProject(store: store)
            defer { test.remove() }
            let created = try test.create()
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store)
            let expected = try test.exportCSV(created.project)
            // When rolling back to batch 2
            _ = try RunRollback.rollback(project: created.project, toBatch: 2, store: test.store)
            // Then only batches 1-2 remain, consistently
            let batches = try test.store.batchRuns(runID: created.runID)
            #expect(batches.filter { $0.status == .completed }.map(\.batchNumber) == [1, 2])
            #expect(try test.store.keywordCounts(projectID: created.project.id).assigned == 100)
            #expect(try IntegrityCheck.check(project: created.project, store: test.store).problems == [])
            // And resuming ends exactly where the first run ended
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store)
            #expect(try test.exportCSV(created.project) == expected)
        }
    }

    @Test(arguments: StoreKind.allCases) func exportDuringARunIsPartial(_ kind: StoreKind) async throws {
        // Given a run stopped after two batches
        try await TestStores.withStore(kind) { store in
            let test = try TestProject(store: store)
            defer { test.remove() }
            let created = try test.create()
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store, batchLimit: 2)
            // When exporting
            let completeness = try KeywordExporter.completeness(project: created.project, store: test.store)
            let csv = try test.exportCSV(created.project)
            // Then the export says partial, after batch 2, and holds the 100 clustered keywords with titles
            #expect(completeness.partial)
            #expect(completeness.lastCompletedBatch == 2)
            let rows = csv.split(separator: "\n").dropFirst()
            let clustered = rows.filter { !$0.split(separator: ",", omittingEmptySubsequences: false)[2].isEmpty }
            #expect(clustered.count == 100)
            #expect(rows.count == 300)
            #expect(try test.store.keywordCounts(projectID: created.project.id).titled > 0)
        }
    }

    @Test func theSameSeedGivesTheSameResultAndAnotherSeedMayNot() async throws {
        let files = try TestProject()
        defer { files.remove() }
        func export(seed: UInt64) async throws -> String {
            let test = try TestProject(sharing: files)
            var parameters = TestProject.parameters()
            parameters.seed = seed
            let created = try test.create(parameters)
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store)
            return try test.exportCSV(created.project)
        }
        let first = try await export(seed: 1)
        #expect(try await export(seed: 1) == first)
        #expect(try await export(seed: 2) != first)
    }

    @Test func clusterIdsPublishedEarlyKeepTheirKeywordsUntilRefinement() async throws {
        // Given a run stopped after batch 1, whose clusters are published
        let test = try TestProject()
        defer { test.remove() }
        var parameters = TestProject.parameters()
        parameters.refineIterations = 0
        let created = try test.create(parameters)
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store, batchLimit: 1)
        let early = try test.store.assignments(projectID: created.project.id)
        // When the run goes on (without the final refinement)
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store)
        // Then every keyword of batch 1 is still in the same cluster
        let late = Dictionary(uniqueKeysWithValues: try test.store.assignments(projectID: created.project.id).map { ($0.keywordID, $0.clusterID) })
        #expect(early.allSatisfy { late[$0.keywordID] == $0.clusterID })
    }

    @Test func creatingFromAMissingFileLeavesNoProject() throws {
        let test = try TestProject()
        defer { test.remove() }
        #expect(throws: (any Error).self) {
            _ = try ProjectCreator.create(domain: "example.com", files: [test.folder.appendingPathComponent("none.csv").path],
                                          column: nil, parameters: TestProject.parameters(), store: test.store)
        }
        #expect(try test.store.projects().isEmpty)
    }

    @Test func creatingTwiceSaysToUseRescrape() throws {
        let test = try TestProject()
        defer { test.remove() }
        _ = try test.create()
        #expect {
            _ = try test.create()
        } throws: { error in
            String(describing: error).contains("rescrape")
        }
    }
}
