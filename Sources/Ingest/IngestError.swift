/// A problem that stops an import, with where it happened and what the user can do.
///
/// `description` reads like
/// `keywords.csv, line 17: unbalanced quote in row. Fix: close the quote or re-export the file.`,
/// or for a workbook `gsc.xlsx, sheet "Queries", row 17: ...`.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as it was given.
    public var file: String
    /// The sheet of a workbook, or the file inside a ZIP archive, the problem is in.
    public var part: FilePart?
    /// The 1-based physical line in the file (a sheet's row number), when the problem has one.
    public var line: Int?
    /// What is wrong, as a lower-case sentence fragment without a final period.
    public var problem: String
    /// What to do about it, as a sentence.
    public var hint: String

    public init(file: String, part: FilePart? = nil, line: Int? = nil, problem: String, hint: String) {
        self.file = file
        self.part = part
        self.line = line
        self.problem = problem
        self.hint = hint
    }

    public var description: String {
        var location = file
        if let part { location += ", \(part.label)" }
        if let line { location += ", \(part?.lineWord ?? "line") \(line)" }
        return "\(location): \(problem). Fix: \(hint)"
    }
}
