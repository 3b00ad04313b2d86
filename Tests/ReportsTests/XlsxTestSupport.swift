import Foundation
import Persistence
@testable import Pipeline

/// A clustered project in a temporary folder, from given keyword lines, for workbook tests.
struct ClusteredProject {
    let folder: URL
    let store: Store
    let project: Project

    /// Imports `csv` (a keyword file with its header) and clusters it to the end.
    init(csv: String, clusters: Int, batchSize: Int = 50) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("keywords.csv").path
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        store = try SQLiteStore.inMemory()
        var parameters = RunParameters()
        parameters.batchSize = batchSize
        parameters.clusterCount = clusters
        parameters.titleYear = 2026
        let created = try ProjectCreator.create(domain: "example.com", files: [file], column: nil, parameters: parameters, store: store)
        project = created.project
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: store)
    }

    /// kwcluster's own CSV export of the keyword or cluster level.
    func csvExport(clusterLevel: Bool) throws -> String {
        let path = folder.appendingPathComponent("export-\(UUID().uuidString).csv").path
        do {
            let output = try OutputBuffer(path: path)
            let completeness = try KeywordExporter.completeness(project: project, store: store)
            if clusterLevel {
                try ClusterExporter.export(project: project, format: .csv, store: store, to: output, completeness: completeness)
            } else {
                try KeywordExporter.export(project: project, format: .csv, store: store, to: output, completeness: completeness)
            }
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// One CSV field and whether it was quoted (LibreOffice, told to quote every text cell, leaves
/// numbers and booleans bare: the quotes tell the cell's type).
struct CSVCell: Equatable {
    var text: String
    var quoted: Bool
}

/// RFC 4180 records: quoted fields with doubled quotes and line breaks inside.
func parseCSV(_ text: String) -> [[CSVCell]] {
    var records: [[CSVCell]] = []
    var record: [CSVCell] = []
    var field = ""
    var quoted = false
    var inQuotes = false
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
        if inQuotes {
            if scalar == "\"" {
                if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { inQuotes = false }
            } else {
                field.unicodeScalars.append(scalar)
            }
            continue
        }
        switch scalar {
        case "\"": inQuotes = true; quoted = true
        case ",": record.append(CSVCell(text: field, quoted: quoted)); field = ""; quoted = false
        case "\r": continue
        case "\n":
            record.append(CSVCell(text: field, quoted: quoted))
            records.append(record)
            record = []; field = ""; quoted = false
        default: field.unicodeScalars.append(scalar)
        }
    }
    if !field.isEmpty || quoted || !record.isEmpty { record.append(CSVCell(text: field, quoted: quoted)); records.append(record) }
    return records
}

/// Debian's LibreOffice, headless: reads a workbook as Excel's users would and writes every
/// sheet as CSV.
enum LibreOffice {
    static var soffice: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/soffice" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether tests that need LibreOffice may run: yes when it is installed. In CI (CI=true) a
    /// missing soffice does not skip them: they run and fail, so CI never passes without them.
    static var isAvailableOrRequired: Bool {
        soffice != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    struct Conversion {
        var status: Int32
        var output: String
        /// Sheet name -> its CSV text.
        var sheets: [String: String]
    }

    /// Converts `workbook` to one CSV file per sheet (UTF-8, comma, text cells quoted, numbers
    /// at full precision, not as shown), in a fresh folder with its own LibreOffice profile.
    static func convertSheets(_ workbook: URL, sheetNames: [String]) throws -> Conversion {
        guard let soffice else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "soffice not found: apt-get install libreoffice-calc-nogui"])
        }
        let folder = workbook.deletingLastPathComponent().appendingPathComponent("lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        // Tokens: separator 44 (,), delimiter 34 ("), charset 76 (UTF-8), first line 1, no cell
        // formats, language 0, quote all text cells, (import only), cell contents as shown: no,
        // formulas: no, (import only), sheet -1: every sheet, each to <name>-<Sheet>.csv.
        process.arguments = [
            "-env:UserInstallation=file://\(folder.path)/profile", "--headless", "--norestore",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1",
            "--outdir", folder.path, workbook.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + 180)
        timer.setEventHandler { process.terminate() }
        timer.resume()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        timer.cancel()
        var sheets: [String: String] = [:]
        let base = workbook.deletingPathExtension().lastPathComponent
        for name in sheetNames {
            let path = folder.appendingPathComponent("\(base)-\(name).csv").path
            sheets[name] = try? String(contentsOfFile: path, encoding: .utf8)
        }
        return Conversion(status: process.terminationStatus, output: output, sheets: sheets)
    }
}

/// Runs a command-line tool to completion, returning its exit status and combined output.
func runTool(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    // A UTF-8 locale, or unzip would not match entry names beyond ASCII.
    process.environment = ProcessInfo.processInfo.environment.merging(["LC_ALL": "C.UTF-8"]) { _, new in new }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, output)
}
