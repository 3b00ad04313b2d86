import Foundation
import Persistence
import Synchronization
import Testing
import TestSupport
@testable import Pipeline

/// Pillars in runs: computed after every batch in its transaction, the same after a resume or a
/// rollback, kept by rescrapes, and shown in every export; on both stores.
@Suite struct PillarRunTests {
    /// Every export of `project` that shows pillars: keyword CSV and JSON, cluster CSV and JSON, the Markdown plan.
    static func exports(_ project: Project, store: Store, folder: URL) throws -> [String: String] {
        let completeness = try KeywordExporter.completeness(project: project, store: store)
        var texts: [String: String] = [:]
        for name in ["keywords.csv", "keywords.json", "clusters.csv", "clusters.json", "plan.md"] {
            let path = folder.appendingPathComponent("\(UUID().uuidString)-\(name)").path
            do {
                let output = try OutputBuffer(path: path)
                switch name {
                case "keywords.csv": try KeywordExporter.export(project: project, format: .csv, store: store, to: output, completeness: completeness)
                case "keywords.json": try KeywordExporter.export(project: project, format: .json, store: store, to: output, completeness: completeness)
                case "clusters.csv": try ClusterExporter.export(project: project, format: .csv, store: store, to: output, completeness: completeness)
                case "clusters.json": try ClusterExporter.export(project: project, format: .json, store: store, to: output, completeness: completeness)
                default: try ClusterExporter.markdown(project: project, store: store, to: output, completeness: completeness)
                }
            }
            texts[name] = try String(contentsOfFile: path, encoding: .utf8)
        }
        return texts
    }

