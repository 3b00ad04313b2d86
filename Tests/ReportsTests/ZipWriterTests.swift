import Foundation
@testable import Reports
import Testing

/// The ZIP writer read back by Debian's unzip: the archive tests clean and every entry comes
/// back byte for byte.
@Suite struct ZipWriterTests {
    @Test func unzipReadsBackEveryEntry() throws {
        var generator = SystemRandomNumberGenerator()
        let entries: [(String, [UInt8])] = [
            ("hello.txt", Array("hello, zip\n".utf8)),
            ("empty.txt", []),
            ("folder/repeated.xml", Array(String(repeating: "<row r=\"1\"><c><v>42</v></c></row>", count: 40_000).utf8)),
            // Random bytes do not compress: several output chunks of 64 KB each.
            ("random.bin", (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }),
            ("ünïcödé/名前.txt", Array("名前\n".utf8)),
        ]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("test.zip")
        var bytes = Data()
        let zip = ZipWriter { bytes.append($0) }
        for (name, content) in entries {
            try zip.beginEntry(name)
            // In uneven pieces, as the sheet writer hands them over.
            var offset = 0
            while offset < content.count {
                let end = min(content.count, offset + 1 + offset % 70_000)
                try content[offset..<end].withUnsafeBytes { try zip.write($0) }
                offset = end
            }
            try zip.endEntry()
        }
        try zip.finish()
        try bytes.write(to: archive)
        #expect(bytes.count < 300_000 + 40_000, "the repeated entry was not compressed")

        let test = try runTool("/usr/bin/unzip", ["-t", archive.path])
        let report = String(decoding: test.output, as: UTF8.self)
        #expect(test.status == 0, "unzip -t: \(report)")
        #expect(report.contains("No errors detected"), "unzip -t: \(report)")
        for (name, content) in entries {
            let extracted = try runTool("/usr/bin/unzip", ["-p", archive.path, name])
            #expect(extracted.status == 0)
            #expect(Array(extracted.output) == content, "\(name) came back different")
        }
    }

    @Test func misuseIsRefused() throws {
        let zip = ZipWriter { _ in }
        #expect(throws: ZipError.self) { try zip.write("no entry") }
        try zip.beginEntry("a")
        #expect(throws: ZipError.self) { try zip.beginEntry("b") }
        #expect(throws: ZipError.self) { try zip.finish() }
    }
}
