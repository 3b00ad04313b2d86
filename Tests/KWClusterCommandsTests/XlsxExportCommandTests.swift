import Foundation
import Lab
import Pipeline
import Testing
import TestSupport

/// `export --format=xlsx` as a user runs it: to a file, to a pipe, and refused where it does
/// not apply.
@Suite struct XlsxExportCommandTests {
    @Test func writesAWorkbookToAFileOrAPipe() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-xlsx-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keywords = folder.appendingPathComponent("keywords.csv").path
        try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 120, topics: 4)).write(toFile: keywords, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("projects.sqlite").path
        let create = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(keywords)", "--db=\(db)",
                                           "--batch-size=50", "--clusters=4", "--vectors=lexical", "--quiet"])
        #expect(create.status == 0, "create: \(create.stderr)")

        let workbook = folder.appendingPathComponent("plan.xlsx").path
        let toFile = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--format=xlsx", "--output=\(workbook)"])
        #expect(toFile.status == 0, "export: \(toFile.stderr)")
        #expect(toFile.stderr.contains("120 keywords"), "export said: \(toFile.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: workbook))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "not a ZIP file")
        #expect(!FileManager.default.fileExists(atPath: workbook + ".partial-\(ProcessInfo.processInfo.processIdentifier)"))

        // Standard output here is a pipe, not a terminal: the workbook goes there.
        let toPipe = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--format=xlsx"])
        #expect(toPipe.status == 0, "export to a pipe: \(toPipe.stderr)")
        #expect(toPipe.stdout.hasPrefix("PK\u{03}\u{04}"))

        let changedIn = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--format=xlsx", "--changed-in=1",
                                              "--output=\(workbook)"])
        #expect(changedIn.status == 64, "--changed-in with xlsx: \(changedIn.stderr)")
    }
}
