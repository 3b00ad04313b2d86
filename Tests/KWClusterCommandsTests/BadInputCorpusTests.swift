import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Every file of `BadInputCorpus/` (and a few generated at run time: too big to commit, or not
/// files at all) handed to `rescrape` of a project that already holds data, through the real
/// CLI. `manifest.json` says what each must get: the exit code, what the message names (the
/// file, the line, the problem, the fix), and for accepted files the keywords the export then
/// holds. A refused file leaves every table of the database as it was (checksums).
@Suite(.serialized) struct BadInputCorpusTests {
    struct Manifest: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable, CustomStringConvertible {
        /// The file in `BadInputCorpus/`.
        var file: String
        /// Why it is in the corpus.
        var why: String
        var exit: Int32
        /// Substrings stderr must hold (the error, or the notice of an accepted file).
        var message: [String]
        /// Extra arguments, e.g. `--column=NAME`.
        var arguments: [String]?
        /// For accepted files: substrings the keyword export must then hold.
        var exported: [String]?
        var description: String { file }
    }

    static let corpus = Bundle.module.url(forResource: "BadInputCorpus", withExtension: nil)!

    static func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: corpus.appendingPathComponent("manifest.json")))
    }

    /// A folder with a database holding project example-com (120 keywords, lexical, finished).
    struct Project {
        let folder: URL
        let db: String

        init() async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-corpus-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            db = folder.appendingPathComponent("kwcluster.sqlite").path
            let list = folder.appendingPathComponent("list.txt")
            try (0..<120).map { "keyword number \($0) for topic \($0 % 6)" }.joined(separator: "\n")
                .write(to: list, atomically: true, encoding: .utf8)
            let created = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(list.path)", "--db=\(db)",
                                               "--vectors=lexical", "--batch-size=50", "--quiet"])
            guard created.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["stderr": created.stderr]) }
        }

        /// A copy of the database, for a command that is expected to change it.
        func copy(named name: String) throws -> String {
            let path = folder.appendingPathComponent("\(name).sqlite").path
            try FileManager.default.copyItem(atPath: db, toPath: path)
            return path
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }

        /// Rescrapes from `file`; not quiet when the notices of an accepted file are looked for.
        func rescrape(_ file: String, db: String? = nil, arguments: [String] = [], quiet: Bool = true) async throws -> KWClusterCLI.Result {
            try await KWClusterCLI.runOffThread(["rescrape", "--project=example-com", "--keywords=\(file)", "--db=\(db ?? self.db)"]
                + (quiet ? ["--quiet"] : []) + arguments)
        }
    }

    @Test("the corpus holds at least 40 files, each in the manifest")
    func manifestCoversTheCorpus() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0 != "manifest.json" }
        let cases = try Self.manifest().cases
        #expect(files.count >= 40)
        #expect(Set(cases.map(\.file)) == Set(files))
        #expect(cases.count == Set(cases.map(\.file)).count, "a file is listed twice")
    }

    @Test("each corpus file gets its exit code and message; refused files leave every table as it was")
    func everyFileGetsWhatTheManifestSays() async throws {
        let project = try await Project()
        defer { project.remove() }
        for item in try Self.manifest().cases {
            let path = Self.corpus.appendingPathComponent(item.file).path
            if item.exit == 0 {
                // An accepted file: imported into a copy, its keywords then in the export
                let db = try project.copy(named: item.file)
                let result = try await project.rescrape(path, db: db, arguments: item.arguments ?? [], quiet: false)
                #expect(result.status == 0, "\(item): \(result.stderr)")
                for part in item.message { #expect(result.stderr.contains(part), "\(item): stderr lacks \(part): \(result.stderr)") }
                let export = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)"])
                for part in item.exported ?? [] { #expect(export.stdout.contains(part), "\(item): export lacks \(part)") }
                let check = try await KWClusterCLI.runOffThread(["check", "--project=example-com", "--db=\(db)"])
                #expect(check.status == 0, "\(item): \(check.stderr)")
            } else {
                let before = try DatabaseFingerprint(path: project.db)
                let result = try await project.rescrape(path, arguments: item.arguments ?? [])
                #expect(result.status == item.exit, "\(item): exit \(result.status): \(result.stderr)")
                #expect(result.stderr.contains(item.file), "\(item): the message does not name the file: \(result.stderr)")
                #expect(result.stderr.contains("Fix:"), "\(item): the message says nothing to do: \(result.stderr)")
                for part in item.message { #expect(result.stderr.contains(part), "\(item): stderr lacks \(part): \(result.stderr)") }
                #expect(try DatabaseFingerprint(path: project.db) == before, "\(item) changed the database")
            }
        }
    }

    // MARK: Inputs made at run time

    @Test("a 100 MB single line, a million columns and 10k duplicates, generated at run time")
    func generatedLargeInputs() async throws {
        let project = try await Project()
        defer { project.remove() }
        let before = try DatabaseFingerprint(path: project.db)

        // A 100 MB line is one keyword far over the length limit: refused, nothing stored
        let line = project.folder.appendingPathComponent("one-line.txt")
        let words = [UInt8]("red running shoes ".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(100 << 20)
        while bytes.count < 100 << 20 { bytes += words }
        try Data(bytes).write(to: line)
        bytes = []
        let long = try await project.rescrape(line.path)
        try FileManager.default.removeItem(at: line)
        #expect(long.status == 1, "\(long.stderr)")
        #expect(long.stderr.contains("one-line.txt") && long.stderr.contains("1 too long") && long.stderr.contains("Fix:"), "\(long.stderr)")
        #expect(try DatabaseFingerprint(path: project.db) == before)

        // A million columns: the keyword column is found and its two keywords imported
        let wide = project.folder.appendingPathComponent("wide.csv")
        var header = "Keyword"
        for index in 1..<1_000_000 { header += ",c\(index)" }
        let filler = String(repeating: ",1", count: 999_999)
        try (header + "\nwide table one" + filler + "\nwide table two" + filler + "\n").write(to: wide, atomically: true, encoding: .utf8)
        let wideDB = try project.copy(named: "wide")
        let wideResult = try await project.rescrape(wide.path, db: wideDB)
        #expect(wideResult.status == 0, "\(wideResult.stderr)")
        let wideExport = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(wideDB)"]).stdout
        #expect(wideExport.contains("wide table one") && wideExport.contains("wide table two"))

        // 10,000 copies of one keyword are one keyword
        let duplicates = project.folder.appendingPathComponent("duplicates.txt")
        try String(repeating: "Red Running Shoes\n", count: 10_000).write(to: duplicates, atomically: true, encoding: .utf8)
        let duplicatesDB = try project.copy(named: "duplicates")
        let duplicated = try await project.rescrape(duplicates.path, db: duplicatesDB)
        #expect(duplicated.status == 0, "\(duplicated.stderr)")
        #expect(duplicated.stdout.contains("1 new keywords"), "\(duplicated.stdout)")
        let export = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(duplicatesDB)"]).stdout
        #expect(export.components(separatedBy: "\nred running shoes,").count == 2)
    }

    @Test("a folder, a missing file, a FIFO and a file removed while it is read")
    func thingsThatAreNotPlainFiles() async throws {
        let project = try await Project()
        defer { project.remove() }
        let before = try DatabaseFingerprint(path: project.db)

        // A folder given as the file
        let folder = project.folder.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let folderResult = try await project.rescrape(folder.path)
        #expect(folderResult.status == 1)
        #expect(folderResult.stderr.contains("exports") && folderResult.stderr.contains("directory") && folderResult.stderr.contains("Fix:"))

        // A file that does not exist
        let missing = try await project.rescrape(project.folder.appendingPathComponent("missing.csv").path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("missing.csv") && missing.stderr.contains("not found"))
        #expect(try DatabaseFingerprint(path: project.db) == before)

        // A FIFO fed by another process (as with `--keywords=<(cat file)`): read to its end
        let fifo = project.folder.appendingPathComponent("keywords.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        Thread.detachNewThread {
            let handle = FileHandle(forWritingAtPath: fifo)
            handle?.write(Data("fifo keyword one\nfifo keyword two\n".utf8))
            try? handle?.close()
        }
        let fifoDB = try project.copy(named: "fifo")
        let fed = try await project.rescrape(fifo, db: fifoDB)
        #expect(fed.status == 0, "\(fed.stderr)")
        let fifoExport = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(fifoDB)"]).stdout
        #expect(fifoExport.contains("fifo keyword one") && fifoExport.contains("fifo keyword two"))

        // A FIFO fed binary bytes is refused like the same bytes in a file
        let binaryFIFO = project.folder.appendingPathComponent("binary.fifo").path
        #expect(mkfifo(binaryFIFO, 0o600) == 0)
        Thread.detachNewThread {
            let handle = FileHandle(forWritingAtPath: binaryFIFO)
            handle?.write(Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF]))
            try? handle?.close()
        }
        let refused = try await project.rescrape(binaryFIFO)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("binary.fifo") && refused.stderr.contains("ZIP"))
        #expect(try DatabaseFingerprint(path: project.db) == before)

        // A file removed while it is read: either it was opened first and is imported whole, or
        // it is missing; never a partial import
        let removed = project.folder.appendingPathComponent("removed.txt")
        let keywordCount = 20_000
        try (0..<keywordCount).map { "removed keyword \($0)" }.joined(separator: "\n").write(to: removed, atomically: true, encoding: .utf8)
        let removedDB = try project.copy(named: "removed")
        let running = try KWClusterCLI.start(["rescrape", "--project=example-com", "--keywords=\(removed.path)", "--db=\(removedDB)", "--quiet"])
        try await Task.sleep(for: .milliseconds(50))
        try FileManager.default.removeItem(at: removed)
        let out = String(decoding: running.out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: running.err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        running.process.waitUntilExit()
        if running.process.terminationStatus == 0 {
            #expect(out.contains("\(keywordCount) new keywords"), "\(out)")
        } else {
            #expect(running.process.terminationStatus == 1)
            #expect(err.contains("removed.txt") && err.contains("not found"), "\(err)")
            #expect(try DatabaseFingerprint(path: removedDB) == before)
        }
        let check = try await KWClusterCLI.runOffThread(["check", "--project=example-com", "--db=\(removedDB)"])
        #expect(check.status == 0, "\(check.stderr)")
    }
}
