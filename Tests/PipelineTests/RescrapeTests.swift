import Foundation
import Lab
import Persistence
import Testing
import TestSupport
@testable import Pipeline

@Suite struct RescrapeTests {
    /// A folder with `half.csv` (topics 0-5) and `all.csv` (topics 0-11).
    struct Files {
        let folder: URL
        var half: String { folder.appendingPathComponent("half.csv").path }
        var all: String { folder.appendingPathComponent("all.csv").path }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-rescrape-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let keywords = SyntheticKeywordSet.generate(count: 360, topics: 12)
            try SyntheticKeywordSet.csv(keywords.filter { $0.topic < 6 }).write(toFile: half, atomically: true, encoding: .utf8)
            try SyntheticKeywordSet.csv(keywords).write(toFile: all, atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    func createHalf(_ files: Files, store: Store) async throws -> Project {
        var parameters = RunParameters()
        parameters.batchSize = 50
        parameters.clusterSize = 30
        parameters.titleYear = 2026
        let created = try ProjectCreator.create(domain: "example.com", files: [files.half], column: nil, parameters: parameters, store: store)
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: store)
        return created.project
    }

    func export(_ project: Project, _ store: Store, _ folder: URL, changedIn: Int64? = nil) throws -> String {
        let path = folder.appendingPathComponent("export-\(UUID().uuidString).csv").path
        do {
            let output = try OutputBuffer(path: path)
            try KeywordExporter.export(project: project, format: .csv, store: store, to: output,
                                       completeness: try KeywordExporter.completeness(project: project, store: store),
                                       changedIn: changedIn)
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test(arguments: StoreKind.allCases) func oldKeywordsKeepTheirClustersAndNewTopicsGetNewClusters(_ kind: StoreKind) async throws {
        // Given a project made from half of the topics
        let files = try Files()
        defer { files.remove() }
        try await TestStores.withStore(kind) { store in
            let project = try await createHalf(files, store: store)
            let before = Dictionary(uniqueKeysWithValues: try store.assignments(projectID: project.id).map { ($0.keywordID, $0.clusterID) })
            let titlesBefore = try store.currentTitles(projectID: project.id)
            let clustersBefore = try store.clusters(projectID: project.id)
            // When rescraping with all topics
            let started = try Rescrape.start(project: project, files: [files.all], column: nil, batchSize: nil, store: store)
            try await ProjectRunner.run(project: project, runID: started.runID, store: store)
            // Then every old keyword keeps its cluster id
            let after = Dictionary(uniqueKeysWithValues: try store.assignments(projectID: project.id).map { ($0.keywordID, $0.clusterID) })
            #expect(before.allSatisfy { after[$0.key] == $0.value })
            #expect(after.count == 360)
            #expect(started.changes.newKeywords == 180)
            // And new clusters appeared for the new topics
            let clustersAfter = try store.clusters(projectID: project.id)
            #expect(clustersAfter.count > clustersBefore.count)
            #expect(clustersAfter.contains { $0.createdRunID == started.runID })
            // And an old cluster whose version did not change keeps its title
            let titlesAfter = try store.currentTitles(projectID: project.id)
            for old in clustersBefore {
                let now = clustersAfter.first { $0.clusterID == old.clusterID }!
                if now.version == old.version { #expect(titlesAfter[old.clusterID] == titlesBefore[old.clusterID]) }
            }
            #expect(try IntegrityCheck.check(project: project, store: store).problems == [])
            // And status counts new, changed and unchanged clusters
            let run = try #require(try store.run(id: started.runID))
            #expect(run.newClusters == clustersAfter.count { $0.createdRunID == started.runID })
            #expect((run.newClusters ?? 0) + (run.changedClusters ?? 0) + (run.unchangedClusters ?? 0) == clustersAfter.count)
        }
    }

    @Test(arguments: StoreKind.allCases) func rescrapingTheSameFileTwiceChangesNothing(_ kind: StoreKind) async throws {
        let files = try Files()
        defer { files.remove() }
        try await TestStores.withStore(kind) { store in
            let project = try await createHalf(files, store: store)
            let first = try Rescrape.start(project: project, files: [files.all], column: nil, batchSize: nil, store: store)
            try await ProjectRunner.run(project: project, runID: first.runID, store: store)
            let expected = try export(project, store, files.folder)
            let jobs = try store.titleJobCount(projectID: project.id)
            // When rescraping the same file again
            let second = try Rescrape.start(project: project, files: [files.all], column: nil, batchSize: nil, store: store)
            try await ProjectRunner.run(project: project, runID: second.runID, store: store)
            // Then nothing changed: same export, no new keyword, no new title job
            #expect(second.changes.newKeywords == 0)
            #expect(try export(project, store, files.folder) == expected)
            #expect(try store.titleJobCount(projectID: project.id) == jobs)
            #expect(try store.run(id: second.runID)?.changedClusters == 0)
            // And exporting what each run changed: the first changed keywords, the second none
            #expect(try export(project, store, files.folder, changedIn: first.runID).split(separator: "\n").count > 180)
            #expect(try export(project, store, files.folder, changedIn: second.runID).split(separator: "\n").count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func keywordsMissingFromTheNewExportAreKeptAndMarkedAbsent(_ kind: StoreKind) async throws {
        let files = try Files()
        defer { files.remove() }
        try await TestStores.withStore(kind) { store in
            var parameters = RunParameters()
            parameters.batchSize = 50
            parameters.titleYear = 2026
            let created = try ProjectCreator.create(domain: "example.com", files: [files.all], column: nil, parameters: parameters, store: store)
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: store)
            // When rescraping with half of the keywords
            let started = try Rescrape.start(project: created.project, files: [files.half], column: nil, batchSize: nil, store: store)
            try await ProjectRunner.run(project: created.project, runID: started.runID, store: store)
            // Then the others are still there, clustered, and marked absent
            let counts = try store.keywordCounts(projectID: created.project.id)
            #expect(counts.total == 360)
            #expect(counts.absent == 180)
            #expect(counts.assigned == 360)
            #expect(started.changes.absentKeywords == 180)
        }
    }

    /// The stepwise rescrape runs on each store; the uninterrupted reference always on SQLite.
    @Test(arguments: StoreKind.allCases) func aRescrapeStoppedAfterEveryBatchEndsAsAnUninterruptedOne(_ kind: StoreKind) async throws {
        let files = try Files()
        defer { files.remove() }
        func run(stepwise: Bool, store: Store) async throws -> String {
            let project = try await createHalf(files, store: store)
            let started = try Rescrape.start(project: project, files: [files.all], column: nil, batchSize: 50, store: store)
            if stepwise {
                while try store.run(id: started.runID)?.status != .completed {
                    try await ProjectRunner.run(project: project, runID: started.runID, store: store, batchLimit: 1)
                }
            } else {
                try await ProjectRunner.run(project: project, runID: started.runID, store: store)
            }
            return try export(project, store, files.folder)
        }
        let uninterrupted = try await run(stepwise: false, store: try SQLiteStore.inMemory())
        let stepwise = try await TestStores.withStore(kind) { store in try await run(stepwise: true, store: store) }
        #expect(stepwise == uninterrupted)
    }

    @Test func rescrapeNeedsTheLastRunFinished() async throws {
        let files = try Files()
        defer { files.remove() }
        let store = try SQLiteStore.inMemory()
        var parameters = RunParameters()
        parameters.batchSize = 50
        let created = try ProjectCreator.create(domain: "example.com", files: [files.half], column: nil, parameters: parameters, store: store)
        #expect {
            _ = try Rescrape.start(project: created.project, files: [files.all], column: nil, batchSize: nil, store: store)
        } throws: { String(describing: $0).contains("resume") }
    }
}
