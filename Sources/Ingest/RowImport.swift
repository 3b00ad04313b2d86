/// The rows of one file (or sheet) on their way into the merger: each row's keyword cell is
/// classified and normalised, its metrics read through the column map, and what happened is
/// counted. CSV files and workbooks share it, so both keep and skip exactly the same rows.
struct RowImport {
    private(set) var stats: ImportedFile
    private(set) var rangeVolumes = 0
    let columns: ColumnMap
    let keywordColumn: Int
    /// Google Ads reports end with `Total:` rows, which are not keywords.
    let skipsTotals: Bool
    /// `[path]`, shared by every keyword of the file.
    let sources: [String]
    /// The intents, URLs and parent keywords of the file's rows, shared.
    private var texts = MetricTextsCache()

    init(path: String, part: FilePart? = nil, layout: FileLayout) {
        stats = ImportedFile(path: path, part: part, format: layout.format)
        columns = layout.format == .plainList
            ? ColumnMap(plainList: ())
            : ColumnMap(header: layout.header, keywordColumn: layout.keywordColumn, format: layout.format, delimiter: layout.delimiter)
        keywordColumn = layout.keywordColumn
        skipsTotals = layout.format == .googleAdsSearchTerms || layout.format == .googleAdsKeywordPlanner
        sources = [path]
    }

    /// Adds one row's keyword, if it has one.
    ///
    /// - Parameter added: called after each new keyword.
    /// - Complexity: O(*m*) in the length of the row (amortised hashing).
    @inline(__always)
    mutating func add<Row: RowCells>(_ row: Row, into merger: inout KeywordMerger, added: (KeywordMerger) -> Void) {
        if row.isBlank { return }
        if skipsTotals, row.withBytes(0, KeywordImporter.isTotalLabel) { return }
        stats.rowsRead += 1
        guard keywordColumn < row.count else {
            stats.skippedEmpty += 1
            return
        }
        switch row.withBytes(keywordColumn, KeywordImporter.keywordOutcome) {
        case .empty: stats.skippedEmpty += 1
        case .controlCharacters: stats.skippedControlCharacters += 1
        case .tooLong: stats.skippedTooLong += 1
        case .keyword(let text):
            let (metrics, wasRange) = columns.metrics(of: row, texts: &texts)
            if wasRange { rangeVolumes += 1 }
            row.withBytes(keywordColumn) { merger.writtenSpellings.note($0) }
            if merger.add(text, metrics: metrics, sources: sources) {
                stats.keywordsKept += 1
                added(merger)
            } else {
                stats.duplicates += 1
            }
        }
    }
}

extension RowImport {
    /// The file's counts and notices once every row is in.
    ///
    /// - Throws: ``IngestError`` when no row gave a keyword.
    func finish(layout: FileLayout, column: String?) throws(IngestError) -> (ImportedFile, [String]) {
        guard stats.keywordsKept + stats.duplicates > 0 else {
            throw KeywordImporter.noKeywordsError(stats, layout: layout)
        }
        return (stats, KeywordImporter.warnings(for: stats, layout: layout, column: column, rangeVolumes: rangeVolumes))
    }
}
