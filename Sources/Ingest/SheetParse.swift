import CLibXML2

/// The state of a sheet being parsed, and libxml2's SAX callbacks on it (see ``SheetReader``):
/// the row being filled, the cell being read, and how to turn cells into text.
struct SheetParse {
    let strings: SharedStrings
    let dateStyles: [Bool]
    let uses1904Dates: Bool
    let file: String
    let sheetName: String
    var parser: xmlParserCtxtPtr?

    var row = SheetRow()
    var handler: ((inout SheetRow) throws(IngestError) -> Bool)?
    var stopped = false
    var failure: IngestError?
    var xmlMessage: String?
    var lastRow = 0
    var declaredLastRow: Int?
    // The cell being read.
    private var type = CellType.number, style = 0, column = -1, cellStart = 0
    private var collecting = false, inlineString = false, phonetic = false

    /// Columns past Excel's last (XFD) are ignored.
    static let maximumColumns = 16_384

    init(workbook: Workbook, sheetName: String) {
        strings = workbook.sharedStrings
        dateStyles = workbook.dateStyles
        uses1904Dates = workbook.uses1904Dates
        file = workbook.file
        self.sheetName = sheetName
    }

    /// The cell types of the `t` attribute.
    enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, date
    }

    /// Stops the parser: `body` is done, or failed.
    mutating func stop(_ error: IngestError? = nil) {
        if failure == nil { failure = error }
        stopped = true
        xmlStopParser(parser)
    }

    mutating func startElement(_ name: UnsafePointer<xmlChar>?, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int) {
        guard !stopped else { return }
        if XmlName.is(name, "c") {
            type = .number
            style = 0
            column += 1
            for index in 0..<count {
                let attribute = attributes! + 5 * index
                let value = UnsafeBufferPointer(start: attribute[3], count: attribute[4]! - attribute[3]!)
                cellAttribute(attribute[0], value)
            }
            cellStart = row.bytes.count
        } else if XmlName.is(name, "v") {
            collecting = true
        } else if XmlName.is(name, "t") {
            collecting = inlineString && !phonetic
        } else if XmlName.is(name, "is") {
            inlineString = true
        } else if XmlName.is(name, "rPh") {
            phonetic = true
        } else if XmlName.is(name, "row") {
            var number = 0
            for index in 0..<count {
                let attribute = attributes! + 5 * index
                if XmlName.is(attribute[0], "r") {
                    number = SheetReader.integer(UnsafeBufferPointer(start: attribute[3], count: attribute[4]! - attribute[3]!)) ?? 0
                }
            }
            row.number = number > 0 ? number : lastRow + 1
            lastRow = row.number
            row.bytes.removeAll(keepingCapacity: true)
            row.cells.removeAll(keepingCapacity: true)
            column = -1
        } else if XmlName.is(name, "dimension") {
            for index in 0..<count where XmlName.is(attributes![5 * index], "ref") {
                let attribute = attributes! + 5 * index
                let value = UnsafeBufferPointer(start: attribute[3], count: attribute[4]! - attribute[3]!)
                if let colon = value.firstIndex(of: UInt8(ascii: ":")) {
                    let digits = value[(colon + 1)...].drop { $0 &- UInt8(ascii: "0") >= 10 }
                    declaredLastRow = SheetReader.integer(UnsafeBufferPointer(rebasing: digits))
                }
            }
        }
    }

    /// One attribute of a `<c>` element: its reference, style or type.
    @inline(__always)
    mutating func cellAttribute(_ name: UnsafePointer<xmlChar>?, _ value: UnsafeBufferPointer<UInt8>) {
        if XmlName.is(name, "r") {
            if let index = SheetReader.columnIndex(value) { column = index }
        } else if XmlName.is(name, "s") {
            style = SheetReader.integer(value) ?? 0
        } else if XmlName.is(name, "t"), let first = value.first {
            switch first {
            case UInt8(ascii: "s"): type = value.count == 1 ? .sharedString : .formulaString
            case UInt8(ascii: "i"): type = .inlineString
            case UInt8(ascii: "b"): type = .boolean
            case UInt8(ascii: "e"): type = .error
            case UInt8(ascii: "d"): type = .date
            default: type = .number
            }
        }
    }

    mutating func endElement(_ name: UnsafePointer<xmlChar>?) {
        guard !stopped else { return }
        if XmlName.is(name, "c") {
            do {
                try finishCell()
            } catch {
                stop(error)
            }
        } else if XmlName.is(name, "v") || XmlName.is(name, "t") {
            collecting = false
        } else if XmlName.is(name, "is") {
            inlineString = false
        } else if XmlName.is(name, "rPh") {
            phonetic = false
        } else if XmlName.is(name, "row") {
            do {
                if try handler?(&row) == false { stop() }
            } catch {
                stop(error)
            }
        }
    }

    mutating func characters(_ text: UnsafePointer<xmlChar>?, _ length: Int) {
        guard collecting, !stopped, let text else { return }
        row.bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: length))
    }

    /// Turns the collected text of a cell into its shown text and places it at its column.
    mutating func finishCell() throws(IngestError) {
        let start = cellStart
        guard column < SheetParse.maximumColumns else {
            row.bytes.removeSubrange(start...)
            return
        }
        var isNumber = false
        switch type {
        case .sharedString:
            let index = row.bytes[start...].withUnsafeBufferPointer { SheetReader.integer($0) } ?? -1
            row.bytes.removeSubrange(start...)
            let found: Void? = strings.withString(index) { row.bytes += $0 }
            guard found != nil else {
                throw IngestError(
                    file: file, part: .sheet(sheetName), line: row.number,
                    problem: "cell \(SheetReader.reference(column: column, row: row.number)) refers to shared string \(index), "
                        + "but the workbook has \(strings.count)",
                    hint: "the workbook is damaged: open it in Excel or LibreOffice and save it again, or export the data as CSV."
                )
            }
        case .inlineString, .formulaString:
            OfficeText.unescape(&row.bytes, from: start)
        case .boolean:
            let isTrue = row.bytes.count > start && row.bytes[start] == UInt8(ascii: "1")
            row.bytes.removeSubrange(start...)
            row.bytes += isTrue ? Array("TRUE".utf8) : Array("FALSE".utf8)
        case .error, .date:
            break
        case .number:
            if style < dateStyles.count, dateStyles[style],
               let serial = row.bytes[start...].withUnsafeBufferPointer(SheetRow.number) {
                row.bytes.removeSubrange(start...)
                row.bytes += Array(ExcelDate.text(serial: serial, uses1904Dates: uses1904Dates).utf8)
            } else {
                isNumber = row.bytes.count > start
            }
        }
        let cell = SheetRow.Cell(start: start, end: row.bytes.count, isNumber: isNumber)
        if column == row.cells.count {
            row.cells.append(cell)
        } else if column > row.cells.count {
            let gap = SheetRow.Cell(start: start, end: start, isNumber: false)
            row.cells += repeatElement(gap, count: column - row.cells.count)
            row.cells.append(cell)
        } else {
            row.cells[column] = cell
        }
    }
}
