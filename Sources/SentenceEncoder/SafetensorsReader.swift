import Foundation

/// Reads tensors from a `.safetensors` file: an 8-byte little-endian header length, a JSON
/// header `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`, then the
/// raw little-endian tensor bytes (offsets relative to the end of the header).
///
/// The file is memory-mapped; ``floats(_:)`` converts F32, F16 and BF16 tensors to `[Float]`.
public struct SafetensorsReader: @unchecked Sendable {
    /// One tensor's entry in the header.
    public struct TensorInfo: Sendable, Equatable {
        /// The safetensors type name: `F32`, `F16`, `BF16`, `I64`, ...
        public var dataType: String
        public var shape: [Int]
        /// Byte range inside the file (already shifted past the header).
        public var byteRange: Range<Int>

        /// The number of elements, the product of the shape.
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// The file this reader was opened on, for error messages.
    public let url: URL
    /// Every tensor of the file by name.
    public let tensors: [String: TensorInfo]
    /// The mapped file; immutable, which is why the reader is `Sendable`.
    private let data: Data

    /// Opens and validates the header of a safetensors file.
    ///
    /// - Throws: ``SentenceEncoderError/missingFile(_:)`` when there is no such file,
    ///   ``SentenceEncoderError/invalidFile(_:reason:)`` when the header is malformed or a
    ///   tensor lies outside the file.
    /// - Complexity: O(header size); tensor bytes are only mapped, not read.
    public init(url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SentenceEncoderError.missingFile(url)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw SentenceEncoderError.invalidFile(url, reason: "cannot read (\(error))")
        }
        self.url = url
        self.data = data
        self.tensors = try Self.parseHeader(data, url: url)
    }

    /// Parses the header and checks every tensor's byte range against its shape and type.
    ///
    /// - Complexity: O(header size + tensor count).
    private static func parseHeader(_ data: Data, url: URL) throws -> [String: TensorInfo] {
        func invalid(_ reason: String) -> SentenceEncoderError { .invalidFile(url, reason: reason) }
        guard data.count >= 8 else { throw invalid("shorter than the 8-byte header length") }
        var headerLength: UInt64 = 0
        for index in 0..<8 {
            headerLength |= UInt64(data[data.startIndex + index]) << (8 * UInt64(index))
        }
        guard headerLength <= UInt64(data.count - 8) else {
            throw invalid("header length \(headerLength) exceeds the file size \(data.count)")
        }
        let dataStart = 8 + Int(headerLength)
        let headerBytes = data.subdata(in: data.startIndex + 8..<data.startIndex + dataStart)
        guard let header = try? JSONSerialization.jsonObject(with: headerBytes) as? [String: Any] else {
            throw invalid("header is not a JSON object")
        }
        var tensors: [String: TensorInfo] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any],
                  let dataType = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int],
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2,
                  offsets[0] >= 0, offsets[0] <= offsets[1], shape.allSatisfy({ $0 >= 0 })
            else { throw invalid("malformed header entry for tensor \(name)") }
            let range = dataStart + offsets[0]..<dataStart + offsets[1]
            guard range.upperBound <= data.count else {
                throw invalid("tensor \(name) ends past the end of the file")
            }
            let info = TensorInfo(dataType: dataType, shape: shape, byteRange: range)
            if let width = Self.elementWidth(dataType), width * info.elementCount != range.count {
                throw invalid("tensor \(name) holds \(range.count) bytes for shape \(shape) of \(dataType)")
            }
            tensors[name] = info
        }
        return tensors
    }

    /// Bytes per element of a safetensors type, nil for types this reader does not know.
    static func elementWidth(_ dataType: String) -> Int? {
        switch dataType {
        case "F64", "I64", "U64": 8
        case "F32", "I32", "U32": 4
        case "F16", "BF16", "I16", "U16": 2
        case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2": 1
        default: nil
        }
    }

    /// A tensor's values as `Float`, row-major, converted from F32, F16 or BF16.
    ///
    /// - Parameter expectedShape: when given, the tensor must have exactly this shape.
    /// - Throws: ``SentenceEncoderError/invalidFile(_:reason:)`` when the tensor is absent, has
    ///   another shape, or another type.
    /// - Complexity: O(element count).
    public func floats(_ name: String, shape expectedShape: [Int]? = nil) throws -> [Float] {
        guard let info = tensors[name] else {
            throw SentenceEncoderError.invalidFile(url, reason: "no tensor named \(name)")
        }
        if let expectedShape, expectedShape != info.shape {
            throw SentenceEncoderError.invalidFile(
                url, reason: "tensor \(name) has shape \(info.shape), expected \(expectedShape)")
        }
        let count = info.elementCount
        if info.dataType == "F32" {
            return data.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress, count > 0 else { return [] }
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    guard let target = buffer.baseAddress else { return }
                    UnsafeMutableRawPointer(target).copyMemory(from: base + info.byteRange.lowerBound, byteCount: 4 * count)
                    #if _endian(big)
                    for index in 0..<count { target[index] = Float(bitPattern: UInt32(littleEndian: target[index].bitPattern)) }
                    #endif
                    initialized = count
                }
            }
        }
        let converter: (UnsafeRawPointer, Int) -> Float
        switch info.dataType {
        case "F16":
            converter = { raw, index in
                HalfPrecision.float(fromBits: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)))
            }
        case "BF16":
            converter = { raw, index in
                let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
                return Float(bitPattern: UInt32(bits) << 16)
            }
        default:
            throw SentenceEncoderError.invalidFile(
                url, reason: "tensor \(name) has type \(info.dataType); only F32, F16 and BF16 convert to Float")
        }
        return data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, count > 0 else { return [] }
            let start = base + info.byteRange.lowerBound
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count { buffer[index] = converter(start, index) }
                initialized = count
            }
        }
    }
}

/// IEEE 754 binary16 to binary32, by bits, so it also builds where `Float16` is unavailable.
enum HalfPrecision {
    /// The `Float` equal to the half-precision number with these bits (exact: every half is a float).
    ///
    /// - Complexity: O(1).
    static func float(fromBits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x03FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2^-24.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }
}
