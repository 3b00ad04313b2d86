import Foundation
import SentenceEncoder
import Testing

struct SafetensorsReaderTests {
    /// Writes a safetensors file holding `tensors` (name, dtype, shape, little-endian bytes).
    static func writeFile(_ tensors: [(String, String, [Int], [UInt8])], headerPadding: Int = 0) throws -> URL {
        var offset = 0
        var entries: [String] = []
        var payload: [UInt8] = []
        for (name, dataType, shape, bytes) in tensors {
            entries.append("\"\(name)\":{\"dtype\":\"\(dataType)\",\"shape\":\(shape),\"data_offsets\":[\(offset),\(offset + bytes.count)]}")
            offset += bytes.count
            payload += bytes
        }
        var header = Array("{\"__metadata__\":{\"format\":\"pt\"},\(entries.joined(separator: ","))}".utf8)
        header += [UInt8](repeating: 0x20, count: headerPadding)
        var file = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(header.count) >> (8 * UInt64($0))) }
        file += header + payload
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("safetensors-test-\(UUID().uuidString).safetensors")
        try Data(file).write(to: url)
        return url
    }

    static func littleEndian(_ values: [UInt16]) -> [UInt8] {
        values.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    @Test("reads F16, BF16 and F32 tensors as floats")
    func readsTypes() throws {
        // Given a file with an F16 [2, 3], a BF16 [2] and an F32 [2] tensor
        let half = Self.littleEndian([0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x8000])
        let brain = Self.littleEndian([0x3F80, 0xC040])
        let single = [Float(1.5), -0.25].flatMap { value in
            (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) }
        }
        let url = try Self.writeFile([("h", "F16", [2, 3], half), ("b", "BF16", [2], brain), ("s", "F32", [2], single)])
        defer { try? FileManager.default.removeItem(at: url) }

        // When reading them
        let reader = try SafetensorsReader(url: url)
        let halves = try reader.floats("h", shape: [2, 3])

        // Then the values are exact, subnormals and signed zero included
        #expect(halves == [1, -2, 0.5, 65504, 5.9604645e-8, 0])
        #expect(halves[5].sign == .minus)
        #expect(try reader.floats("b") == [1, -3])
        #expect(try reader.floats("s") == [1.5, -0.25])
        #expect(reader.tensors["h"]?.shape == [2, 3])
        #expect(reader.tensors["h"]?.dataType == "F16")
    }

    @Test("rejects a wrong shape, an unknown name and a non-float type")
    func rejectsBadRequests() throws {
        // Given a file with one I64 tensor and one F32 tensor
        let url = try Self.writeFile([("i", "I64", [1], [UInt8](repeating: 0, count: 8)), ("f", "F32", [1], [0, 0, 128, 63])])
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try SafetensorsReader(url: url)

        // When asking for the wrong things
        // Then each request throws an invalid-file error naming the file
        #expect(throws: SentenceEncoderError.self) { try reader.floats("i") }
        #expect(throws: SentenceEncoderError.self) { try reader.floats("missing") }
        #expect(throws: SentenceEncoderError.self) { try reader.floats("f", shape: [2]) }
        #expect(try reader.floats("f", shape: [1]) == [1])
    }

    @Test("reports a missing file and a truncated one")
    func rejectsBadFiles() throws {
        // Given a path with no file and a file whose tensor runs past its end
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).safetensors")
        let truncated = try Self.writeFile([("t", "F32", [4], [0, 0, 0, 0])])
        defer { try? FileManager.default.removeItem(at: truncated) }

        // When opening them
        // Then the errors say which file and what is wrong
        #expect(throws: SentenceEncoderError.missingFile(missing)) { try SafetensorsReader(url: missing) }
        do {
            _ = try SafetensorsReader(url: truncated)
            Issue.record("a truncated file was accepted")
        } catch let error as SentenceEncoderError {
            #expect(error.description.contains(truncated.path))
        }
    }
}
