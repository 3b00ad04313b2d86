import Foundation
import Ingest
import Lab
import Persistence
@testable import Pipeline
@testable import Reports
import Testing

/// kwcluster's own workbook, handed back as keywords (`--keywords=plan.xlsx`): the importer
/// picks its Keywords sheet and reads the same keywords, with the same metrics, as from the CSV
/// export of the same project, and the same keywords as the file the project was made from.
struct XlsxKeywordImportTests {
    @Test func ownWorkbookImportsLikeTheCSVExport() async throws {
        // Given a clustered project and its keyword CSV export and XLSX workbook
        let set = SyntheticKeywordSet.generate(count: 240, topics: 8)
        let project = try await ClusteredProject(csv: SyntheticKeywordSet.csv(set), clusters: 8)
        defer { project.remove() }
        let csv = project.folder.appendingPathComponent("plan.csv").path
        try project.csvExport(clusterLevel: false).write(toFile: csv, atomically: true, encoding: .utf8)
        let workbook = project.folder.appendingPathComponent("plan.xlsx").path
        try XlsxExporter.export(project: project.project, store: project.store, to: workbook)

        // When each is imported as keywords
        let fromCSV = try KeywordImporter.importFiles([csv])
        let fromWorkbook = try KeywordImporter.importFiles([workbook])
        let original = try KeywordImporter.importFiles([project.folder.appendingPathComponent("keywords.csv").path])

        // Then the workbook's Keywords sheet (not Clusters, its first) gives the CSV export's
        // keywords with the same metrics, and every keyword the project was made from
        #expect(fromWorkbook.files.first?.part == .sheet("Keywords"))
        #expect(fromWorkbook.keywords.map(\.text) == fromCSV.keywords.map(\.text))
        #expect(fromWorkbook.keywords.map(\.metrics) == fromCSV.keywords.map(\.metrics))
        #expect(Set(fromWorkbook.keywords.map(\.text)) == Set(original.keywords.map(\.text)))
        #expect(fromWorkbook.keywords.count == original.keywords.count)
    }
}
