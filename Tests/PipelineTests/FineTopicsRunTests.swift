import Clustering
import Foundation
import Lab
import Persistence
import SentenceEncoder
import Testing
import TestSupport
@testable import Pipeline

/// Semantic runs with fine clusters (`RunParameters.fineFactor`): topics are groups of fine
/// clusters merged by Ward, stored with every batch; a run stopped at any batch, or rolled
/// back, resumes to the export of a run never interrupted; published topics keep their ids;
/// runs without a fine factor keep one k-means cluster per topic.
@Suite(.serialized) struct FineTopicsRunTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let modelDirectory = packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2")

    static func hasModel() -> Bool {
        guard ModelLocator.holdsModel(modelDirectory) else {
            Issue.record("no model in \(modelDirectory.path): run scripts/fetch-model.sh")
            return false
        }
        return true
    }

    /// 150 keywords of 8 topics in batches of 50 (three batches, then the merge and polish).
    static func parameters(fineFactor: Int?) -> RunParameters {
        var parameters = RunParameters()
        parameters.vectors = .semantic
        parameters.modelDirectory = modelDirectory.path
        parameters.batchSize = 50
        parameters.clusterCount = 8
        parameters.titleYear = 2026
        parameters.fineFactor = fineFactor
        return parameters
    }

    static func makeProject(folder: URL, store: Store, fineFactor: Int? = 3) throws -> ProjectCreator.Created {
        let file = folder.appendingPathComponent("keywords.csv").path
        if !FileManager.default.fileExists(atPath: file) {
            try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 150, topics: 8))
                .write(toFile: file, atomically: true, encoding: .utf8)
        }
        return try ProjectCreator.create(domain: "example.com", files: [file], column: nil,
                                         parameters: parameters(fineFactor: fineFactor), store: store)
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-fine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func topics(_ store: Store, _ project: Project) throws -> [Int64: Int] {
        Dictionary(uniqueKeysWithValues: try store.assignments(projectID: project.id).map { ($0.keywordID, $0.clusterID) })
    }

    @Test(arguments: StoreKind.allCases) func aRunStoppedAfterEachBatchResumesToTheSameExport(_ kind: StoreKind) async throws {
        guard Self.hasModel() else { return }
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given a run with 3 fine clusters per topic made in one go
        let single = try SQLiteStore.inMemory()
        let reference = try Self.makeProject(folder: folder, store: single)
        try await ProjectRunner.run(project: reference.project, runID: reference.runID, store: single)
        let expected = try TestProject.exportCSV(reference.project, store: single, folder: folder)
        let finalTopics = Set(try Self.topics(single, reference.project).values)
        #expect(finalTopics.count <= 8 && finalTopics.count >= 4, "\(finalTopics)")
        try await TestStores.withStore(kind) { store in
            // When the same run stops after each batch and resumes (a fresh processor each time;
            // batch 3, the last, is followed in its call by the final merge and polish)
            let created = try Self.makeProject(folder: folder, store: store)
            var published: [Int64: Int] = [:]
            for batch in 1 ... 2 {
                try await ProjectRunner.run(project: created.project, runID: created.runID, store: store, batchLimit: 1)
                // Then every keyword published by an earlier batch keeps its topic id
                let now = try Self.topics(store, created.project)
                for (keyword, topic) in published { #expect(now[keyword] == topic, "batch \(batch): keyword \(keyword) moved") }
                published = now
                // and the topics of the batch are fewer than its fine clusters
                let checkpoint = try #require(try store.checkpoints(runID: created.runID).last)
                let state = try CheckpointManager.state(of: checkpoint)
                #expect(Set(now.values).count < state.clusterCount, "batch \(batch)")
                // and the pillars are over the topics, not the fine clusters: exactly the topics with keywords have one
                let pillars = try store.pillars(projectID: created.project.id)
                let live = Set(try store.clusters(projectID: created.project.id).filter { $0.keywordCount > 0 }.map(\.clusterID))
                #expect(Set(pillars.topics.keys) == live, "batch \(batch)")
            }
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: store, batchLimit: 1)
            // Then the export is the same, byte for byte
            #expect(try store.run(id: created.runID)?.status == .completed)
            #expect(try TestProject.exportCSV(created.project, store: store, folder: folder) == expected)
            let live = Set(try store.clusters(projectID: created.project.id).filter { $0.keywordCount > 0 }.map(\.clusterID))
            #expect(Set(try store.pillars(projectID: created.project.id).topics.keys) == live)
            // and the integrity check finds the topics' members where the checkpoint says
            #expect(try IntegrityCheck.check(project: created.project, store: store).problems == [])
        }
    }

    @Test(arguments: StoreKind.allCases) func aRunRolledBackToEachBatchResumesToTheSameExport(_ kind: StoreKind) async throws {
        guard Self.hasModel() else { return }
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestStores.withStore(kind) { store in
            // Given a finished run with fine clusters
            let created = try Self.makeProject(folder: folder, store: store)
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: store)
            let expected = try TestProject.exportCSV(created.project, store: store, folder: folder)
            for batch in [2, 1] {
                // When it is rolled back to a batch and resumed
                _ = try RunRollback.rollback(project: created.project, toBatch: batch, store: store)
                try await ProjectRunner.run(project: created.project, runID: created.runID, store: store)
                // Then the export is the same
                #expect(try TestProject.exportCSV(created.project, store: store, folder: folder) == expected, "batch \(batch)")
            }
        }
    }

    @Test func runsWithoutAFineFactorKeepOneClusterPerTopic() async throws {
        guard Self.hasModel() else { return }
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given a run whose parameters have no fine factor (as every run before it existed) and one with 1
        let old = try SQLiteStore.inMemory()
        let oldProject = try Self.makeProject(folder: folder, store: old, fineFactor: nil)
        try await ProjectRunner.run(project: oldProject.project, runID: oldProject.runID, store: old)
        let one = try SQLiteStore.inMemory()
        let oneProject = try Self.makeProject(folder: folder, store: one, fineFactor: 1)
        try await ProjectRunner.run(project: oneProject.project, runID: oneProject.runID, store: one)
        // Then its stored parameters and checkpoints hold nothing new
        let run = try #require(try old.run(id: oldProject.runID))
        #expect(!run.parameters.contains("fineFactor"))
        for checkpoint in try old.checkpoints(runID: oldProject.runID) {
            #expect(!checkpoint.clusterState.contains("topics") && !checkpoint.clusterState.contains("newClusterTopics"))
        }
        // and a topic is a k-means cluster: the checkpoint's clusters are the assigned topics
        let restored = try CheckpointManager.restore(try old.checkpointsForRestore(runID: oldProject.runID), store: old,
                                                     source: try ProjectRunner.vectorSource(project: oldProject.project,
                                                                                            parameters: Self.parameters(fineFactor: nil),
                                                                                            store: old))
        #expect(restored.topics == nil)
        var counts: [Int: Int] = [:]
        for topic in try Self.topics(old, oldProject.project).values { counts[topic, default: 0] += 1 }
        for (cluster, count) in restored.model.memberCounts.enumerated() { #expect(counts[cluster, default: 0] == count) }
        // and a fine factor of 1 is the same run
        #expect(try TestProject.exportCSV(oneProject.project, store: one, folder: folder)
                == TestProject.exportCSV(oldProject.project, store: old, folder: folder))
    }
}
