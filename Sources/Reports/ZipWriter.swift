import CLibXML2
import Foundation

/// Why a ZIP archive could not be written.
public enum ZipError: Error, CustomStringConvertible, Equatable {
    /// An entry or the archive passed 4 GB, which needs ZIP64 (not written).
    case tooLarge(entry: String)
    case compression(entry: String, code: Int32)
    case misuse(String)

    public var description: String {
        switch self {
        case .tooLarge(let entry):
            "the archive passes 4 GB at \(entry), which needs ZIP64 (not supported): export CSV instead"
        case .compression(let entry, let code):
            "zlib failed with code \(code) while compressing \(entry)"
        case .misuse(let message):
            "ZIP writer misused: \(message)"
        }
    }
}

/// A streaming ZIP writer: entries are DEFLATE-compressed with zlib as their bytes arrive and
/// written straight on, so an entry of any size costs a fixed amount of memory. Each entry's
/// CRC-32 and sizes follow its data in a data descriptor (general purpose bit 3), so the output
/// needs no seeking and can be a pipe. Names are UTF-8 (bit 11). No ZIP64: an entry or archive
/// above 4 GB throws `ZipError.tooLarge` instead of writing a broken file.
public final class ZipWriter {
    private struct Entry {
        var name: [UInt8]
        var offset: UInt64
        var crc: UInt32 = 0
        var compressedSize: UInt64 = 0
        var size: UInt64 = 0
    }

    private let sink: (Data) throws -> Void
    private let level: Int32
    private var position: UInt64 = 0
    private var entries: [Entry] = []
    private var current: Entry?
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private let dosTime: UInt16
    private let dosDate: UInt16
    private static let limit: UInt64 = 0xFFFF_FFFF

    /// A writer that hands every byte of the archive to `sink`, in order.
    /// - Parameter level: the zlib compression level (1 fastest ... 9 smallest).
    public init(level: Int32 = 6, date: Date = Date(), sink: @escaping (Data) throws -> Void) {
        self.sink = sink
        self.level = level
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        dosTime = UInt16(((parts.hour ?? 0) << 11) | ((parts.minute ?? 0) << 5) | ((parts.second ?? 0) / 2))
        dosDate = UInt16(((max(1980, parts.year ?? 1980) - 1980) << 9) | ((parts.month ?? 1) << 5) | (parts.day ?? 1))
    }

    /// A writer appending to an open file (or pipe).
    public convenience init(handle: FileHandle, level: Int32 = 6) {
        self.init(level: level) { try handle.write(contentsOf: $0) }
    }

    deinit {
        if current != nil { deflateEnd(&stream) }
    }

