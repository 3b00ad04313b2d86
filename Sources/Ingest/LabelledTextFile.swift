/// Reads a labelled text set (`text,label` CSV, as in evaluation data) for the quality
/// harness, with the importer's decoding and RFC 4180 parsing.
public enum LabelledTextFile {
    /// The rows of `path`: each row's text and label, in file order, header excluded.
    /// - Complexity: O(bytes of the file)
    public static func read(_ path: String) throws(IngestError) -> [(text: String, label: String)] {
        let text = try TextDecoding.decode(try KeywordImporter.readFile(path), file: path)
        return try text.bytes.withUnsafeBufferPointer { buffer throws(IngestError) in
            var parser = DelimitedParser(bytes: buffer, delimiter: 0x2C, file: path)
            var fields: [FieldSpan] = []
            guard try parser.nextRow(into: &fields) != nil else {
                throw IngestError(file: path, problem: "the file is empty", hint: "pass a CSV with a text,label header")
            }
            let header = fields.map { parser.string($0).lowercased() }
            guard let textColumn = header.firstIndex(of: "text"), let labelColumn = header.firstIndex(of: "label") else {
                throw IngestError(file: path, line: 1, problem: "no text and label columns in the header",
                                  hint: "the header must name a `text` and a `label` column")
            }
            var rows: [(text: String, label: String)] = []
            while let line = try parser.nextRow(into: &fields) {
                guard fields.count > max(textColumn, labelColumn) else {
                    if fields.count <= 1 && fields.allSatisfy(\.isEmpty) { continue }
                    throw IngestError(file: path, line: line, problem: "the row has \(fields.count) fields",
                                      hint: "every row needs its text and label")
                }
                rows.append((parser.string(fields[textColumn]), parser.string(fields[labelColumn])))
            }
            return rows
        }
    }
}