    static func fields(_ line: Substring) -> [String] {
        // The synthetic keywords and titles hold no commas or quotes except in quoted titles: split on commas outside quotes.
        var fields: [String] = [], current = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() } else if character == ",", !quoted { fields.append(current); current = "" } else { current.append(character) }
        }
        return fields + [current]
    }

    @Test(arguments: StoreKind.allCases) func everyTopicHasAPillarAndEveryExportShowsIt(_ kind: StoreKind) async throws {
        // Given a reference run on SQLite
        let reference = try TestProject()
        defer { reference.remove() }
        let full = try reference.create()
        try await ProjectRunner.run(project: full.project, runID: full.runID, store: reference.store)
        let expected = try Self.exports(full.project, store: reference.store, folder: reference.folder)
        try await TestStores.withStore(kind) { store in
            // When the same file runs on this store
            let test = try TestProject(sharing: reference, store: store)
            let created = try test.create()
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: store)
            // Then every topic with keywords has a pillar, and there are 1 to 3 (auto: 12 topics, 5-15 a pillar)
            let stored = try store.pillars(projectID: created.project.id)
            let topics = try store.clusters(projectID: created.project.id).filter { $0.keywordCount > 0 }
            #expect(topics.allSatisfy { stored.topics[$0.clusterID] != nil })
            let status = try StatusReport.make(project: created.project, store: store, showBatches: false)
            #expect((1...3).contains(status.pillars))
            #expect(status.text().contains("pillars: \(status.pillars)"))
            #expect(status.json().contains("\"pillars\" : \(status.pillars)"))
            // And every export is byte-identical to the reference store's
            let exports = try Self.exports(created.project, store: store, folder: test.folder)
            #expect(exports == expected)
            // And the CSV exports append pillar_id and pillar_title, filled from the stored pillars
            for name in ["keywords.csv", "clusters.csv"] {
                let lines = try #require(exports[name]).split(separator: "\n")
                #expect(lines[0].hasSuffix(",page_type,pillar_id,pillar_title"), "\(lines[0])")
                let header = Self.fields(lines[0])
                let cluster = try #require(header.firstIndex(of: "cluster_id")), pillar = header.count - 2
                for line in lines.dropFirst() {
                    let row = Self.fields(line)
                    #expect(row.count == header.count, "\(line)")
                    #expect(Int(row[pillar]) == stored.topics[Int(row[cluster])!]?.pillarID, "\(line)")
                    #expect(!row[pillar + 1].isEmpty)
                }
            }
            #expect(try #require(exports["keywords.json"]).contains("\"pillar_id\":"))
            #expect(try #require(exports["clusters.json"]).contains("\"pillar_title\":"))
            // And the plan is grouped by pillar: a hub page, its spokes, each linking to the hub and its siblings
            let plan = try #require(exports["plan.md"])
            #expect(plan.components(separatedBy: "\n## Pillar ").count - 1 == status.pillars)
            #expect(plan.contains("Hub page: **"))
            let links = plan.split(separator: "\n").filter { $0.hasPrefix("  - links: hub **") }
            #expect(links.count == topics.count)
            #expect(links.contains { $0.components(separatedBy: "**").count - 1 >= 4 }, "some spoke links to siblings")
        }
    }

    @Test(arguments: StoreKind.allCases) func aGivenPillarCountIsKept(_ kind: StoreKind) async throws {
        try await TestStores.withStore(kind) { store in
            let test = try TestProject(store: store)
            defer { test.remove() }
            var parameters = TestProject.parameters()
            parameters.pillars = .count(4)
            let created = try test.create(parameters)
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: store)
            #expect(try StatusReport.make(project: created.project, store: store, showBatches: false).pillars == 4)
            #expect(try RunParameters.decode(try #require(try store.run(id: created.runID)).parameters).pillars == .count(4))
        }
    }

    /// Stepped one batch per call (a process stopped after every batch), and rolled back then
    /// resumed: the same pillars, ids and siblings as a run never interrupted.
    @Test(arguments: StoreKind.allCases) func resumeAndRollbackGiveTheSamePillars(_ kind: StoreKind) async throws {
        let reference = try TestProject()
        defer { reference.remove() }
        let full = try reference.create()
        let recorded = Mutex<[StoredPillars]>([])
        let store = reference.store, projectID = full.project.id
        try await ProjectRunner.run(project: full.project, runID: full.runID, store: store) { event in
            guard case .batchCompleted = event else { return }
            let pillars = (try? store.pillars(projectID: projectID)) ?? StoredPillars()
            recorded.withLock { $0.append(pillars) }
        }
        let pillarsAfterBatch = recorded.withLock { $0 }
        let final = try reference.store.pillars(projectID: full.project.id)
        #expect(pillarsAfterBatch.count == full.batchCount)
        try await TestStores.withStore(kind) { store in
            let stepped = try TestProject(sharing: reference, store: store)
            let created = try stepped.create()
            var batch = 0
            while try store.run(id: created.runID)?.status != .completed {
                try await ProjectRunner.run(project: created.project, runID: created.runID, store: store, batchLimit: 1)
                batch += 1
                // (The last call also refines, which recuts: its pillars are the final ones.)
                if batch < pillarsAfterBatch.count {
                    #expect(try store.pillars(projectID: created.project.id) == pillarsAfterBatch[batch - 1], "after batch \(batch)")
                }
            }
            #expect(try store.pillars(projectID: created.project.id) == final)
            // When rolled back to batch 3: the pillars of batch 3; resumed: the final ones
            _ = try RunRollback.rollback(project: created.project, toBatch: 3, store: store)
            #expect(try store.pillars(projectID: created.project.id) == pillarsAfterBatch[2])
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: store)
            #expect(try store.pillars(projectID: created.project.id) == final)
        }
    }

    @Test(arguments: StoreKind.allCases) func aRescrapeKeepsKnownTopicsInTheirPillars(_ kind: StoreKind) async throws {
        let files = try RescrapeTests.Files()
        defer { files.remove() }
        try await TestStores.withStore(kind) { store in
            // Given a project made from half of the topics, with its pillars
            let project = try await RescrapeTests().createHalf(files, store: store)
            let before = try store.pillars(projectID: project.id)
            let keywordsBefore = try store.assignments(projectID: project.id)
            #expect(!before.topics.isEmpty)
            // When rescraping with all topics
            let started = try Rescrape.start(project: project, files: [files.all], column: nil, batchSize: nil, store: store)
            try await ProjectRunner.run(project: project, runID: started.runID, store: store)
            // Then every known keyword is in the pillar it was in (a rescrape does not recut),
            // and no pillar id is given twice
            let after = try store.pillars(projectID: project.id)
            let kept = keywordsBefore.filter { after.topics[$0.clusterID]?.pillarID == before.topics[$0.clusterID]?.pillarID }
            #expect(kept.count == keywordsBefore.count, "\(kept.count) of \(keywordsBefore.count)")
            // And the new topics have pillars too
            let topics = try store.clusters(projectID: project.id).filter { $0.keywordCount > 0 }
            #expect(topics.count > before.topics.count)
            #expect(topics.allSatisfy { after.topics[$0.clusterID] != nil })
            #expect(after.pillarIDs.isSuperset(of: before.pillarIDs))
            #expect(Set(after.topics.values.map(\.pillarID)).isSubset(of: after.pillarIDs))
        }
    }
}
