/// One data row as the importer reads it, whatever the file: a CSV row's fields, or a
/// workbook row's cells. Cells are read as UTF-8 bytes; a workbook's numeric cells also give
/// their number directly, so `1.234` stored as a number is never read as a thousands group.
protocol RowCells {
    /// The number of cells (columns up to the last one present).
    var count: Int { get }
    func isEmpty(_ column: Int) -> Bool
    /// Calls `body` with the cell's content bytes.
    func withBytes<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R
    /// The cell's value when the file stores it as a number, else `nil` (text is parsed).
    func storedNumber(_ column: Int) -> Double?
}

extension RowCells {
    /// Whether every cell is empty (a blank line or row).
    var isBlank: Bool {
        (0..<count).allSatisfy(isEmpty)
    }
}

/// A CSV row: field spans into the parser's buffer.
struct DelimitedRow: RowCells {
    let fields: [FieldSpan]
    let parser: DelimitedParser

    var count: Int { fields.count }
    func isEmpty(_ column: Int) -> Bool { fields[column].isEmpty }
    func withBytes<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        parser.withFieldBytes(fields[column], body)
    }
    func storedNumber(_ column: Int) -> Double? { nil }
}
