import CLibXML2
import Foundation

/// libxml2's streaming reader (`xmlTextReader`) over a ZIP entry, for a workbook's parts other
/// than its sheets (relationships, workbook, styles, shared strings): it pulls inflated bytes as
/// it parses, so memory stays at a few buffers whatever the size of the part. No network, no DTD
/// loading, no entity substitution; libxml2's own limits stop entity expansion bombs. Names are
/// compared by their bytes (``XmlName``).
final class XmlStreamReader {
    private let source: ZipEntryReader
    private var reader: xmlTextReaderPtr?
    /// The first error: from zlib through the read callback, or libxml2's message.
    private var failure: IngestError?
    private var xmlMessage: String?

    static let elementStart: Int32 = 1
    static let text: Int32 = 3
    static let cdata: Int32 = 4
    static let whitespace: Int32 = 13
    static let significantWhitespace: Int32 = 14
    static let elementEnd: Int32 = 15

    init(_ source: ZipEntryReader) throws(IngestError) {
        self.source = source
        let context = Unmanaged.passUnretained(self).toOpaque()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        reader = xmlReaderForIO({ context, buffer, length in
            let this = Unmanaged<XmlStreamReader>.fromOpaque(context!).takeUnretainedValue()
            return this.fill(buffer, Int(length))
        }, nil, context, source.entry.name, nil, options)
        guard let reader else {
            throw ZipArchive.damaged(source.archive.file, "libxml2 could not start reading \(source.entry.name)")
        }
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let this = Unmanaged<XmlStreamReader>.fromOpaque(context).takeUnretainedValue()
            if this.xmlMessage == nil, let message = error.pointee.message {
                this.xmlMessage = "line \(error.pointee.line): " + String(cString: message).trimmingWhitespace()
            }
        }, context)
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
    }

    /// libxml2's read callback: the next inflated bytes, 0 at the end, -1 on an error.
    private func fill(_ buffer: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int32 {
        source.fillForLibXML(buffer, length, failure: &failure)
    }

    /// Moves to the next node.
    ///
    /// - Returns: `false` at the end of the document.
    /// - Throws: ``IngestError`` for damaged compressed data or malformed XML.
    func next() throws(IngestError) -> Bool {
        let status = xmlTextReaderRead(reader)
        if status == 1 { return true }
        if let failure { throw failure }
        if status == 0 { return false }
        throw IngestError(
            file: source.archive.file,
            problem: "\(source.entry.name) is not well-formed XML (\(xmlMessage ?? "libxml2 gave no reason"))",
            hint: "open the workbook in Excel or LibreOffice and save it again, or export the data as CSV."
        )
    }

    var nodeType: Int32 { xmlTextReaderNodeType(reader) }
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    /// The local name of the current node.
    var localName: UnsafePointer<xmlChar>? { xmlTextReaderConstLocalName(reader) }
    /// The current text node's or attribute's value, valid until the reader moves on.
    var value: UnsafePointer<xmlChar>? { xmlTextReaderConstValue(reader) }

    /// Calls `body` with each attribute's local name and value bytes, then returns
    /// to the element.
    func forEachAttribute(_ body: (UnsafePointer<xmlChar>?, UnsafeBufferPointer<UInt8>) -> Void) {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            body(xmlTextReaderConstLocalName(reader), Self.bytes(xmlTextReaderConstValue(reader)))
        }
        xmlTextReaderMoveToElement(reader)
    }

    /// The bytes of a NUL-terminated libxml2 string (empty for `nil`).
    static func bytes(_ text: UnsafePointer<xmlChar>?) -> UnsafeBufferPointer<UInt8> {
        guard let text else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: strlen(UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self)))
    }

    /// Whether the current node is text content (text, CDATA or whitespace).
    var isText: Bool {
        let type = nodeType
        return type == Self.text || type == Self.cdata || type == Self.whitespace || type == Self.significantWhitespace
    }
}
