/// XLSX workbooks: the sheet whose header names a keyword column is imported exactly as the
/// same rows in a CSV would be (same format detection, column mapping, normalising, counts and
/// messages), row by row as the sheet streams.
extension KeywordImporter {
    /// How many non-blank rows at the top of a sheet may hold a preamble and the header (as
    /// in a CSV).
    static let sheetHeaderSearchLimit = 10

    /// Imports the keyword sheet of a workbook: `sheet` when given, else the first whose header
    /// names a keyword column, else the first that is a plain list (one column, no header).
    ///
    /// - Throws: ``IngestError`` for a damaged workbook, a missing `sheet`, or a workbook with
    ///   no keyword sheet (the message lists every sheet with its first row).
    /// - Complexity: O(*n*) in the size of the sheet's XML, in memory for one row plus the
    ///   shared strings.
    static func importWorkbook(
        _ workbook: Workbook, sheet wanted: String?, column: String?, into merger: inout KeywordMerger,
        added: (KeywordMerger) -> Void
    ) throws(IngestError) -> (ImportedFile, [String]) {
        let path = workbook.file
        let (sheet, layout) = try keywordSheet(of: workbook, named: wanted, column: column)
        var rows = RowImport(path: path, part: .sheet(sheet.name), layout: layout)
        let reader = try SheetReader(workbook: workbook, sheet: sheet)
        var reserved = false
        try reader.forEachRow { (row) throws(IngestError) -> Bool in
            if !reserved {
                // The sheet's declared size (its <dimension>), trusted only as far as its XML
                // could hold that many rows, so the merger's table grows once.
                reserved = true
                if let last = reader.declaredLastRow {
                    let plausible = min(last - layout.dataLine + 1, reader.sheetSize / 16, 1_048_576)
                    merger.reserveCapacity(merger.keywords.count + max(0, plausible))
                }
            }
            guard row.number >= layout.dataLine else { return true }
            rows.add(row, into: &merger, added: added)
            return true
        }
        var (file, warnings) = try rows.finish(layout: layout, column: column)
        // Search Console's Pages sheet is page-level (no query column): said, not used.
        if layout.format == .googleSearchConsole, let pages = workbook.sheet(named: "Pages"), pages.name != sheet.name,
           let probe = try? probeSheet(workbook, pages, column: nil), probe.layout == nil {
            warnings.append(searchConsolePagesNotice(path: path, part: .sheet(pages.name)))
        }
        return (file, warnings)
    }

    /// Search Console's export lists its top pages apart from its top queries: no row says
    /// which query led to which page, so no keyword gets a page from it.
    static func searchConsolePagesNotice(path: String, part: FilePart) -> String {
        "\(path), \(part.label): Search Console's export lists pages without their queries, "
            + "so it gives no keyword its page; only the queries were imported"
    }

    /// The sheet to import and where its data starts.
    private static func keywordSheet(
        of workbook: Workbook, named wanted: String?, column: String?
    ) throws(IngestError) -> (Workbook.Sheet, FileLayout) {
        let path = workbook.file
        if let wanted {
            guard let sheet = workbook.sheet(named: wanted) else {
                throw IngestError(
                    file: path, problem: "no sheet named \"\(wanted)\" in the workbook (sheets: \(sheetList(workbook.sheets.map(\.name))))",
                    hint: "pass --sheet=NAME with one of the sheet names above."
                )
            }
            let probe = try probeSheet(workbook, sheet, column: column)
            guard let layout = probe.layout ?? probe.plainList else {
                throw missingKeywordColumn(path: path, sheet: sheet, probe: probe, column: column)
            }
            return (sheet, layout)
        }
        var probes: [(Workbook.Sheet, SheetProbe)] = []
        for sheet in workbook.sheets {
            let probe = try probeSheet(workbook, sheet, column: column)
            if let layout = probe.layout { return (sheet, layout) }
            probes.append((sheet, probe))
        }
        if let (sheet, probe) = probes.first(where: { $0.1.plainList != nil }), let layout = probe.plainList {
            return (sheet, layout)
        }
        guard !probes.isEmpty else {
            throw IngestError(file: path, problem: "the workbook has no worksheet (only charts, or nothing)",
                              hint: "export the keywords again as a workbook with a sheet of keywords, or as CSV.")
        }
        let sheets = probes.map { sheet, probe in
            "\"\(sheet.name)\" " + (probe.firstRow.map { "(row \($0.row): \(nameList($0.names)))" } ?? "(empty)")
        }
        let named = column.map { "a column named \"\($0)\"" } ?? "a keyword column"
        throw IngestError(
            file: path,
            problem: "no sheet has \(named): \(sheets.joined(separator: "; "))",
            hint: column == nil
                ? "pass --column=NAME with the header of the column that holds the keywords (and --sheet=NAME for its sheet)."
                : "pass --column=NAME with one of the header names above (and --sheet=NAME for its sheet)."
        )
    }

