import Foundation

/// One cell of an export row, typed so that each writer renders it its own way: the CSV
/// export as text, the XLSX workbook as a number, boolean or string cell.
public enum ExportValue: Sendable, Hashable {
    case text(String)
    case integer(Int)
    case real(Double)
    case boolean(Bool)
    case empty

    /// A text cell, or an empty one for nil.
    public init(_ value: String?) { self = value.map(ExportValue.text) ?? .empty }
    /// An integer cell, or an empty one for nil.
    public init(_ value: Int?) { self = value.map(ExportValue.integer) ?? .empty }
    /// A number cell, or an empty one for nil.
    public init(_ value: Double?) { self = value.map(ExportValue.real) ?? .empty }

    /// The value as a CSV field: text quoted and formula-neutralised (`CSVField.text`), numbers
    /// as Swift prints them, booleans as `true`/`false`, nothing for empty.
    var csvField: String {
        switch self {
        case .text(let text): CSVField.text(text)
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .boolean(let value): value ? "true" : "false"
        case .empty: ""
        }
    }
}

/// A named column of an export level and how one row fills it: the one list of columns that
/// the CSV export and the XLSX workbook both write.
public struct ExportColumn<Row> {
    public let name: String
    public let value: (Row) -> ExportValue

    public init(_ name: String, _ value: @escaping (Row) -> ExportValue) {
        self.name = name
        self.value = value
    }

    /// One CSV line (with its newline) of `row` under `columns`.
    /// - Complexity: O(columns + length of the row's text)
    static func csvLine(_ row: Row, columns: [ExportColumn<Row>]) -> String {
        columns.map { $0.value(row).csvField }.joined(separator: ",") + "\n"
    }
}
