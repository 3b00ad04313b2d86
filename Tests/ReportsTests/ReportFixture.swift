import Foundation
import Lab
import Persistence
import Pipeline

/// A small clustered project whose keywords include HTML-hostile text and page URLs.
struct ReportFixture {
    static let hostileKeywords = [
        "<script>alert(\"x\")</script> running shoes",
        "shoes \"quoted\" & 'single' <b>bold</b>",
        "javascript url shoes",
    ]

    let folder: URL
    let store: Store
    let project: Project
    let runID: Int64

    /// Creates the project; with `batchLimit`, stops after that many batches (a partial run).
    static func make(keywords: Int = 240, topics: Int = 8, batchLimit: Int? = nil,
                     pillars: PillarCount? = nil) async throws -> ReportFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-report-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var csv = "Keyword,Volume,URL\n"
        for (index, keyword) in SyntheticKeywordSet.generate(count: keywords, topics: topics).enumerated() {
            let url = index % 3 == 0 ? "https://example.com/page-\(index % 7)" : ""
            csv += "\(keyword.text),\(keyword.volume),\(url)\n"
        }
        csv += "\"\(hostileKeywords[0].replacingOccurrences(of: "\"", with: "\"\""))\",90000,\"https://example.com/a?b=1&c=\"\"2\"\"\"\n"
        csv += "\"\(hostileKeywords[1].replacingOccurrences(of: "\"", with: "\"\""))\",80000,\n"
        csv += "\(hostileKeywords[2]),70000,javascript:alert(1)\n"
        let file = folder.appendingPathComponent("keywords.csv").path
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: folder.appendingPathComponent("kwcluster.sqlite").path)
        var parameters = RunParameters()
        parameters.batchSize = 50
        parameters.clusterCount = topics
        parameters.titleYear = 2026
        parameters.pillars = pillars
        let created = try ProjectCreator.create(domain: "example.com", files: [file], column: nil, parameters: parameters, store: store)
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: store, batchLimit: batchLimit)
        return ReportFixture(folder: folder, store: store, project: created.project, runID: created.runID)
    }

    var databasePath: String { folder.appendingPathComponent("kwcluster.sqlite").path }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
