import Foundation

/// Imports keyword exports (CSV and text files, XLSX workbooks, ZIP archives of CSVs): decodes,
/// detects the format, parses, normalises and de-duplicates. See ``FormatDetector`` for the
/// formats, ``NumberParsing`` for numbers and
/// ``KeywordNormalizer`` for the canonical keyword form.
public enum KeywordImporter {
    /// Normalised keywords longer than this many characters are skipped (and counted).
    public static let maximumKeywordLength = 200

    /// Imports `paths` in order and merges their keywords.
    ///
    /// - Parameters:
    ///   - paths: files to read; the format of each is detected from its content.
    ///   - column: the header name (case-insensitive) of the keyword column, for CSVs whose
    ///     keyword column has an unusual name. Files without that column fall back to their
    ///     usual keyword column (with a warning).
    ///   - sheet: the sheet to read in workbooks (XLSX), or the CSV to read in ZIP archives
    ///     (Search Console's export); by default the first whose header names a keyword column.
    ///   - newTexts: called on the importing thread with the texts of the new unique keywords,
    ///     in first-seen order, a block at a time as they are found (every keyword of the result
    ///     exactly once, all of them before this returns), so they can be worked on while the
    ///     rest is read.
    /// - Returns: the unique keywords in first-seen order, per-file counts and warnings.
    ///   An empty `paths` gives an empty import.
    /// - Throws: ``IngestError`` for a missing, unreadable, empty, binary or truncated file,
    ///   a malformed row, a missing keyword column, or a file that yields no keyword; for a
    ///   damaged, encrypted or old-format (`.xls`) workbook, a zip bomb, or a workbook or ZIP
    ///   archive with no keyword sheet or CSV.
    /// - Complexity: O(*n*) in the total size of the files (amortised hashing).
    public static func importFiles(_ paths: [String], column: String? = nil, sheet: String? = nil,
                                   newTexts: ([String]) -> Void = { _ in }) throws(IngestError) -> KeywordImport {
        var merger = KeywordMerger()
        var files: [ImportedFile] = []
        var warnings: [String] = []
        var reported = 0
        func report(_ merger: KeywordMerger, all: Bool) {
            guard merger.keywords.count - reported >= (all ? 1 : newKeywordBlock) else { return }
            newTexts(merger.keywords[reported...].map(\.text))
            reported = merger.keywords.count
        }
        for path in paths {
            let bytes = try readFile(path)
            if ZipArchive.hasSignature(bytes) {
                let archive = try ZipArchive(bytes: bytes, file: path)
                let (read, fileWarnings, encoding) = try importArchive(archive, part: sheet, column: column, into: &merger) {
                    report($0, all: false)
                }
                var file = read
                file.sheetOption = sheet
                files.append(file)
                if let name = encoding.legacyName, case .archiveEntry(let entry)? = file.part {
                    warnings.append(legacyEncodingNotice(path: "\(path), \(entry)", encoding: name))
                }
                warnings += fileWarnings
                continue
            }
            if bytes.starts(with: CompoundFile.signature) { throw CompoundFile.error(bytes, file: path) }
            if let signature = FileSignature.identify(bytes) { throw signature.error(file: path) }
            let text = try TextDecoding.decode(consume bytes, file: path)
            let (file, fileWarnings) = try importText(text.bytes, path: path, column: column, into: &merger) { report($0, all: false) }
            files.append(file)
            if let encoding = text.encoding.legacyName { warnings.append(legacyEncodingNotice(path: path, encoding: encoding)) }
            if let sheet { warnings.append("\(path): --sheet=\(sheet) applies to workbooks and ZIP archives; this file was read as one CSV") }
            warnings += fileWarnings
        }
        report(merger, all: true)
        return KeywordImport(keywords: merger.keywords, files: files, warnings: warnings, writtenSpellings: merger.writtenSpellings)
    }

