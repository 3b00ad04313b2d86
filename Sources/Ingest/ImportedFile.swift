/// What the importer did with one file.
///
/// `rowsRead == keywordsKept + duplicates + skippedTooLong + skippedControlCharacters + skippedEmpty`.
/// Header, preamble, blank and `Total:` summary lines are not rows.
public struct ImportedFile: Sendable, Hashable {
    /// The path as it was given.
    public var path: String
    /// The sheet of a workbook, or the CSV inside a ZIP archive, the keywords were read from.
    public var part: FilePart?
    /// `--sheet` as given for this workbook or ZIP archive (nil: the first sheet a format
    /// matched), recorded with the project so a rescrape reads the same sheet.
    public var sheetOption: String?
    public var format: KeywordFileFormat
    /// Data rows read (excluding header, preamble, blank lines and summary rows).
    public var rowsRead: Int
    /// Rows that introduced a keyword not seen before (in this file or an earlier one).
    public var keywordsKept: Int
    /// Rows whose keyword was already known; they were merged into it.
    public var duplicates: Int
    /// Rows whose normalised keyword is longer than ``KeywordImporter/maximumKeywordLength``.
    public var skippedTooLong: Int
    /// Rows whose keyword contains control characters.
    public var skippedControlCharacters: Int
    /// Rows with no keyword left after normalisation.
    public var skippedEmpty: Int

    public init(
        path: String, part: FilePart? = nil, format: KeywordFileFormat, rowsRead: Int = 0, keywordsKept: Int = 0,
        duplicates: Int = 0, skippedTooLong: Int = 0, skippedControlCharacters: Int = 0, skippedEmpty: Int = 0
    ) {
        self.path = path
        self.part = part
        self.format = format
        self.rowsRead = rowsRead
        self.keywordsKept = keywordsKept
        self.duplicates = duplicates
        self.skippedTooLong = skippedTooLong
        self.skippedControlCharacters = skippedControlCharacters
        self.skippedEmpty = skippedEmpty
    }
}