    /// Starts an entry named `name` (a path inside the archive, `/`-separated).
    public func beginEntry(_ name: String) throws {
        guard current == nil else { throw ZipError.misuse("entry \(name) begun before the previous one ended") }
        let entry = Entry(name: Array(name.utf8), offset: position)
        guard deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ZipError.compression(entry: name, code: Z_STREAM_ERROR)
        }
        current = entry
        var header = ByteWriter()
        header.u32(0x0403_4B50)
        header.u16(20)  // version needed: 2.0 (DEFLATE)
        header.u16(flags)
        header.u16(8)  // DEFLATE
        header.u16(dosTime)
        header.u16(dosDate)
        header.u32(0)  // CRC-32, compressed and uncompressed size: in the data descriptor
        header.u32(0)
        header.u32(0)
        header.u16(UInt16(entry.name.count))
        header.u16(0)
        header.bytes.append(contentsOf: entry.name)
        try emit(header.bytes)
    }

    /// Compresses and writes `bytes` into the current entry.
    /// - Complexity: O(bytes)
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var entry = current else { throw ZipError.misuse("write outside an entry") }
        guard !bytes.isEmpty else { return }
        entry.crc = UInt32(crc32(uLong(entry.crc), bytes.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
        entry.size += UInt64(bytes.count)
        current = entry
        guard entry.size <= Self.limit else { throw ZipError.tooLarge(entry: String(decoding: entry.name, as: UTF8.self)) }
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        try pump(flush: Z_NO_FLUSH)
    }

    /// Writes the UTF-8 bytes of `text` into the current entry.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes the current entry: the rest of its compressed data, then its data descriptor.
    public func endEntry() throws {
        guard current != nil else { throw ZipError.misuse("endEntry without an entry") }
        stream.next_in = nil
        stream.avail_in = 0
        try pump(flush: Z_FINISH)
        deflateEnd(&stream)
        guard let entry = current else { return }
        current = nil
        entries.append(entry)
        var descriptor = ByteWriter()
        descriptor.u32(0x0807_4B50)
        descriptor.u32(entry.crc)
        descriptor.u32(UInt32(entry.compressedSize))
        descriptor.u32(UInt32(entry.size))
        try emit(descriptor.bytes)
    }

    /// Writes a whole entry at once.
    public func addEntry(_ name: String, text: String) throws {
        try beginEntry(name)
        try write(text)
        try endEntry()
    }

    /// Writes the central directory and the end record; the archive is complete after this.
    public func finish() throws {
        guard current == nil else { throw ZipError.misuse("finish with an entry still open") }
        let directoryStart = position
        var directory = ByteWriter()
        for entry in entries {
            directory.u32(0x0201_4B50)
            // Made by Unix, version 2.0: readers take the names as they are (with MS-DOS, Info-ZIP's
            // unzip translates them from code page 437 and mangles UTF-8 names).
            directory.u16(0x0314)
            directory.u16(20)
            directory.u16(flags)
            directory.u16(8)
            directory.u16(dosTime)
            directory.u16(dosDate)
            directory.u32(entry.crc)
            directory.u32(UInt32(entry.compressedSize))
            directory.u32(UInt32(entry.size))
            directory.u16(UInt16(entry.name.count))
            directory.u16(0)  // extra field
            directory.u16(0)  // comment
            directory.u16(0)  // disk
            directory.u16(0)  // internal attributes
            directory.u32(0o100644 << 16)  // external attributes: a regular file, rw-r--r--
            directory.u32(UInt32(entry.offset))
            directory.bytes.append(contentsOf: entry.name)
        }
        try emit(directory.bytes)
        guard position <= Self.limit, entries.count < 0xFFFF else { throw ZipError.tooLarge(entry: "the central directory") }
        var end = ByteWriter()
        end.u32(0x0605_4B50)
        end.u16(0)
        end.u16(0)
        end.u16(UInt16(entries.count))
        end.u16(UInt16(entries.count))
        end.u32(UInt32(position - directoryStart))
        end.u32(UInt32(directoryStart))
        end.u16(0)
        try emit(end.bytes)
    }

    /// Data descriptor after the data; names in UTF-8.
    private var flags: UInt16 { (1 << 3) | (1 << 11) }

    /// Runs deflate over the pending input, writing whatever output it makes.
    private func pump(flush: Int32) throws {
        while true {
            let (result, produced): (Int32, Int) = output.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                let result = deflate(&stream, flush)
                return (result, buffer.count - Int(stream.avail_out))
            }
            if produced > 0 {
                current?.compressedSize += UInt64(produced)
                try emit(output[0..<produced])
            }
            if result == Z_STREAM_END { return }
            guard result == Z_OK || result == Z_BUF_ERROR else {
                throw ZipError.compression(entry: current.map { String(decoding: $0.name, as: UTF8.self) } ?? "?", code: result)
            }
            // Without Z_FINISH, deflate is done when it has taken all input and left room in the output.
            if flush != Z_FINISH && stream.avail_in == 0 && stream.avail_out > 0 { return }
        }
    }

    private func emit<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws {
        position += UInt64(bytes.count)
        if position > Self.limit {
            throw ZipError.tooLarge(entry: current.map { String(decoding: $0.name, as: UTF8.self) } ?? "the central directory")
        }
        try sink(Data(bytes))
    }
}

/// Little-endian fields of ZIP headers.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    mutating func u32(_ value: UInt32) {
        u16(UInt16(value & 0xFFFF))
        u16(UInt16(value >> 16))
    }
}
