/// The part of a file a keyword list was read from: a workbook's sheet, or a file inside a ZIP
/// archive (Search Console's export of CSVs).
public enum FilePart: Sendable, Hashable {
    case sheet(String)
    case archiveEntry(String)

    /// How error messages and notices name it, after the file: `sheet "Queries"`, `Queries.csv`.
    public var label: String {
        switch self {
        case .sheet(let name): "sheet \"\(name)\""
        case .archiveEntry(let name): name
        }
    }

    /// What it is called in a sentence.
    var noun: String {
        switch self {
        case .sheet: "sheet"
        case .archiveEntry: "file"
        }
    }

    /// What a line number means in it: a sheet's row, or a CSV's line.
    var lineWord: String {
        switch self {
        case .sheet: "row"
        case .archiveEntry: "line"
        }
    }
}
