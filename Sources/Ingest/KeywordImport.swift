/// The result of importing a set of keyword files.
public struct KeywordImport: Sendable {
    /// Unique keywords in first-seen order across the files (deterministic).
    public var keywords: [ImportedKeyword]
    /// One entry per file, in the order given.
    public var files: [ImportedFile]
    /// Human sentences about skipped rows and approximations, e.g.
    /// `"keywords.csv: 3 keywords longer than 200 characters skipped"`.
    public var warnings: [String]
    /// The words the files capitalise, as they write them (see ``WrittenSpellings``).
    public var writtenSpellings: WrittenSpellings

    public init(keywords: [ImportedKeyword], files: [ImportedFile], warnings: [String],
                writtenSpellings: WrittenSpellings = WrittenSpellings()) {
        self.keywords = keywords
        self.files = files
        self.warnings = warnings
        self.writtenSpellings = writtenSpellings
    }
}