    /// The notice for a file read as Windows-1252 or Latin-1 instead of UTF-8.
    static func legacyEncodingNotice(path: String, encoding: String) -> String {
        "\(path): not UTF-8; read as \(encoding), the encoding Excel on Windows saves plain CSV in. "
            + "If accented letters look wrong, re-save the file as CSV UTF-8 and import it again"
    }

    /// Keyword cells over this many bytes are skipped as too long without being normalised.
    static let maximumCellBytes = 64 * 1024

    /// New keywords are passed on in blocks of at least this many (bar the last).
    static let newKeywordBlock = 4_096

    /// Reads a whole file, turning file-system failures into ``IngestError``s.
    static func readFile(_ path: String) throws(IngestError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError(
                file: path, problem: "file not found",
                hint: "check the path (relative paths start at \(FileManager.default.currentDirectoryPath))."
            )
        }
        guard !isDirectory.boolValue else {
            throw IngestError(file: path, problem: "this is a directory, not a file", hint: "pass the keyword files inside it.")
        }
        let bytes: [UInt8]
        do {
            bytes = try readBytes(path)
        } catch {
            throw IngestError(
                file: path, problem: "cannot read the file (\(error.reason))",
                hint: "check that you may read it (permissions) and that it is not locked by another program."
            )
        }
        guard !bytes.isEmpty else {
            throw IngestError(file: path, problem: "empty file", hint: "export the keywords again; the file has no content.")
        }
        return bytes
    }

    struct ReadFailure: Error {
        var reason: String
    }

    /// Reads a file straight into one byte array, without an intermediate `Data` copy.
    /// Files that report no size (pipes, process substitution) are read until their end.
    ///
    /// - Complexity: O(*n*) in the size of the file.
    private static func readBytes(_ path: String) throws(ReadFailure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadFailure(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadFailure(reason: String(cString: strerror(errno))) }
        let size = Int(status.st_size)
        guard size > 0 else { return try readToEnd(descriptor) }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let result = read(descriptor, buffer.baseAddress! + count, size - count)
                if result > 0 {
                    count += result
                } else if result == 0 {
                    break
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
        }
        guard failure == 0 else { throw ReadFailure(reason: String(cString: strerror(failure))) }
        return bytes
    }

    /// Reads a descriptor that reports no size (a FIFO, process substitution, a character device)
    /// until its end.
    ///
    /// - Complexity: O(*n*) in the bytes read (amortised growth).
    private static func readToEnd(_ descriptor: Int32) throws(ReadFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let result = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if result > 0 {
                bytes += chunk[0..<result]
            } else if result == 0 {
                return bytes
            } else if errno != EINTR {
                throw ReadFailure(reason: String(cString: strerror(errno)))
            }
        }
    }

    /// Parses one decoded file and merges its keywords.
    ///
    /// - Complexity: O(*n*) in the size of the text.
    /// - Parameter added: called after each new keyword.
    static func importText(
        _ bytes: [UInt8], path: String, part: FilePart? = nil, column: String?, into merger: inout KeywordMerger,
        added: (KeywordMerger) -> Void = { _ in }
    ) throws(IngestError) -> (ImportedFile, [String]) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(IngestError) -> (ImportedFile, [String]) in
            let layout = try FormatDetector.detect(buffer, column: column, file: path)
            var rows = RowImport(path: path, part: part, layout: layout)
            merger.reserveCapacity(merger.keywords.count + lineCount(buffer, from: layout.dataOffset))

            var parser = DelimitedParser(
                bytes: buffer, delimiter: layout.delimiter, file: path, position: layout.dataOffset, line: layout.dataLine
            )
            var fields: [FieldSpan] = []
            fields.reserveCapacity(max(layout.header.count, 1))
            while try parser.nextRow(into: &fields) != nil {
                rows.add(DelimitedRow(fields: fields, parser: parser), into: &merger, added: added)
            }
            return try rows.finish(layout: layout, column: column)
        }
    }

    /// The number of line feeds from `start` on: an upper bound on the rows to come (bar a
    /// missing final newline), so the merger can size its table once.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    static func lineCount(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var count = 1
        for byte in buffer[start...] where byte == 0x0A { count += 1 }
        return count
    }

    enum KeywordOutcome {
        case keyword(String)
        case empty
        case controlCharacters
        case tooLong
    }

    /// Classifies and normalises one keyword cell.
    ///
    /// - Complexity: O(*m*) in the length of the cell.
    static func keywordOutcome(_ bytes: UnsafeBufferPointer<UInt8>) -> KeywordOutcome {
        // A cell this large cannot normalise to a keyword of allowed length in practice; it is
        // not normalised at all (a 100 MB cell would take seconds and gigabytes).
        if bytes.count > maximumCellBytes { return .tooLong }
        if containsControlCharacter(bytes) { return .controlCharacters }
        guard let text = KeywordNormalizer.normalize(utf8: bytes) else { return .empty }
        if text.utf8.count > maximumKeywordLength, text.count > maximumKeywordLength { return .tooLong }
        return .keyword(text)
    }

    /// Whether the bytes hold a C0 control (other than tab), DEL, or a C1 control.
    ///
    /// - Complexity: O(*m*) in the number of bytes.
    static func containsControlCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F { return true }
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return true }
            index += 1
        }
        return false
    }

    /// Whether a first cell is a Google Ads summary label such as `Total: Account`.
    ///
    /// - Complexity: O(1): compares at most the first few bytes.
    static func isTotalLabel(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let label = Array("total:".utf8)
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        guard bytes.count - index >= label.count else { return false }
        for offset in 0..<label.count where bytes[index + offset] | 0x20 != label[offset] | 0x20 { return false }
        return true
    }

    static func noKeywordsError(_ stats: ImportedFile, layout: FileLayout) -> IngestError {
        if stats.rowsRead == 0 {
            return IngestError(
                file: stats.path, part: stats.part, line: layout.dataLine,
                problem: "no keywords found: the \(stats.part?.noun ?? "file") has no data rows",
                hint: "export the report again with at least one keyword."
            )
        }
        let column = layout.header.isEmpty ? "" : " \"\(layout.header[layout.keywordColumn])\""
        return IngestError(
            file: stats.path, part: stats.part,
            problem: "no keywords found: all \(stats.rowsRead) rows were skipped "
                + "(\(stats.skippedEmpty) empty, \(stats.skippedTooLong) too long, \(stats.skippedControlCharacters) with control characters)",
            hint: "check that the keyword column\(column) holds the keywords, or pass --column=NAME."
        )
    }

    /// Human sentences about what was skipped or approximated in one file.
    static func warnings(for stats: ImportedFile, layout: FileLayout, column: String?, rangeVolumes: Int) -> [String] {
        var warnings: [String] = []
        let path = stats.part.map { "\(stats.path), \($0.label)" } ?? stats.path
        if layout.missingNamedColumn, let column {
            warnings.append("\(path): no column named \"\(column)\"; used \"\(layout.header[layout.keywordColumn])\" instead")
        }
        if stats.skippedTooLong > 0 {
            warnings.append("\(path): \(counted(stats.skippedTooLong, "keyword")) longer than \(maximumKeywordLength) characters skipped")
        }
        if stats.skippedControlCharacters > 0 {
            warnings.append("\(path): \(counted(stats.skippedControlCharacters, "keyword")) with control characters skipped")
        }
        if stats.skippedEmpty > 0 {
            warnings.append("\(path): \(counted(stats.skippedEmpty, "row")) without a keyword skipped")
        }
        if rangeVolumes > 0 {
            warnings.append(
                "\(path): \(counted(rangeVolumes, "volume")) given as a range such as \"1K – 10K\"; "
                    + "used the geometric mean of each range (1K – 10K → 3162)"
            )
        }
        if layout.format == .googleSearchConsole && stats.rowsRead == 1000 {
            warnings.append("\(path): Search Console's web export stops at 1,000 rows; the Search Console API returns the rest")
        }
        return warnings
    }

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
