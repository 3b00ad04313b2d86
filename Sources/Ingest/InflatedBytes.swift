/// A source of a ZIP entry's inflated bytes, read in order.
protocol InflatedBytes {
    /// Fills the start of `buffer`; returns how many bytes it wrote, 0 at the end.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(IngestError) -> Int
}

extension ZipEntryReader: InflatedBytes {}
extension PrefetchingEntryReader: InflatedBytes {}

extension InflatedBytes {
    /// libxml2's read callback over these bytes: the next ones into `buffer`, 0 at the end, -1
    /// on an error (the first one kept in `failure` for the caller to throw).
    func fillForLibXML(_ buffer: UnsafeMutablePointer<CChar>?, _ length: Int, failure: inout IngestError?) -> Int32 {
        guard let buffer, length > 0 else { return 0 }
        do {
            let bytes = UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
            return Int32(try read(into: UnsafeMutableBufferPointer(start: bytes, count: length)))
        } catch {
            if failure == nil { failure = error }
            return -1
        }
    }
}
