/// Where a file's data starts and how to read it.
struct FileLayout: Sendable {
    var format: KeywordFileFormat
    /// The field delimiter, or `nil` to read one keyword per line.
    var delimiter: UInt8?
    /// The header names as written (trimmed); empty for a plain list.
    var header: [String]
    /// The index of the keyword column in `header` (0 for a plain list).
    var keywordColumn: Int
    /// The byte offset and 1-based line of the first data row.
    var dataOffset: Int
    var dataLine: Int
    /// Whether `column:` named a column this header lacks, so a known keyword column
    /// was used instead.
    var missingNamedColumn: Bool
}

/// Detects a file's format from its content: the header names, the preamble lines before
/// the header, and the delimiter used on the header line. File names are never consulted.
///
/// The header is the first of the first ten non-blank lines that names a keyword column
/// (the column passed with `column:` first, then the usual names); lines before it are a
/// preamble (Google Ads writes a report title and a date range). A header after a preamble
/// must have at least two columns, so a plain list is never mistaken for one. Without a
/// header, a first line with no delimiter starts a plain list; anything else is an unknown
/// CSV and an error asking for `--column`.
///
/// Format rules, in order (header names compared lower-cased and trimmed):
/// - `Avg. monthly searches` → Keyword Planner (both variants);
/// - `Search term` with `Match type`, `Impr.`, `Added/Excluded`, `Ad group` or a
///   `Search terms report` preamble → Google Ads search terms;
/// - `Top queries` / `Suchanfrage` → Search Console; `Query` + `Average position` +
///   `Impressions` → Bing;
/// - with a `Keyword` column: a leading `#`, `Parent Keyword`, `Global volume` or
///   `Traffic potential` → Ahrefs Keywords Explorer; `KD` with `Current position` or
///   `Current URL` → Ahrefs Organic keywords; `Seed keyword`, `Page type` or
///   `Click potential` → Semrush Strategy Builder; `Keyword Difficulty Index`, or a
///   semicolon header with `Search Volume` → Semrush API; `Search Volume` + `Position` +
///   `URL` → Semrush Positions; `Competitive Density` → Keyword Magic Tool;
///   `Monthly Volume` → Moz;
/// - anything else with a keyword column → generic CSV.
enum FormatDetector {
    /// Names of keyword columns, most specific first. Google Ads search terms reports
    /// carry both `Search term` (what people typed) and `Keyword` (what was bid on), so
    /// `search term` wins.
    static let keywordColumnNames = [
        "search term", "search terms", "top queries", "suchanfrage", "häufigste suchanfragen",
        "query", "queries", "search query", "keyword", "keywords", "keyphrase", "key phrase",
        "keyword phrase", "suchbegriff",
    ]

    private static let headerSearchLimit = 10

    /// Header names and preamble lines longer than this are not read as text: no column name
    /// or report title is that long.
    static let maximumHeaderNameBytes = 4_096

    /// Whether `bytes[start..<end]` holds only ASCII spaces and tabs.
    ///
    /// - Complexity: O(*m*) in the length of the line.
    static func isASCIIBlank(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        bytes[start..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0B || $0 == 0x0C }
    }

