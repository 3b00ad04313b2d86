/// A ZIP archive held in memory (an XLSX workbook, Search Console's ZIP of CSVs), read through
/// its central directory: the table at the end that lists every entry with its sizes, CRC-32
/// and where its data starts. ZIP64 sizes and offsets are read; entries are stored or
/// DEFLATE-compressed (see ``ZipEntryReader``).
///
/// An entry whose declared size or compression ratio passes ``Limits`` is refused before a
/// byte of it is inflated, and inflating never runs past the declared size, so a zip bomb
/// (a small archive that inflates to gigabytes) costs neither time nor memory.
struct ZipArchive: Sendable {
    struct Entry: Sendable {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int

        var isDirectory: Bool { name.hasSuffix("/") }
        var isEncrypted: Bool { flags & 1 != 0 }
    }

    /// How far an entry may inflate.
    struct Limits: Sendable {
        /// The most bytes one entry may inflate to.
        var maximumSize: Int
        /// The most bytes one entry may inflate to per compressed byte (entries that inflate to
        /// less than `ratioFloor` bytes are exempt: tiny parts compress extremely well).
        var maximumRatio: Int
        var ratioFloor: Int

        /// Generous for real workbooks: a 1,000,000-row sheet of a keyword tool's export is a
        /// few hundred megabytes of XML at ratios around 10-30:1. DEFLATE reaches about 1000:1
        /// on repeated bytes, which is what zip bombs are made of.
        static let standard = Limits(maximumSize: 4 << 30, maximumRatio: 200, ratioFloor: 1 << 20)
    }

    let bytes: [UInt8]
    /// The path as given, for error messages.
    let file: String
    let entries: [Entry]
    let limits: Limits

    /// Reads the central directory of `bytes`.
    ///
    /// - Throws: ``IngestError`` for a damaged archive (no end record, a directory outside the
    ///   file, a truncated entry record).
    /// - Complexity: O(*e*) in the number of entries, plus O(64 KB) to find the end record.
    init(bytes: [UInt8], file: String, limits: Limits = .standard) throws(IngestError) {
        self.bytes = bytes
        self.file = file
        self.limits = limits
        let damaged = { (what: String) in Self.damaged(file, what) }
        guard let end = Self.endRecordOffset(bytes) else {
            throw damaged("no end of central directory record: the file is cut short or not a ZIP archive")
        }
        var count = Int(Self.u16(bytes, end + 10))
        var directorySize = Int(Self.u32(bytes, end + 12))
        var directoryOffset = Int(Self.u32(bytes, end + 16))
        if directoryOffset == 0xFFFF_FFFF || count == 0xFFFF || directorySize == 0xFFFF_FFFF {
            // ZIP64: a locator just before the end record points at the ZIP64 end record.
            let locator = end - 20
            guard locator >= 0, Self.u32(bytes, locator) == 0x0706_4B50 else { throw damaged("a ZIP64 archive without its ZIP64 locator") }
            let record = Int(clamping: Self.u64(bytes, locator + 8))
            guard record >= 0, record + 56 <= bytes.count, Self.u32(bytes, record) == 0x0606_4B50 else {
                throw damaged("the ZIP64 end record lies outside the file")
            }
            count = Int(clamping: Self.u64(bytes, record + 32))
            directorySize = Int(clamping: Self.u64(bytes, record + 40))
            directoryOffset = Int(clamping: Self.u64(bytes, record + 48))
        }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset else {
            throw damaged("the central directory lies outside the file (the file is cut short)")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(min(count, directorySize / 46))
        var offset = directoryOffset
        for _ in 0..<count {
            guard offset + 46 <= bytes.count, Self.u32(bytes, offset) == 0x0201_4B50 else {
                throw damaged("entry \(entries.count + 1) of the central directory is not where the directory says")
            }
            let nameLength = Int(Self.u16(bytes, offset + 28))
            let extraLength = Int(Self.u16(bytes, offset + 30))
            let commentLength = Int(Self.u16(bytes, offset + 32))
            let next = offset + 46 + nameLength + extraLength + commentLength
            guard next <= bytes.count else { throw damaged("the central directory is cut short") }
            var entry = Entry(
                name: String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                flags: Self.u16(bytes, offset + 8), method: Self.u16(bytes, offset + 10), crc: Self.u32(bytes, offset + 16),
                compressedSize: Int(Self.u32(bytes, offset + 20)), size: Int(Self.u32(bytes, offset + 24)),
                localHeaderOffset: Int(Self.u32(bytes, offset + 42))
            )
            Self.applyZip64(&entry, extra: bytes[(offset + 46 + nameLength)..<(offset + 46 + nameLength + extraLength)])
            entries.append(entry)
            offset = next
        }
        self.entries = entries
    }

    /// Whether `bytes` start like a ZIP archive (a local file header, or the end record of an
    /// empty archive).
    static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// The entry named `name` (exact match), if any.
    func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    /// A reader that inflates `entry` as it is read.
    ///
    /// - Throws: ``IngestError`` for an encrypted entry, an unknown compression method, an
    ///   entry past the limits (a zip bomb), or a local header that does not match.
    /// - Complexity: O(1).
    func reader(for entry: Entry) throws(IngestError) -> ZipEntryReader {
        if entry.isEncrypted {
            throw IngestError(file: file, problem: "\(entry.name) in the ZIP archive is password-protected",
                              hint: "open it with its password, save an unprotected copy and import that.")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw IngestError(file: file, problem: "\(entry.name) in the ZIP archive uses compression method \(entry.method), which kwcluster cannot read (only stored and DEFLATE)",
                              hint: "re-save the file with a standard ZIP tool, or export the data as CSV.")
        }
        try checkLimits(entry)
        let local = entry.localHeaderOffset
        guard local >= 0, local + 30 <= bytes.count, Self.u32(bytes, local) == 0x0403_4B50 else {
            throw Self.damaged(file, "the data of \(entry.name) is not where the central directory says")
        }
        let start = local + 30 + Int(Self.u16(bytes, local + 26)) + Int(Self.u16(bytes, local + 28))
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw Self.damaged(file, "\(entry.name) is cut short (the file ends inside it)")
        }
        return ZipEntryReader(archive: self, entry: entry, dataStart: start)
    }

