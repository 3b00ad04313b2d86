import Foundation
import GRDB
import Ingest
import Testing
import TestSupport
@testable import Persistence

@Suite struct StoredVectorTests {
    /// A random unit vector of `dimension` floats (a fixed linear congruential sequence).
    static func unitVector(_ dimension: Int, seed: UInt64) -> [Float] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        let values = (0 ..< dimension).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 1_000_000
        }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { $0 / norm }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y); aa += Double(x) * Double(x); bb += Double(y) * Double(y)
        }
        return dot / (aa * bb).squareRoot()
    }

    @Test(arguments: [384, 768]) func compactVectorsStayWithinACosineOf0_9999(dimension: Int) {
        // Given random unit vectors of a model's dimension
        for seed in UInt64(1) ... 50 {
            let vector = Self.unitVector(dimension, seed: seed)
            // When compacted to a byte per dimension and decoded
            let compact = StoredVector.compact(vector)
            let decoded = compact.floats
            // Then the largest component is ±127, the decoded vector has unit length and points the same way
            guard case .int8(let bytes) = compact else { Issue.record("not int8"); return }
            #expect(bytes.count == dimension && bytes.map { abs(Int($0)) }.max() == 127)
            #expect(abs(decoded.reduce(0) { $0 + Double($1) * Double($1) } - 1) < 1e-5)
            #expect(Self.cosine(vector, decoded) > 0.9999)
        }
    }

    @Test func aZeroVectorStaysZeroAndBlobsRoundTrip() throws {
        // Given a zero vector and a unit one
        let zero = StoredVector.compact([0, 0, 0, 0])
        #expect(zero == .int8([0, 0, 0, 0]) && zero.floats == [0, 0, 0, 0])
        let vector = Self.unitVector(8, seed: 3)
        // When written as blobs and read back, in each encoding
        for encoding in StoredVector.Encoding.allCases {
            let stored = StoredVector.encoded(vector, as: encoding)
            let back = try StoredVector(encoding: encoding, bytes: stored.bytes)
            // Then the same vector comes back, float32 exactly and a quarter of the bytes for int8
            #expect(back == stored && back.encoding == encoding)
            #expect(stored.bytes.count == (encoding == .int8 ? 8 : 32))
        }
        #expect(StoredVector.encoded(vector, as: .float32).floats == vector)
        // and a float32 blob that is not whole floats is refused with what to do
        #expect(throws: StoreError.self) { try StoredVector(encoding: .float32, bytes: [1, 2, 3]) }
    }

    @Test func anOlderFilesFloat32VectorsReadBackAfterTheUpgrade() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-old-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        // Given a file of the schema before vectors had an encoding, holding a float32 vector as it was written
        let vector = Self.unitVector(384, seed: 5)
        do {
            var configuration = SQLiteDatabase.configuration()
            configuration.foreignKeysEnabled = false
            let old = SQLiteDatabase(writer: try DatabaseQueue(path: path, configuration: configuration))
            let list = Migrations.store
            let before = MigrationList(migrations: list.migrations.filter { !$0.name.hasPrefix("v3") }, table: list.table,
                                       column: list.column, lockKey: list.lockKey)
            try old.write { db in
                try Migrator.migrate(db, before, where: "old")
                _ = try db.execute("INSERT INTO keyword_vectors (keyword_id, model, vector) VALUES (?, ?, ?)",
                                   Int64(1), "m", vector.withUnsafeBytes { Array($0) })
            }
        }
        // When this version opens it
        let store = try SQLiteStore(path: path)
        // Then the vector reads back as the float32 it is, bit for bit
        #expect(try store.storedVectors(keywordIDs: [1], model: "m") == [1: .float32(vector)])
        #expect(try store.vectors(keywordIDs: [1], model: "m")[1]?.map(\.bitPattern) == vector.map(\.bitPattern))
    }

    @Test(arguments: StoreKind.allCases) func theStoreKeepsEachVectorInItsEncoding(_ kind: StoreKind) throws {
        try TestStores.withStore(kind) { store in
            // Given a project of three keywords
            let texts = ["red shoes", "blue shoes", "green hats"]
            let imported = KeywordImport(
                keywords: texts.map { ImportedKeyword(text: $0, metrics: KeywordMetrics(volume: 1), sources: ["a.csv"]) },
                files: [], warnings: [])
            let created = try store.createProject(slug: "p", domain: "p.example", imported: imported, lexicalSpace: [],
                                                  run: NewRun(kind: .create, parameters: "{}", seed: 1, batchSizes: [3]))
            let ids = try store.plannedKeywords(projectID: created.project.id, runID: created.runID).map(\.id)
            let vectors = ids.enumerated().map { Self.unitVector(384, seed: UInt64($0.offset + 10)) }
            // When one is stored as float32 (the old way), one as int8, and the third not at all
            try store.saveVectors([ids[0]: vectors[0]], model: "m")
            try store.saveVectors([ids[1]: StoredVector.compact(vectors[1])], model: "m")
            // Then each reads back in its encoding, bit for bit, under its model only
            let stored = try store.storedVectors(keywordIDs: ids, model: "m")
            #expect(stored.count == 2)
            #expect(stored[ids[0]] == .float32(vectors[0]))
            #expect(stored[ids[1]] == StoredVector.compact(vectors[1]))
            #expect(try store.vectors(keywordIDs: ids, model: "m")[ids[1]] == StoredVector.compact(vectors[1]).floats)
            #expect(try store.storedVectors(keywordIDs: ids, model: "other").isEmpty)
            // and storing a vector again in the other encoding replaces it
            try store.saveVectors([ids[0]: StoredVector.compact(vectors[0])], model: "m")
            #expect(try store.storedVectors(keywordIDs: [ids[0]], model: "m")[ids[0]] == StoredVector.compact(vectors[0]))
        }
    }
}
