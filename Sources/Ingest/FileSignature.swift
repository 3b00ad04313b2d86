/// Well-known file types that people hand in as "the CSV" by mistake (a workbook, an archive,
/// a compressed download, a PDF report, an image), recognised by their first bytes so the error
/// says what the file is and how to get a CSV out of it. Some of them (a PDF's first lines, a
/// gzip stream) could otherwise pass for odd text.
enum FileSignature: Sendable, Equatable {
    case excelWorkbook
    case zipArchive
    case legacyOfficeFile
    case gzip
    case pdf
    case image

    /// The type whose signature `bytes` starts with, or `nil` for anything else.
    ///
    /// - Complexity: O(*n*) for a ZIP archive (it looks for the workbook's part names), else O(1).
    static func identify(_ bytes: [UInt8]) -> FileSignature? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            return contains(bytes, Array("[Content_Types].xml".utf8)) && contains(bytes, Array("xl/".utf8))
                ? .excelWorkbook : .zipArchive
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .legacyOfficeFile }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts(Array("GIF8".utf8)) { return .image }
        return nil
    }

    /// The error for a file of this type.
    func error(file: String) -> IngestError {
        switch self {
        case .excelWorkbook:
            IngestError(file: file, line: 1, problem: "this is an Excel workbook (XLSX), not a CSV or text file",
                        hint: "open it in Excel and save it as \"CSV UTF-8\", or export the report as CSV, and import that.")
        case .zipArchive:
            IngestError(file: file, line: 1, problem: "this is a ZIP archive, not a CSV or text file",
                        hint: "unzip it and pass the CSV inside.")
        case .legacyOfficeFile:
            IngestError(file: file, line: 1, problem: "this is an old Excel workbook (XLS) or other Office file, not a CSV",
                        hint: "open it in Excel and save it as \"CSV UTF-8\", and import that.")
        case .gzip:
            IngestError(file: file, line: 1, problem: "this is a gzip-compressed file, not a CSV or text file",
                        hint: "decompress it first (gunzip) and pass the CSV inside.")
        case .pdf:
            IngestError(file: file, line: 1, problem: "this is a PDF document, not a CSV or text file",
                        hint: "export the keywords as CSV from the tool that made the report.")
        case .image:
            IngestError(file: file, line: 1, problem: "this is an image, not a CSV or text file",
                        hint: "pass the keyword export (CSV, TSV or one keyword per line).")
        }
    }

    /// Whether `needle` occurs in `haystack`.
    ///
    /// - Complexity: O(*n* · *m*) in the worst case, O(*n*) in practice.
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