    /// The whole inflated content of `entry` (for the small parts of a workbook, and CSVs).
    ///
    /// - Complexity: O(*n*) in the inflated size.
    func contents(of entry: Entry) throws(IngestError) -> [UInt8] {
        let reader = try reader(for: entry)
        var output = [UInt8](repeating: 0, count: entry.size)
        var filled = 0
        // The last read, with nothing left to fill, checks the end (CRC-32, no more data).
        while true {
            let read = try output.withUnsafeMutableBufferPointer { (buffer) throws(IngestError) -> Int in
                try reader.read(into: UnsafeMutableBufferPointer(rebasing: buffer[filled...]))
            }
            guard read > 0 else { return output }
            filled += read
        }
    }

    /// Refuses an entry whose declared size or ratio passes the limits.
    private func checkLimits(_ entry: Entry) throws(IngestError) {
        let ratio = entry.size / max(entry.compressedSize, 1)
        let tooLarge = entry.size > limits.maximumSize
        let tooDense = entry.size > limits.ratioFloor && ratio > limits.maximumRatio
        guard tooLarge || tooDense else { return }
        throw IngestError(
            file: file,
            problem: "\(entry.name) would inflate from \(Self.byteCount(entry.compressedSize)) to \(Self.byteCount(entry.size)) "
                + "(\(ratio):1), past what kwcluster reads (\(Self.byteCount(limits.maximumSize)), \(limits.maximumRatio):1): "
                + "this looks like a zip bomb",
            hint: "if the file is genuine, save the data as CSV and import that."
        )
    }

    static func damaged(_ file: String, _ what: String) -> IngestError {
        IngestError(file: file, problem: "the ZIP archive is damaged (\(what))",
                    hint: "download or export the file again; if it came by e-mail or a chat, ask for it once more.")
    }

    static func byteCount(_ count: Int) -> String {
        if count >= 1 << 30 { return "\((Double(count) / Double(1 << 30) * 10).rounded() / 10) GB" }
        if count >= 1 << 20 { return "\((Double(count) / Double(1 << 20) * 10).rounded() / 10) MB" }
        if count >= 1 << 10 { return "\(count >> 10) KB" }
        return "\(count) bytes"
    }

    /// The offset of the end of central directory record: the last signature within the
    /// final 64 KB + 22 bytes (the record ends with a comment of up to 65,535 bytes).
    ///
    /// - Complexity: O(64 KB).
    private static func endRecordOffset(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var offset = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while offset >= lowest {
            if bytes[offset] == 0x50, u32(bytes, offset) == 0x0605_4B50,
               offset + 22 + Int(u16(bytes, offset + 20)) == bytes.count {
                return offset
            }
            offset -= 1
        }
        return nil
    }

    /// Replaces 0xFFFFFFFF sizes and offset with those of the ZIP64 extra field (id 1), which
    /// holds, in order, only the fields that overflowed.
    private static func applyZip64(_ entry: inout Entry, extra: ArraySlice<UInt8>) {
        guard entry.size == 0xFFFF_FFFF || entry.compressedSize == 0xFFFF_FFFF || entry.localHeaderOffset == 0xFFFF_FFFF else { return }
        let extra = Array(extra)
        var offset = 0
        while offset + 4 <= extra.count {
            let id = u16(extra, offset)
            let length = Int(u16(extra, offset + 2))
            guard id == 1 else {
                offset += 4 + length
                continue
            }
            var field = offset + 4
            let end = min(extra.count, field + length)
            func next() -> Int? {
                guard field + 8 <= end else { return nil }
                defer { field += 8 }
                return Int(clamping: u64(extra, field))
            }
            if entry.size == 0xFFFF_FFFF, let value = next() { entry.size = value }
            if entry.compressedSize == 0xFFFF_FFFF, let value = next() { entry.compressedSize = value }
            if entry.localHeaderOffset == 0xFFFF_FFFF, let value = next() { entry.localHeaderOffset = value }
            return
        }
    }

    static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
        return UInt32(u16(bytes, offset)) | UInt32(u16(bytes, offset + 2)) << 16
    }

    static func u64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        guard offset >= 0, offset + 8 <= bytes.count else { return 0 }
        return UInt64(u32(bytes, offset)) | UInt64(u32(bytes, offset + 4)) << 32
    }
}