    /// Finds the header, delimiter and format of `bytes`.
    ///
    /// - Complexity: O(*h*) in the length of the preamble and header lines.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>, column: String?, file: String) throws(IngestError) -> FileLayout {
        let wanted = column.map(headerKey)
        var preamble: [String] = []
        var firstLine: (names: [String], line: Int, delimited: Bool)? = nil
        var offset = 0
        var line = 1
        var nonBlank = 0
        while offset < bytes.count, nonBlank < headerSearchLimit {
            let lineEnd = endOfLine(bytes, from: offset)
            let next = lineEnd < bytes.count && bytes[lineEnd] == 0x0D && lineEnd + 1 < bytes.count && bytes[lineEnd + 1] == 0x0A
                ? lineEnd + 2 : lineEnd + 1
            // Lines longer than a header can be (a 100 MB keyword, say) are never made into strings.
            let isShort = lineEnd - offset <= maximumHeaderNameBytes
            let text = isShort ? String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<lineEnd]), as: UTF8.self) : ""
            if isShort ? text.allSatisfy(\.isWhitespace) : isASCIIBlank(bytes, from: offset, to: lineEnd) {
                offset = next
                line += 1
                continue
            }
            nonBlank += 1
            let delimiter = likelyDelimiter(bytes, from: offset, to: lineEnd)
            var parser = DelimitedParser(bytes: bytes, delimiter: delimiter, file: file, position: offset, line: line)
            var fields: [FieldSpan] = []
            if (try? parser.nextRow(into: &fields)) != nil {
                let names = fields.map { $0.end - $0.start > maximumHeaderNameBytes ? "" : parser.string($0).trimmingWhitespace() }
                if firstLine == nil { firstLine = (names, line, delimiter != nil) }
                if let match = header(names, isFirst: nonBlank == 1, wanted: wanted, delimiter: delimiter, preamble: preamble) {
                    return FileLayout(
                        format: match.format, delimiter: names.count >= 2 ? delimiter : nil, header: names,
                        keywordColumn: match.keywordColumn, dataOffset: parser.position, dataLine: parser.line,
                        missingNamedColumn: match.missingNamedColumn
                    )
                }
            }
            preamble.append(headerKey(text))
            offset = next
            line += 1
        }
        guard let firstLine else {
            throw IngestError(file: file, problem: "empty file", hint: "export the keywords again; the file holds no text.")
        }
        if !firstLine.delimited {
            return FileLayout(
                format: .plainList, delimiter: nil, header: [], keywordColumn: 0, dataOffset: 0, dataLine: 1,
                missingNamedColumn: false
            )
        }
        let found = firstLine.names.map { "\"\($0)\"" }.joined(separator: ", ")
        if let column {
            throw IngestError(
                file: file, line: firstLine.line,
                problem: "no column named \"\(column)\" in the header (found \(found))",
                hint: "pass --column=NAME with one of the header names above."
            )
        }
        throw IngestError(
            file: file, line: firstLine.line,
            problem: "missing keyword column: no header names a keyword column (found \(found))",
            hint: "pass --column=NAME with the header of the column that holds the keywords."
        )
    }

    /// Whether a row of names is the header: it names a keyword column (the wanted one first,
    /// then the usual names) and, after a preamble, has at least two columns.
    ///
    /// - Parameter wanted: the `column:` name as a ``headerKey(_:)``.
    /// - Complexity: O(*k*) in the number of names.
    static func header(
        _ names: [String], isFirst: Bool, wanted: String?, delimiter: UInt8?, preamble: [String]
    ) -> (format: KeywordFileFormat, keywordColumn: Int, missingNamedColumn: Bool)? {
        let keys = names.map(headerKey)
        let named = wanted.flatMap { keys.firstIndex(of: $0) }
        guard let keywordColumn = named ?? keywordColumnNames.lazy.compactMap({ keys.firstIndex(of: $0) }).first,
              isFirst || names.count >= 2 else { return nil }
        let format = detectFormat(keys: keys, delimiter: delimiter, preamble: preamble)
        return (format, keywordColumn, wanted != nil && named == nil)
    }

    /// The format a header belongs to. `keys` are lower-cased, trimmed header names.
    ///
    /// - Complexity: O(*k*) in the number of header names.
    static func detectFormat(keys: [String], delimiter: UInt8?, preamble: [String]) -> KeywordFileFormat {
        let names = Set(keys)
        func has(_ name: String) -> Bool { names.contains(name) }
        if has("avg. monthly searches") { return .googleAdsKeywordPlanner }
        if (has("search term") || has("search terms"))
            && (has("match type") || has("impr.") || has("added/excluded") || has("ad group") || preamble.contains("search terms report")) {
            return .googleAdsSearchTerms
        }
        if has("top queries") || has("suchanfrage") || has("häufigste suchanfragen") { return .googleSearchConsole }
        if has("query") && has("average position") && has("impressions") { return .bingWebmaster }
        if has("keyword") {
            if keys.first == "#" || has("parent keyword") || has("global volume") || has("traffic potential") {
                return .ahrefsKeywordsExplorer
            }
            if has("kd") && (has("current position") || has("current url")) { return .ahrefsOrganicKeywords }
            if has("seed keyword") || has("page type") || has("click potential") { return .semrushStrategyBuilder }
            if has("keyword difficulty index") || (delimiter == UInt8(ascii: ";") && has("search volume")) { return .semrushAPI }
            if has("search volume") && has("position") && has("url") { return .semrushOrganicPositions }
            if has("competitive density") { return .semrushKeywordMagic }
            if has("monthly volume") { return .mozKeywordExplorer }
        }
        return .genericCSV
    }

    /// A header name as compared: trimmed, lower-cased, without a stray byte order mark.
    ///
    /// - Complexity: O(*m*) in the length of the name.
    static func headerKey(_ name: String) -> String {
        var name = name
        name.unicodeScalars.removeAll { $0.value == 0xFEFF }
        return name.trimmingWhitespace().lowercased()
    }

    /// The most frequent of tab, `;` and `,` outside quotes on one line (ties in that order),
    /// or `nil` when none occurs.
    ///
    /// - Complexity: O(*m*) in the length of the line.
    static func likelyDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> UInt8? {
        var tabs = 0, semicolons = 0, commas = 0
        var quoted = false
        for byte in bytes[start..<end] {
            switch byte {
            case UInt8(ascii: "\""): quoted.toggle()
            case UInt8(ascii: "\t") where !quoted: tabs += 1
            case UInt8(ascii: ";") where !quoted: semicolons += 1
            case UInt8(ascii: ",") where !quoted: commas += 1
            default: break
            }
        }
        let best = max(tabs, semicolons, commas)
        guard best > 0 else { return nil }
        if tabs == best { return UInt8(ascii: "\t") }
        if semicolons == best { return UInt8(ascii: ";") }
        return UInt8(ascii: ",")
    }

    /// The offset of the first CR or LF at or after `start` (or the end of the buffer).
    ///
    /// - Complexity: O(*m*) in the length of the line.
    private static func endOfLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
        return index
    }
}

extension String {
    /// The string without leading and trailing whitespace (Unicode `isWhitespace`).
    ///
    /// - Complexity: O(*m*) in the length of the string.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
