extension LexicalVectorizer {
    /// Why stored bytes could not be read back as a vectorizer.
    public enum SerializationError: Error, Equatable, Sendable {
        /// The bytes do not start with `KWLX`.
        case notAVectorizer
        /// The format version is newer than this code reads.
        case unsupportedVersion(UInt8)
        /// The bytes end early.
        case truncated
        /// A field holds an impossible value.
        case invalid(String)
    }

    /// The format version written by `serialized()`.
    static let formatVersion: UInt8 = 1
    private static let magic: [UInt8] = Array("KWLX".utf8)

    /// The vectorizer as compact, exact bytes: the configuration, the document count, and the
    /// document frequency of every non-empty bucket (gaps between buckets and frequencies as
    /// LEB128 varints, little-endian floats). About 2-4 bytes per used bucket.
    ///
    /// Layout: `KWLX`, version (1 byte), hashBits (1), flags (1: stemming, bigrams), bigram
    /// weight (4), stop-word weight (4), n-gram minimum (1), maximum (1), n-gram weight (4), document count (varint),
    /// used-bucket count (varint), then per used bucket: gap from the previous bucket + 1
    /// (varint) and frequency (varint).
    /// - Complexity: O(2^hashBits)
    public func serialized() -> [UInt8] {
        var bytes = Self.magic
        bytes.append(Self.formatVersion)
        bytes.append(UInt8(configuration.hashBits))
        bytes.append((configuration.stemming ? 1 : 0) | (configuration.useBigrams ? 2 : 0))
        appendFloat(configuration.bigramWeight, to: &bytes)
        appendFloat(configuration.stopWordWeight, to: &bytes)
        bytes.append(UInt8(configuration.characterNGramMinimum))
        bytes.append(UInt8(configuration.characterNGramMaximum))
        appendFloat(configuration.characterNGramWeight, to: &bytes)
        appendVarint(UInt64(documentCount), to: &bytes)
        appendVarint(UInt64(usedBucketCount), to: &bytes)
        var previous = -1
        for (bucket, frequency) in documentFrequencies.enumerated() where frequency > 0 {
            appendVarint(UInt64(bucket - previous), to: &bytes)
            appendVarint(UInt64(frequency), to: &bytes)
            previous = bucket
        }
        return bytes
    }

    /// Reads back bytes written by `serialized()`.
    /// - Throws: `SerializationError` when the bytes are not a whole, valid vectorizer.
    /// - Complexity: O(bytes.count + 2^hashBits)
    public init(serialized bytes: [UInt8]) throws {
        var reader = ByteReader(bytes: bytes)
        guard try reader.bytes(4) == Self.magic else { throw SerializationError.notAVectorizer }
        let version = try reader.byte()
        guard version == Self.formatVersion else { throw SerializationError.unsupportedVersion(version) }
        let hashBits = Int(try reader.byte())
        let flags = try reader.byte()
        let bigramWeight = try reader.float()
        let stopWordWeight = try reader.float()
        let minimum = Int(try reader.byte())
        let maximum = Int(try reader.byte())
        let nGramWeight = try reader.float()
        guard (8...30).contains(hashBits), flags & ~3 == 0, bigramWeight >= 0, stopWordWeight >= 0,
              maximum == 0 || (1...maximum).contains(minimum), (0...1).contains(nGramWeight) else {
            throw SerializationError.invalid("configuration")
        }
        let configuration = LexicalConfiguration(
            hashBits: hashBits, stemming: flags & 1 != 0, useBigrams: flags & 2 != 0, bigramWeight: bigramWeight,
            stopWordWeight: stopWordWeight, characterNGramMinimum: minimum,
            characterNGramMaximum: maximum, characterNGramWeight: nGramWeight)
        let documentCount = try reader.varint()
        let usedCount = try reader.varint()
        guard documentCount <= UInt64(UInt32.max), usedCount <= UInt64(configuration.dimension) else {
            throw SerializationError.invalid("counts")
        }
        var frequencies = [UInt32](repeating: 0, count: configuration.dimension)
        var bucket = -1
        for _ in 0..<Int(usedCount) {
            let gap = try reader.varint()
            let frequency = try reader.varint()
            guard gap >= 1, gap <= UInt64(configuration.dimension), frequency >= 1, frequency <= documentCount else {
                throw SerializationError.invalid("bucket")
            }
            bucket += Int(gap)
            guard bucket < configuration.dimension else { throw SerializationError.invalid("bucket") }
            frequencies[bucket] = UInt32(frequency)
        }
        guard reader.isAtEnd else { throw SerializationError.invalid("trailing bytes") }
        self.init(configuration: configuration, documentCount: Int(documentCount), documentFrequencies: frequencies)
    }
}

private func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
        bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
        value >>= 7
    }
    bytes.append(UInt8(value))
}

private func appendFloat(_ value: Float, to bytes: inout [UInt8]) {
    let bits = value.bitPattern
    for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
}

/// Reads the fields of a serialized vectorizer, failing with `.truncated` at the end.
private struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw LexicalVectorizer.SerializationError.truncated }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard position + count <= bytes.count else { throw LexicalVectorizer.SerializationError.truncated }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func float() throws -> Float {
        var bits: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { bits |= UInt32(try byte()) << UInt32(shift) }
        return Float(bitPattern: bits)
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try byte()
            guard shift < 64 else { throw LexicalVectorizer.SerializationError.invalid("varint") }
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }
}
