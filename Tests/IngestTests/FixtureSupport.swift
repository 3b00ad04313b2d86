import Foundation
import Testing
@testable import Ingest

/// Paths and lookups shared by the Ingest tests.
enum Fixture {
    /// The path of a file in the copied `Fixtures` resource folder.
    static func path(_ name: String) -> String {
        let file = name as NSString
        guard let url = Bundle.module.url(
            forResource: file.deletingPathExtension, withExtension: file.pathExtension, subdirectory: "Fixtures"
        ) else {
            Issue.record("missing fixture \(name)")
            return "/missing-fixture/\(name)"
        }
        return url.path
    }

    /// Imports fixtures by name.
    static func importing(_ names: String..., column: String? = nil) throws -> KeywordImport {
        try KeywordImporter.importFiles(names.map(path), column: column)
    }

    /// The error thrown when importing `names`, or `nil` when the import succeeds.
    static func error(importing names: String..., column: String? = nil) -> IngestError? {
        do {
            _ = try KeywordImporter.importFiles(names.map(path), column: column)
            return nil
        } catch {
            return error
        }
    }

    /// The folder this test process writes its temporary files in (a fresh folder for each
    /// file below it), removed when the process exits.
    static let scratch: URL = {
        atexit { try? FileManager.default.removeItem(at: scratchFolder()) }
        return scratchFolder()
    }()

    private static func scratchFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("IngestTests-\(ProcessInfo.processInfo.processIdentifier)")
    }

    /// Copies a fixture to a fresh temporary file named `newName`.
    static func copy(_ name: String, as newName: String) throws -> String {
        let directory = scratch.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent(newName)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: path(name)), to: target)
        return target.path
    }

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], name: String = "input.csv") throws -> String {
        let directory = scratch.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent(name)
        try Data(bytes).write(to: target)
        return target.path
    }
}

extension KeywordImport {
    /// The imported keyword with this normalised text.
    subscript(_ text: String) -> ImportedKeyword? {
        keywords.first { $0.text == text }
    }

    var texts: [String] { keywords.map(\.text) }
}

/// Whether two optional doubles are within `tolerance` of each other.
func isClose(_ value: Double?, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance * max(1, abs(expected))
}
