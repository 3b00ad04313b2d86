import CLibXML2
import Foundation

/// Writes ZIP archives for the tests, entries stored or DEFLATE-compressed with zlib, with
/// ways to break them the way damaged files and zip bombs are broken.
struct ZipBuilder {
    struct Entry {
        var name: String
        var data: [UInt8]
        var compressed = true
        /// The size the directory declares, when it should lie.
        var declaredSize: Int?
        var encrypted = false
    }

    var entries: [Entry] = []

    mutating func add(_ name: String, _ text: String, compressed: Bool = true) {
        entries.append(Entry(name: name, data: Array(text.utf8), compressed: compressed))
    }

    /// The archive's bytes: local headers and data, then the central directory.
    func bytes() -> [UInt8] {
        var output: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let data = entry.compressed ? Self.deflate(entry.data) : entry.data
            let crc = UInt32(entry.data.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) })
            let name = Array(entry.name.utf8)
            let size = UInt32(entry.declaredSize ?? entry.data.count)
            let flags: UInt16 = (entry.encrypted ? 1 : 0) | 0x0800
            let method: UInt16 = entry.compressed ? 8 : 0
            let offset = UInt32(output.count)
            output += Self.u32(0x0403_4B50) + Self.u16(20) + Self.u16(flags) + Self.u16(method) + Self.u16(0) + Self.u16(0x21)
            output += Self.u32(crc) + Self.u32(UInt32(data.count)) + Self.u32(size) + Self.u16(UInt16(name.count)) + Self.u16(0)
            output += name + data
            directory += Self.u32(0x0201_4B50) + Self.u16(20) + Self.u16(20) + Self.u16(flags) + Self.u16(method) + Self.u16(0) + Self.u16(0x21)
            directory += Self.u32(crc) + Self.u32(UInt32(data.count)) + Self.u32(size) + Self.u16(UInt16(name.count))
            directory += Self.u16(0) + Self.u16(0) + Self.u16(0) + Self.u16(0) + Self.u32(0) + Self.u32(offset) + name
        }
        let directoryOffset = UInt32(output.count)
        output += directory
        output += Self.u32(0x0605_4B50) + Self.u16(0) + Self.u16(0) + Self.u16(UInt16(entries.count)) + Self.u16(UInt16(entries.count))
        output += Self.u32(UInt32(directory.count)) + Self.u32(directoryOffset) + Self.u16(0)
        return output
    }

    /// Raw DEFLATE data (no zlib header), as ZIP entries hold it.
    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        precondition(deflateInit2_(&stream, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                   Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))) + 16)
        var input = data
        let written = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                precondition(CLibXML2.deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<written])
    }

    static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func u32(_ value: UInt32) -> [UInt8] { u16(UInt16(value & 0xFFFF)) + u16(UInt16(value >> 16)) }
}

/// Writes XLSX workbooks part by part, as Excel lays them out, with every kind of cell.
struct WorkbookBuilder {
    enum Cell {
        /// A text cell through the shared string table (what Excel writes).
        case text(String)
        /// A shared string given as rich text runs, with a phonetic guide that is not text.
        case richText([String])
        case inline(String)
        /// A number as stored, e.g. `12.5` or `1.2E-3`.
        case number(String)
        /// A number in a date style.
        case date(Double)
        case boolean(Bool)
        /// A formula whose result is text.
        case formulaText(String)
        case empty
    }

    struct Sheet {
        var name: String
        var rows: [[Cell]]
        /// Raw XML for the sheet instead of `rows`, to write broken sheets.
        var rawXML: String?
    }

    var sheets: [Sheet] = []
    var uses1904Dates = false
    /// Raw XML for the shared strings part instead of the strings the sheets use.
    var rawSharedStrings: String?

    mutating func addSheet(_ name: String, _ rows: [[Cell]]) {
        sheets.append(Sheet(name: name, rows: rows))
    }

    /// Text rows: every cell a shared string, numbers as numbers.
    mutating func addSheet(_ name: String, csvLike rows: [[String]]) {
        addSheet(name, rows.map { $0.map { Double($0) != nil ? .number($0) : .text($0) } })
    }

    func zip() -> ZipBuilder {
        var strings: [String] = []
        var zip = ZipBuilder()
        zip.add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>
            """)
        zip.add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        let sheetList = sheets.indices.map { "<sheet name=\"\(Self.escape(sheets[$0].name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        zip.add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="\(uses1904Dates ? 1 : 0)"/><sheets>\(sheetList)</sheets></workbook>
            """)
        let relations = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        zip.add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relations)<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """)
        // Style 1 shows a date with a custom format, style 2 a percentage (not a date).
        zip.add("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs></styleSheet>
            """)
        for (index, sheet) in sheets.enumerated() {
            let xml = sheet.rawXML ?? sheetXML(sheet.rows, strings: &strings)
            zip.add("xl/worksheets/sheet\(index + 1).xml", xml)
        }
        let items = strings.map { "<si>\($0)</si>" }.joined()
        if let rawSharedStrings {
            zip.add("xl/sharedStrings.xml", rawSharedStrings)
            return zip
        }
        zip.add("xl/sharedStrings.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(strings.count)" uniqueCount="\(strings.count)">\(items)</sst>
            """)
        return zip
    }

    func bytes() -> [UInt8] { zip().bytes() }

    private func sheetXML(_ rows: [[Cell]], strings: inout [String]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        for (rowIndex, row) in rows.enumerated() {
            xml += "<row r=\"\(rowIndex + 1)\">"
            for (column, cell) in row.enumerated() {
                let reference = "\(String(UnicodeScalar(UInt8(65 + column))))\(rowIndex + 1)"
                switch cell {
                case .text(let text):
                    strings.append("<t xml:space=\"preserve\">\(Self.escape(text))</t>")
                    xml += "<c r=\"\(reference)\" t=\"s\"><v>\(strings.count - 1)</v></c>"
                case .richText(let runs):
                    strings.append(runs.map { "<r><rPr><b/></rPr><t>\(Self.escape($0))</t></r>" }.joined() + "<rPh sb=\"0\" eb=\"1\"><t>ルビ</t></rPh>")
                    xml += "<c r=\"\(reference)\" t=\"s\"><v>\(strings.count - 1)</v></c>"
                case .inline(let text):
                    xml += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(Self.escape(text))</t></is></c>"
                case .number(let text):
                    xml += "<c r=\"\(reference)\"><v>\(text)</v></c>"
                case .date(let serial):
                    xml += "<c r=\"\(reference)\" s=\"1\"><v>\(serial)</v></c>"
                case .boolean(let value):
                    xml += "<c r=\"\(reference)\" t=\"b\"><v>\(value ? 1 : 0)</v></c>"
                case .formulaText(let text):
                    xml += "<c r=\"\(reference)\" t=\"str\"><f>LOWER(\"\(Self.escape(text))\")</f><v>\(Self.escape(text))</v></c>"
                case .empty:
                    break
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
