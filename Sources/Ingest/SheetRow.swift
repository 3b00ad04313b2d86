/// One row of a sheet: the text of its cells in one buffer, each cell a range of it.
struct SheetRow: RowCells {
    struct Cell {
        var start: Int
        var end: Int
        /// Whether the cell holds a number (its text is the number as stored, e.g. `0.125`).
        var isNumber: Bool
    }

    /// The row's number in the sheet (1-based, as Excel shows it).
    var number = 0
    var bytes: [UInt8] = []
    /// By column (A is 0); columns without a cell are empty.
    var cells: [Cell] = []

    var count: Int { cells.count }
    func isEmpty(_ column: Int) -> Bool { cells[column].start == cells[column].end }

    func withBytes<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let cell = cells[column]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[cell.start..<cell.end])) }
    }

    func storedNumber(_ column: Int) -> Double? {
        guard cells[column].isNumber, let value = withBytes(column, Self.number), value.isFinite else { return nil }
        return value
    }

    /// The cells' text, trimmed, without empty cells at the end (a header's names).
    var names: [String] {
        var names = (0..<count).map { column in
            withBytes(column) { String(decoding: $0, as: UTF8.self) }.trimmingWhitespace()
        }
        while names.last?.isEmpty == true { names.removeLast() }
        return names
    }

    private static let powersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }

    /// A number as a workbook stores it (`-12.5`, `1.2E-3`): plain decimals of up to 15
    /// significant digits are converted exactly here, anything else by the standard library.
    ///
    /// - Complexity: O(*m*) in the length of the text.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte &- UInt8(ascii: "0") < 10 {
                mantissa = mantissa &* 10 &+ Int(byte &- UInt8(ascii: "0"))
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index += 1
        }
        if index == bytes.count, digits > 0, digits <= 15 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }
}
