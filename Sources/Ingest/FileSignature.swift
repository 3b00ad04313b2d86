/// Well-known file types that people hand in as "the CSV" by mistake (a compressed download,
/// a PDF report, an image), recognised by their first bytes so the error says what the file is
/// and how to get a CSV out of it. Some of them (a PDF's first lines, a gzip stream) could
/// otherwise pass for odd text. Workbooks and ZIP archives are read (``ZipArchive``), old
/// Office files explained (``CompoundFile``), before this is asked.
enum FileSignature: Sendable, Equatable {
    case gzip
    case pdf
    case image

    /// The type whose signature `bytes` starts with, or `nil` for anything else.
    ///
    /// - Complexity: O(1).
    static func identify(_ bytes: [UInt8]) -> FileSignature? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts(Array("GIF8".utf8)) { return .image }
        return nil
    }

    /// The error for a file of this type.
    func error(file: String) -> IngestError {
        switch self {
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
}
