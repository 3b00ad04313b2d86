// libFuzzer target: format detection and parsing of keyword files (module Ingest).
// Built by scripts/fuzz.sh together with Sources/Ingest/*.swift, so internal API is reachable.
// Any input must give keywords or an IngestError: never a crash, a hang or a sanitizer report.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIngest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The first byte picks a --column, so the named-column paths are fuzzed too.
    let column: String? = bytes.first.map { $0 % 4 == 0 ? "keyword" : $0 % 4 == 1 ? "Query" : nil } ?? nil
    do {
        if let signature = FileSignature.identify(bytes) { _ = signature.error(file: "fuzz.csv"); return 0 }
        let text = try TextDecoding.decode(bytes, file: "fuzz.csv")
        var merger = KeywordMerger()
        _ = try KeywordImporter.importText(text.bytes, path: "fuzz.csv", column: column, into: &merger)
    } catch {
        _ = error.description
    }
    return 0
}
