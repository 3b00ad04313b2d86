import CLibXML2

/// Reads one entry of a ``ZipArchive``, inflating it with zlib as the bytes are asked for, so
/// an entry of any size streams through a buffer of the caller's choosing.
///
/// Never yields more than the central directory declared: data that would inflate past that
/// is refused (a zip bomb lying about its size), and data that ends short of it, or whose
/// CRC-32 differs, is reported as damaged when the end is reached.
final class ZipEntryReader {
    let archive: ZipArchive
    let entry: ZipArchive.Entry
    private var input: Int
    private let inputEnd: Int
    private var produced = 0
    private var crc: UInt32 = 0
    private let stream: UnsafeMutablePointer<z_stream>?
    private var ended = false

    init(archive: ZipArchive, entry: ZipArchive.Entry, dataStart: Int) {
        self.archive = archive
        self.entry = entry
        input = dataStart
        inputEnd = dataStart + entry.compressedSize
        if entry.method == 8 {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // Negative window bits: raw DEFLATE data, no zlib header.
            if inflateInit2_(stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK {
                self.stream = stream
            } else {
                stream.deallocate()
                self.stream = nil
            }
        } else {
            stream = nil
        }
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deallocate()
        }
    }

    /// Fills the start of `buffer` with the next inflated bytes.
    ///
    /// - Returns: how many bytes were written; 0 only at the verified end of the entry.
    /// - Throws: ``IngestError`` for damaged data, a CRC mismatch, a size other than declared.
    /// - Complexity: O(*n*) in the bytes produced.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(IngestError) -> Int {
        guard !ended else { return 0 }
        if produced == entry.size {
            try finishEntry()
            return 0
        }
        let wanted = min(buffer.count, entry.size - produced)
        guard wanted > 0 else { return 0 }
        let count: Int
        if entry.method == 0 {
            count = min(wanted, inputEnd - input)
            guard count > 0 else { throw damaged("it ends after \(produced) of its \(entry.size) bytes") }
            archive.bytes.withUnsafeBufferPointer { source in
                buffer.baseAddress!.update(from: source.baseAddress! + input, count: count)
            }
            input += count
        } else {
            count = try inflate(into: buffer.baseAddress!, count: wanted)
        }
        crc = UInt32(crc32(UInt(crc), buffer.baseAddress, UInt32(count)))
        produced += count
        return count
    }

    /// Inflates up to `count` bytes into `output`, at least one unless the data ends.
    private func inflate(into output: UnsafeMutablePointer<UInt8>, count: Int) throws(IngestError) -> Int {
        guard let stream else { throw damaged("zlib could not start inflating it") }
        return try archive.bytes.withUnsafeBufferPointer { (source) throws(IngestError) -> Int in
            var written = 0
            while written == 0 {
                let available = min(inputEnd - input, Int(UInt32.max))
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + input)
                stream.pointee.avail_in = UInt32(available)
                stream.pointee.next_out = output
                stream.pointee.avail_out = UInt32(count)
                let status = CLibXML2.inflate(stream, Z_NO_FLUSH)
                input += available - Int(stream.pointee.avail_in)
                written = count - Int(stream.pointee.avail_out)
                if status == Z_STREAM_END, produced + written < entry.size {
                    throw damaged("its data ends after \(produced + written) of its \(entry.size) bytes")
                }
                if status != Z_OK && status != Z_STREAM_END && !(status == Z_BUF_ERROR && written > 0) {
                    throw damaged("zlib could not inflate it (error \(status)\(stream.pointee.msg.map { ": " + String(cString: $0) } ?? ""))")
                }
                if written == 0 && available == 0 { throw damaged("its compressed data ends too early") }
            }
            return written
        }
    }

    /// At the declared size: the DEFLATE data must end there, and the CRC-32 must match.
    private func finishEntry() throws(IngestError) {
        if let stream {
            var probe: UInt8 = 0
            let status = archive.bytes.withUnsafeBufferPointer { source in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + input)
                stream.pointee.avail_in = UInt32(min(inputEnd - input, Int(UInt32.max)))
                return withUnsafeMutablePointer(to: &probe) { probe in
                    stream.pointee.next_out = probe
                    stream.pointee.avail_out = 1
                    return CLibXML2.inflate(stream, Z_NO_FLUSH)
                }
            }
            if stream.pointee.avail_out == 0 {
                throw IngestError(
                    file: archive.file,
                    problem: "\(entry.name) inflates past the \(ZipArchive.byteCount(entry.size)) its ZIP directory declares: "
                        + "this looks like a zip bomb or a damaged file",
                    hint: "if the file is genuine, export it again or save the data as CSV and import that."
                )
            }
            guard status == Z_STREAM_END else { throw damaged("its compressed data does not end where it should") }
        }
        guard crc == entry.crc else {
            throw damaged("its CRC-32 is \(String(crc, radix: 16)) where the directory says \(String(entry.crc, radix: 16))")
        }
        ended = true
    }

    private func damaged(_ what: String) -> IngestError {
        ZipArchive.damaged(archive.file, "\(entry.name): \(what)")
    }
}
