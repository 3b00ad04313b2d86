/// ZIP archives: an XLSX workbook (a ZIP with a workbook part) goes to
/// ``importWorkbook(_:sheet:column:into:added:)``; any other ZIP is read as a folder of CSVs,
/// as Search Console's export gives them (`Queries.csv`, `Pages.csv`, `Countries.csv`, ...):
/// the CSV named with `--sheet`, else the first whose header names a keyword column, is
/// imported as that CSV alone would be.
extension KeywordImporter {
    /// The file names inside an archive that are read as delimited text.
    static let archiveTextExtensions: Set<String> = ["csv", "tsv", "txt"]

    /// Imports the keywords of a ZIP archive.
    ///
    /// - Returns: the file's counts, its notices, and the encoding of the CSV read.
    /// - Complexity: O(*n*) in the inflated size of the CSVs looked at.
    static func importArchive(
        _ archive: ZipArchive, part wanted: String?, column: String?, into merger: inout KeywordMerger,
        added: (KeywordMerger) -> Void
    ) throws(IngestError) -> (ImportedFile, [String], TextEncoding) {
        let path = archive.file
        if let other = otherSpreadsheet(archive) {
            throw IngestError(file: path, problem: "this is \(other), which kwcluster does not read",
                              hint: "open it in Excel or LibreOffice and save it as .xlsx (or as CSV UTF-8), and import that.")
        }
        if isWorkbook(archive) {
            let workbook = try Workbook(archive: archive)
            let (file, warnings) = try importWorkbook(workbook, sheet: wanted, column: column, into: &merger, added: added)
            return (file, warnings, .utf8)
        }
        let candidates = archive.entries.filter { entry in
            !entry.isDirectory && !entry.name.hasPrefix("__MACOSX/")
                && archiveTextExtensions.contains(entry.name.split(separator: ".").last.map { $0.lowercased() } ?? "")
        }
        guard !candidates.isEmpty else {
            let names = archive.entries.filter { !$0.isDirectory }.prefix(20).map(\.name)
            throw IngestError(file: path, problem: "this ZIP archive holds no workbook and no CSV (files: \(sheetList(names)))",
                              hint: "unzip it and pass the keyword file inside.")
        }
        let (entry, text, layout) = try keywordEntry(archive, candidates: candidates, named: wanted, column: column)
        let part = FilePart.archiveEntry(entry.name)
        do {
            var (file, warnings) = try importText(text.bytes, path: path, part: part, column: column, into: &merger, added: added)
            // Search Console's Pages.csv is page-level (no query column): said, not used.
            if layout.format == .googleSearchConsole, let pages = candidates.first(where: { entryName($0) == "pages.csv" }),
               let text = try? TextDecoding.decode(archive.contents(of: pages), file: path),
               text.bytes.withUnsafeBufferPointer({ (try? FormatDetector.detect($0, column: nil, file: path)) == nil }) {
                warnings.append(searchConsolePagesNotice(path: path, part: .archiveEntry(pages.name)))
            }
            return (file, warnings, text.encoding)
        } catch {
            var error = error
            error.part = part
            throw error
        }
    }

    /// What other spreadsheet the archive is, if any: an Excel binary workbook (`.xlsb`, a ZIP
    /// whose workbook part is binary) or an OpenDocument spreadsheet (`.ods`, named by its
    /// `mimetype` entry).
    static func otherSpreadsheet(_ archive: ZipArchive) -> String? {
        if archive.entry(named: "xl/workbook.bin") != nil { return "an Excel binary workbook (.xlsb)" }
        if let mimetype = archive.entry(named: "mimetype"), mimetype.size < 200,
           let text = try? archive.contents(of: mimetype),
           String(decoding: text, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument.spreadsheet") {
            return "an OpenDocument spreadsheet (.ods)"
        }
        return nil
    }

    /// Whether the archive is an Office Open XML workbook rather than a folder of files.
    static func isWorkbook(_ archive: ZipArchive) -> Bool {
        archive.entry(named: "[Content_Types].xml") != nil && archive.entries.contains { $0.name.hasPrefix("xl/") }
    }

    /// The CSV to import from the archive, decoded, with its layout.
    private static func keywordEntry(
        _ archive: ZipArchive, candidates: [ZipArchive.Entry], named wanted: String?, column: String?
    ) throws(IngestError) -> (ZipArchive.Entry, DecodedText, FileLayout) {
        let path = archive.file
        func read(_ entry: ZipArchive.Entry) throws(IngestError) -> (DecodedText, Result<FileLayout, IngestError>) {
            let part = FilePart.archiveEntry(entry.name)
            do {
                let text = try TextDecoding.decode(archive.contents(of: entry), file: path)
                let layout = text.bytes.withUnsafeBufferPointer { buffer in
                    Result<FileLayout, IngestError>(catching: { () throws(IngestError) -> FileLayout in
                        try FormatDetector.detect(buffer, column: column, file: path)
                    })
                }
                return (text, layout.mapError { error in
                    var error = error
                    error.part = part
                    return error
                })
            } catch {
                var error = error
                if error.part == nil { error.part = part }
                throw error
            }
        }
        if let wanted {
            let lowered = wanted.lowercased()
            guard let entry = candidates.first(where: { entryName($0) == lowered || entryName($0) == lowered + ".csv" || $0.name.lowercased() == lowered }) else {
                throw IngestError(file: path, problem: "no file named \"\(wanted)\" in the ZIP archive (files: \(sheetList(candidates.map(\.name))))",
                                  hint: "pass --sheet=NAME with one of the file names above.")
            }
            let (text, layout) = try read(entry)
            return (entry, text, try layout.get())
        }
        var plainList: (ZipArchive.Entry, DecodedText, FileLayout)?
        var refused: [String] = []
        for entry in candidates {
            let (text, result) = try read(entry)
            switch result {
            case .success(let layout) where layout.format != .plainList:
                return (entry, text, layout)
            case .success(let layout):
                if plainList == nil { plainList = (entry, text, layout) }
            case .failure(let error):
                refused.append("\(entry.name) (\(error.problem))")
            }
        }
        if let plainList { return plainList }
        throw IngestError(file: path, problem: "no CSV in the ZIP archive has a keyword column: \(refused.joined(separator: "; "))",
                          hint: "pass --column=NAME with the header of the keyword column (and --sheet=NAME for its file).")
    }

    /// An entry's file name without its folders, lower-cased.
    private static func entryName(_ entry: ZipArchive.Entry) -> String {
        (entry.name.split(separator: "/").last.map(String.init) ?? entry.name).lowercased()
    }
}
