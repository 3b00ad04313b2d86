/// A problem that stops an import, with where it happened and what the user can do.
///
/// `description` reads like
/// `keywords.csv, line 17: unbalanced quote in row. Fix: close the quote or re-export the file.`
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as it was given.
    public var file: String
    /// The 1-based physical line in the file, when the problem has one.
    public var line: Int?
    /// What is wrong, as a lower-case sentence fragment without a final period.
    public var problem: String
    /// What to do about it, as a sentence.
    public var hint: String

    public init(file: String, line: Int? = nil, problem: String, hint: String) {
        self.file = file
        self.line = line
        self.problem = problem
        self.hint = hint
    }

    public var description: String {
        let location = line.map { "\(file), line \($0)" } ?? file
        return "\(location): \(problem). Fix: \(hint)"
    }
}
