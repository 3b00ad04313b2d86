import Foundation
import Persistence
import Testing
import TestSupport
@testable import Pipeline

/// Titles spell the words the keyword files capitalise as the files do ("FOIA", "PFAS"), on
/// both stores, from the first run and from a rescrape that brings new spellings.
@Suite struct SourceSpellingTitleTests {
    /// Two topics whose key words are initialisms no built-in list knows.
    static let foia = ["FOIA request lawyer,900", "FOIA request attorney,300", "foia request lawyers,200",
                       "FOIA request law firm,100"]
    static let pfas = ["pfas lawsuit,800", "pfas lawsuit settlement,300", "pfas lawsuits,200", "pfas class action lawsuit,100"]

    /// Writes `lines` under a header to `name` in `folder`.
    static func write(_ lines: [String], _ name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try (["Keyword,Volume"] + lines).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: StoreKind.allCases) func titlesSpellTheWordsTheFilesCapitalise(_ kind: StoreKind) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-spelling-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestStores.withStore(kind) { store in
            // Given a file writing FOIA in capitals and pfas only in lower case
            let first = try Self.write(Self.foia + Self.pfas, "first.csv", in: folder)
            let created = try ProjectCreator.create(domain: "example.com", files: [first], column: nil,
                                                    parameters: TestProject.parameters(batchSize: 50, clusters: 2), store: store)
            // When it is clustered
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: store)
            // Then the FOIA topic's title writes FOIA, and the pfas topic's writes the word as title case does
            var titles = try store.currentTitles(projectID: created.project.id).values.map(\.title)
            #expect(titles.count == 2)
            #expect(titles.contains { $0.contains("FOIA Request") }, "\(titles)")
            #expect(titles.contains { $0.contains("Pfas Lawsuit") }, "\(titles)")
            #expect(try store.writtenSpellings(projectID: created.project.id) == ["foia": "FOIA"])

            // When a rescrape brings a file writing PFAS in capitals in most of its keywords, with a new
            // keyword that becomes the pfas topic's primary keyword (so the topic is titled again)
            let second = try Self.write(["PFAS lawsuit lawyer,5000", "PFAS lawsuit attorney,400", "PFAS lawsuit payout,300",
                                         "PFAS lawsuit update,250", "PFAS lawsuit eligibility,200", "PFAS lawsuit claim,150",
                                         "PFAS lawsuit firm,120", "PFAS lawsuit help,110"] + Self.foia + Self.pfas,
                                        "second.csv", in: folder)
            let started = try Rescrape.start(project: created.project, files: [second], column: nil, batchSize: nil, store: store)
            try await ProjectRunner.run(project: created.project, runID: started.runID, store: store)
            // Then the retitled topic writes PFAS as the files now mostly do
            titles = try store.currentTitles(projectID: created.project.id).values.map(\.title)
            #expect(titles.contains { $0.contains("PFAS Lawsuit") }, "\(titles)")
            #expect(try store.writtenSpellings(projectID: created.project.id) == ["foia": "FOIA", "pfas": "PFAS"])
        }
    }
}
