/// A workbook's shared string table (`xl/sharedStrings.xml`): the text of every string cell,
/// which cells refer to by index. Held whole (cells anywhere in a sheet may use any of them)
/// in one byte buffer with end offsets, about the size of the text itself.
struct SharedStrings: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }

    /// The empty table, for workbooks without strings.
    init() {}

    /// Reads the table from its XML: each `<si>` is one string, the text of its `<t>` elements
    /// (rich text has several runs) without phonetic guides (`<rPh>`).
    ///
    /// - Complexity: O(*n*) in the size of the part.
    /// - Parameter partSize: the size of the part's XML: its text is smaller, so the buffer is
    ///   reserved once (pages never written are never touched).
    init(_ xml: XmlStreamReader, partSize: Int) throws(IngestError) {
        bytes.reserveCapacity(partSize)
        var inText = false
        var phonetic = false
        while try xml.next() {
            let type = xml.nodeType
            if type == XmlStreamReader.elementStart {
                let name = xml.localName
                if XmlName.is(name, "t") { inText = !phonetic && !xml.isEmptyElement }
                else if XmlName.is(name, "rPh") { phonetic = !xml.isEmptyElement }
                else if XmlName.is(name, "si") && xml.isEmptyElement { ends.append(bytes.count) }
            } else if type == XmlStreamReader.elementEnd {
                let name = xml.localName
                if XmlName.is(name, "t") { inText = false }
                else if XmlName.is(name, "rPh") { phonetic = false }
                else if XmlName.is(name, "si") {
                    let start = ends.last ?? 0
                    OfficeText.unescape(&bytes, from: start)
                    ends.append(bytes.count)
                }
            } else if inText && xml.isText {
                bytes += XmlStreamReader.bytes(xml.value)
            }
        }
    }

    /// Calls `body` with the bytes of string `index`, or returns `nil` when there is none.
    func withString<R>(_ index: Int, _ body: (ArraySlice<UInt8>) -> R) -> R? {
        guard index >= 0, index < ends.count else { return nil }
        return body(bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]])
    }
}

/// Element and attribute names compared by their bytes, without making strings.
enum XmlName {
    /// Whether the NUL-terminated `name` equals `expected` (ASCII, a few letters).
    @inline(__always)
    static func `is`(_ name: UnsafePointer<UInt8>?, _ expected: StaticString) -> Bool {
        guard let name else { return false }
        let count = expected.utf8CodeUnitCount
        let letters = expected.utf8Start
        for index in 0..<count where name[index] != letters[index] { return false }
        return name[count] == 0
    }
}

/// Office's escapes in cell text: `_xHHHH_` stands for the UTF-16 unit HHHH (Excel writes
/// control characters such as a line break in a cell so; `_x005F_` is a literal underscore).
enum OfficeText {
    /// Replaces the escapes in `bytes[start...]`, in place.
    ///
    /// - Complexity: O(*m*) in the length of the text.
    static func unescape(_ bytes: inout [UInt8], from start: Int) {
        guard bytes.count - start >= 7, hasEscape(bytes, from: start) else { return }
        var output: [UInt8] = []
        var units: [UInt16] = []
        var index = start
        func flushUnits() {
            guard !units.isEmpty else { return }
            output += Array(String(decoding: units, as: UTF16.self).utf8)
            units.removeAll()
        }
        while index < bytes.count {
            if let unit = escapedUnit(bytes, at: index) {
                units.append(unit)
                index += 7
            } else {
                flushUnits()
                output.append(bytes[index])
                index += 1
            }
        }
        flushUnits()
        bytes.replaceSubrange(start..., with: output)
    }

    private static func hasEscape(_ bytes: [UInt8], from start: Int) -> Bool {
        var index = start
        while index + 7 <= bytes.count {
            if bytes[index] == UInt8(ascii: "_"), bytes[index + 1] == UInt8(ascii: "x"), escapedUnit(bytes, at: index) != nil { return true }
            index += 1
        }
        return false
    }

    /// The unit of an `_xHHHH_` escape at `index`, if there is one.
    private static func escapedUnit(_ bytes: [UInt8], at index: Int) -> UInt16? {
        guard index + 7 <= bytes.count, bytes[index] == UInt8(ascii: "_"), bytes[index + 1] == UInt8(ascii: "x"),
              bytes[index + 6] == UInt8(ascii: "_") else { return nil }
        var value: UInt16 = 0
        for offset in 2..<6 {
            let byte = bytes[index + offset]
            let digit: UInt16
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt16(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt16(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt16(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
