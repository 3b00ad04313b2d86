import Foundation
import Lab
import Persistence
@testable import Pipeline

/// A project made from a synthetic keyword file in a temporary folder, for pipeline tests.
struct TestProject {
    let folder: URL
    let store: Store
    let keywordFile: String

    init(keywords: Int = 300, topics: Int = 12, store: Store? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        keywordFile = folder.appendingPathComponent("keywords.csv").path
        let set = SyntheticKeywordSet.generate(count: keywords, topics: topics)
        try SyntheticKeywordSet.csv(set).write(toFile: keywordFile, atomically: true, encoding: .utf8)
        self.store = try store ?? SQLiteStore.inMemory()
    }

    static func parameters(batchSize: Int = 50, clusters: Int? = 12) -> RunParameters {
        var parameters = RunParameters()
        parameters.batchSize = batchSize
        parameters.clusterCount = clusters
        parameters.titleYear = 2026
        return parameters
    }

    func create(_ parameters: RunParameters = TestProject.parameters()) throws -> ProjectCreator.Created {
        try ProjectCreator.create(domain: "example.com", files: [keywordFile], column: nil, parameters: parameters, store: store)
    }

    /// Another project (in memory, or in `store`) reading the same keyword file (exports record the file path).
    init(sharing other: TestProject, store: Store? = nil) throws {
        folder = other.folder
        keywordFile = other.keywordFile
        self.store = try store ?? SQLiteStore.inMemory()
    }

    func exportCSV(_ project: Project) throws -> String {
        try Self.exportCSV(project, store: store, folder: folder)
    }

    /// The keyword-level CSV export of `project` in `store`, written to a file in `folder`.
    static func exportCSV(_ project: Project, store: Store, folder: URL) throws -> String {
        let path = folder.appendingPathComponent("export-\(UUID().uuidString).csv").path
        do {
            let output = try OutputBuffer(path: path)
            try KeywordExporter.export(project: project, format: .csv, store: store, to: output,
                                       completeness: try KeywordExporter.completeness(project: project, store: store))
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