    /// What the top rows of a sheet show.
    private struct SheetProbe {
        /// The layout when a row names a keyword column.
        var layout: FileLayout?
        /// The layout when the sheet is a plain list (each non-blank row read has one cell, in
        /// the same column).
        var plainList: FileLayout?
        /// The first non-blank row, for messages.
        var firstRow: (row: Int, names: [String])?
    }

    /// Reads up to ``sheetHeaderSearchLimit`` non-blank rows of `sheet` looking for the header,
    /// as ``FormatDetector`` does in a CSV.
    private static func probeSheet(_ workbook: Workbook, _ sheet: Workbook.Sheet, column: String?) throws(IngestError) -> SheetProbe {
        let reader = try SheetReader(workbook: workbook, sheet: sheet)
        let wanted = column.map(FormatDetector.headerKey)
        var probe = SheetProbe()
        var preamble: [String] = []
        var nonBlank = 0
        try reader.forEachRow { (row) throws(IngestError) -> Bool in
            let names = row.names
            guard names.contains(where: { !$0.isEmpty }) else { return true }
            nonBlank += 1
            // A plain list: every row read has one cell, in the same column.
            let filled = names.indices.filter { !names[$0].isEmpty }
            if probe.firstRow == nil {
                probe.firstRow = (row.number, names)
                if filled.count == 1 {
                    probe.plainList = layout(.plainList, header: [], keywordColumn: filled[0], dataLine: row.number, missingNamedColumn: false)
                }
            } else if filled != [probe.plainList?.keywordColumn] {
                probe.plainList = nil
            }
            // Cells are separate already; a text cell's number is read as in a comma-separated
            // CSV of the sheet (what Excel's "Save as CSV" would give).
            if let match = FormatDetector.header(names, isFirst: nonBlank == 1, wanted: wanted, delimiter: nil, preamble: preamble) {
                probe.layout = layout(match.format, header: names, keywordColumn: match.keywordColumn, dataLine: row.number + 1,
                                      missingNamedColumn: match.missingNamedColumn)
                return false
            }
            preamble.append(FormatDetector.headerKey(names.joined(separator: " ")))
            return nonBlank < sheetHeaderSearchLimit
        }
        return probe
    }

    private static func layout(
        _ format: KeywordFileFormat, header: [String], keywordColumn: Int, dataLine: Int, missingNamedColumn: Bool
    ) -> FileLayout {
        FileLayout(format: format, delimiter: UInt8(ascii: ","), header: header, keywordColumn: keywordColumn,
                   dataOffset: 0, dataLine: dataLine, missingNamedColumn: missingNamedColumn)
    }

    private static func missingKeywordColumn(path: String, sheet: Workbook.Sheet, probe: SheetProbe, column: String?) -> IngestError {
        guard let first = probe.firstRow else {
            return IngestError(file: path, part: .sheet(sheet.name), problem: "no keywords found: the sheet is empty",
                               hint: "pick the sheet that holds the keywords with --sheet=NAME.")
        }
        if let column {
            return IngestError(file: path, part: .sheet(sheet.name), line: first.row,
                               problem: "no column named \"\(column)\" in the header (found \(nameList(first.names)))",
                               hint: "pass --column=NAME with one of the header names above.")
        }
        return IngestError(file: path, part: .sheet(sheet.name), line: first.row,
                           problem: "missing keyword column: no header names a keyword column (found \(nameList(first.names)))",
                           hint: "pass --column=NAME with the header of the column that holds the keywords.")
    }

    static func nameList(_ names: [String]) -> String {
        names.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    static func sheetList(_ names: [String]) -> String {
        names.isEmpty ? "none" : nameList(names)
    }
}
