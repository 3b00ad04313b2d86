// libFuzzer target: format detection and parsing of keyword files, workbooks and ZIP archives
// (module Ingest).
// Built by scripts/fuzz.sh together with Sources/Ingest/*.swift, so internal API is reachable.
// Any input must give keywords or an IngestError: never a crash, a hang or a sanitizer report.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIngest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The first byte picks a --column, so the named-column paths are fuzzed too.
    let column: String? = bytes.first.map { $0 % 4 == 0 ? "keyword" : $0 % 4 == 1 ? "Query" : nil } ?? nil
    do {
        var merger = KeywordMerger()
        if ZipArchive.hasSignature(bytes) {
            // A workbook or a ZIP of CSVs: the ZIP reader, zlib, libxml2's parsers, the sheet reader.
            let archive = try ZipArchive(bytes: bytes, file: "fuzz.xlsx")
            _ = try KeywordImporter.importArchive(archive, part: nil, column: column, into: &merger) { _ in }
            return 0
        }
        if bytes.starts(with: CompoundFile.signature) { _ = CompoundFile.error(bytes, file: "fuzz.xls"); return 0 }
        if let signature = FileSignature.identify(bytes) { _ = signature.error(file: "fuzz.csv"); return 0 }
        let text = try TextDecoding.decode(bytes, file: "fuzz.csv")
        _ = try KeywordImporter.importText(text.bytes, path: "fuzz.csv", column: column, into: &merger)
    } catch {
        _ = error.description
    }
    return 0
}
