/// An XLSX workbook's structure: its worksheets in tab order, the shared strings, which cell
/// styles show dates, and the date system. Found the way Excel finds them, through the
/// package's relationships (`_rels/.rels` → `xl/workbook.xml` → its `.rels`), not by
/// assuming part names. Sheets themselves are read row by row by ``SheetReader``.
struct Workbook {
    struct Sheet: Sendable {
        var name: String
        /// The part's path in the archive, e.g. `xl/worksheets/sheet1.xml`.
        var part: String
    }

    let archive: ZipArchive
    /// Worksheets in tab order (chart sheets are left out: they hold no cells).
    let sheets: [Sheet]
    let sharedStrings: SharedStrings
    /// By cell style index (a cell's `s`): whether its number format shows a date or time.
    let dateStyles: [Bool]
    /// Whether serial day 0 is 1904-01-01 (old Mac workbooks) instead of 1899-12-30.
    let uses1904Dates: Bool

    var file: String { archive.file }

    /// Reads the workbook's structure and shared strings from `archive`.
    ///
    /// - Throws: ``IngestError`` when a part the workbook needs is missing or damaged.
    /// - Complexity: O(size of the workbook part, relationships, styles and shared strings).
    init(archive: ZipArchive) throws(IngestError) {
        self.archive = archive
        let packageRelations = try Self.relationships(archive, of: "")
        let workbookPart = packageRelations.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        let relations = try Self.relationships(archive, of: workbookPart)
        guard let workbookEntry = archive.entry(named: workbookPart) else {
            throw ZipArchive.damaged(archive.file, "the workbook part \(workbookPart) is missing")
        }
        let xml = try XmlStreamReader(archive.reader(for: workbookEntry))
        var sheets: [Sheet] = []
        var unplaced: [String] = []
        var uses1904Dates = false
        while try xml.next() {
            guard xml.nodeType == XmlStreamReader.elementStart else { continue }
            if XmlName.is(xml.localName, "sheet") {
                var name = "", id = ""
                xml.forEachAttribute { attribute, value in
                    if XmlName.is(attribute, "name") { name = String(decoding: value, as: UTF8.self) }
                    if XmlName.is(attribute, "id") { id = String(decoding: value, as: UTF8.self) }
                }
                if let relation = relations.first(where: { $0.id == id }) {
                    if relation.type.hasSuffix("/worksheet") { sheets.append(Sheet(name: name, part: relation.target)) }
                } else {
                    unplaced.append(name)
                }
            } else if XmlName.is(xml.localName, "workbookPr") {
                xml.forEachAttribute { attribute, value in
                    if XmlName.is(attribute, "date1904") { uses1904Dates = value.first == UInt8(ascii: "1") || value.first == UInt8(ascii: "t") }
                }
            }
        }
        if !unplaced.isEmpty {
            throw ZipArchive.damaged(
                archive.file, "the workbook lists sheet \(KeywordImporter.nameList(unplaced)) without saying where its cells are "
                    + "(no relationship for it in the workbook's .rels part)"
            )
        }
        self.sheets = sheets
        self.uses1904Dates = uses1904Dates
        if let part = relations.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target, let entry = archive.entry(named: part) {
            sharedStrings = try SharedStrings(archive.reader(for: entry))
        } else {
            sharedStrings = SharedStrings()
        }
        if let part = relations.first(where: { $0.type.hasSuffix("/styles") })?.target, let entry = archive.entry(named: part) {
            dateStyles = try Self.dateStyles(XmlStreamReader(archive.reader(for: entry)))
        } else {
            dateStyles = []
        }
    }

    /// The sheet whose name is `name` (ignoring case), if any.
    func sheet(named name: String) -> Sheet? {
        sheets.first { $0.name == name } ?? sheets.first { $0.name.lowercased() == name.lowercased() }
    }

    struct Relationship {
        var id: String
        var type: String
        /// The target's path in the archive.
        var target: String
    }

    /// The relationships of `part` (`""` for the package), from its `_rels/NAME.rels`; none
    /// when that part is missing.
    static func relationships(_ archive: ZipArchive, of part: String) throws(IngestError) -> [Relationship] {
        let folder = part.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let file = part.split(separator: "/").last.map(String.init) ?? ""
        let path = (folder.isEmpty ? "" : folder + "/") + "_rels/\(file).rels"
        guard let entry = archive.entry(named: path) else { return [] }
        let xml = try XmlStreamReader(archive.reader(for: entry))
        var relations: [Relationship] = []
        while try xml.next() {
            guard xml.nodeType == XmlStreamReader.elementStart, XmlName.is(xml.localName, "Relationship") else { continue }
            var relation = Relationship(id: "", type: "", target: "")
            var external = false
            xml.forEachAttribute { attribute, value in
                let text = String(decoding: value, as: UTF8.self)
                if XmlName.is(attribute, "Id") { relation.id = text }
                if XmlName.is(attribute, "Type") { relation.type = text }
                if XmlName.is(attribute, "Target") { relation.target = text }
                if XmlName.is(attribute, "TargetMode") { external = text == "External" }
            }
            if !external {
                relation.target = resolve(relation.target, from: folder)
                relations.append(relation)
            }
        }
        return relations
    }

    /// A relationship target as a path in the archive: absolute (`/xl/...`) or relative to
    /// the source part's folder, with `..` resolved.
    static func resolve(_ target: String, from folder: String) -> String {
        var components = target.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
        for component in target.split(separator: "/") {
            if component == ".." { _ = components.popLast() } else if component != "." { components.append(String(component)) }
        }
        return components.joined(separator: "/")
    }

    /// Number formats Excel defines without writing them out that show dates or times.
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// For each cell style (`cellXfs`), whether its number format shows a date or time.
    static func dateStyles(_ xml: XmlStreamReader) throws(IngestError) -> [Bool] {
        var customDates = Set<Int>()
        var styles: [Bool] = []
        var inCellStyles = false
        while try xml.next() {
            let type = xml.nodeType
            if type == XmlStreamReader.elementStart {
                let name = xml.localName
                if XmlName.is(name, "numFmt") {
                    var id = -1, code = ""
                    xml.forEachAttribute { attribute, value in
                        if XmlName.is(attribute, "numFmtId") { id = Int(String(decoding: value, as: UTF8.self)) ?? -1 }
                        if XmlName.is(attribute, "formatCode") { code = String(decoding: value, as: UTF8.self) }
                    }
                    if isDateFormat(code) { customDates.insert(id) }
                } else if XmlName.is(name, "cellXfs") {
                    inCellStyles = !xml.isEmptyElement
                } else if inCellStyles, XmlName.is(name, "xf") {
                    var id = 0
                    xml.forEachAttribute { attribute, value in
                        if XmlName.is(attribute, "numFmtId") { id = Int(String(decoding: value, as: UTF8.self)) ?? 0 }
                    }
                    styles.append(builtInDateFormats.contains(id) || customDates.contains(id))
                }
            } else if type == XmlStreamReader.elementEnd, XmlName.is(xml.localName, "cellXfs") {
                inCellStyles = false
            }
        }
        return styles
    }

    /// Whether a number format code shows a date or time: it has a day, month, year, hour or
    /// second code outside quoted text, escapes and `[...]` (colours, locales).
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracketed = false, escaped = false
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            switch character {
            case "\"": quoted.toggle()
            case "\\" where !quoted: escaped = true
            case "[" where !quoted: bracketed = true
            case "]" where !quoted: bracketed = false
            case "d", "m", "y", "h", "s": if !quoted && !bracketed { return true }
            default: break
            }
        }
        return false
    }
}
