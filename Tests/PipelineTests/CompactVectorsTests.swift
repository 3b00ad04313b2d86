import Clustering
import Foundation
import Lab
import Persistence
import SentenceEncoder
import Testing
import TestSupport
@testable import Pipeline

/// Semantic runs at int8 store a byte per dimension and cluster exactly those vectors: fresh or
/// read back, computed by a worker as float32 or by the run, a keyword's vector is the same, and
/// a stopped run resumes to the uninterrupted export.
@Suite(.serialized) struct CompactVectorsTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let modelDirectory = packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2")

    /// The int8 encoder, or nil (the test returns) without the model or AVX-512 VNNI and BF16.
    static func encoder() throws -> SentenceEncoder? {
        guard ModelLocator.holdsModel(modelDirectory) else {
            Issue.record("no model in \(modelDirectory.path): run scripts/fetch-model.sh")
            return nil
        }
        guard (try? Precision.int8.resolved()) == .int8 else { return nil }
        return try SentenceEncoder(modelDirectory: modelDirectory, precision: .int8)
    }

    static func parameters() -> RunParameters {
        var parameters = RunParameters()
        parameters.vectors = .semantic
        parameters.modelDirectory = modelDirectory.path
        parameters.encoderPrecision = .int8
        parameters.vectorEncoding = .int8
        parameters.batchSize = 50
        parameters.clusterCount = 8
        parameters.titleYear = 2026
        return parameters
    }

    static func makeProject(folder: URL, store: Store) throws -> ProjectCreator.Created {
        let file = folder.appendingPathComponent("keywords.csv").path
        if !FileManager.default.fileExists(atPath: file) {
            try SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 150, topics: 8))
                .write(toFile: file, atomically: true, encoding: .utf8)
        }
        return try ProjectCreator.create(domain: "example.com", files: [file], column: nil, parameters: parameters(), store: store)
    }

    @Test func aKeywordHasOneVectorFreshOrReadBackOrComputedElsewhere() throws {
        guard let encoder = try Self.encoder() else { return }
        // Given keywords, and an int8 source over an empty store
        let store = try SQLiteStore.inMemory()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-compact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let created = try Self.makeProject(folder: folder, store: store)
        let ids = try store.plannedKeywords(projectID: created.project.id, runID: created.runID).map(\.id)
        let keywords = Array(try store.keywords(ids: ids).prefix(20))
        let source = SemanticVectorSource(encoder: encoder, store: store, encoding: .int8)
        // When the vectors are computed fresh, then read back
        guard case .dense(let fresh, let dimension) = try source.vectors(for: keywords),
              case .dense(let readBack, _) = try source.vectors(for: keywords) else { Issue.record("not dense"); return }
        // Then they are the same bits, stored at a byte per dimension
        #expect(fresh.map(\.bitPattern) == readBack.map(\.bitPattern))
        let stored = try store.storedVectors(keywordIDs: keywords.map(\.id), model: encoder.vectorKey)
        #expect(stored.count == 20 && stored.values.allSatisfy { $0.encoding == .int8 && $0.bytes.count == dimension })
        // and equal the encoder's vectors compacted, also when a worker stored those as float32
        let floats = encoder.encode(keywords.map(\.text))
        #expect(fresh == floats.flatMap { StoredVector.compact($0).floats })
        let other = try SQLiteStore.inMemory()
        let otherProject = try Self.makeProject(folder: folder, store: other)
        let otherIDs = try other.plannedKeywords(projectID: otherProject.project.id, runID: otherProject.runID).map(\.id)
        #expect(otherIDs == ids)
        var float32: [Int64: [Float]] = [:]
        for (keyword, vector) in zip(keywords, floats) { float32[keyword.id] = vector }
        try other.saveVectors(float32, model: encoder.vectorKey)
        guard case .dense(let fromFloat32, _) = try SemanticVectorSource(encoder: encoder, store: other, encoding: .int8)
            .vectors(for: keywords) else { Issue.record("not dense"); return }
        #expect(fromFloat32.map(\.bitPattern) == fresh.map(\.bitPattern))
        // and a pass over them expands the very same floats from bytes
        guard case .rows(let rows) = try source.passVectors(for: keywords) else { Issue.record("not rows"); return }
        #expect(rows.count == 20 && rows.dimension == dimension)
        #expect(rows.floats(0 ..< 20) == fresh && rows.floats(5 ..< 7) == Array(fresh[5 * dimension ..< 7 * dimension]))
    }

    @Test(arguments: StoreKind.allCases) func anInt8RunStoppedAndResumedEqualsAnUninterruptedOne(_ kind: StoreKind) async throws {
        guard try Self.encoder() != nil else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-compact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given an int8 semantic run made in one go (batch 1 of 50, then two of 50, and refinement)
        let single = try SQLiteStore.inMemory()
        let reference = try Self.makeProject(folder: folder, store: single)
        try await ProjectRunner.run(project: reference.project, runID: reference.runID, store: single)
        let expected = try TestProject.exportCSV(reference.project, store: single, folder: folder)
        try await TestStores.withStore(kind) { store in
            // When the same run stops after each batch and resumes, with a fresh process's source each time
            let created = try Self.makeProject(folder: folder, store: store)
            for _ in 0 ..< 4 {
                try await ProjectRunner.run(project: created.project, runID: created.runID, store: store, batchLimit: 1)
            }
            // Then the export is the same, byte for byte, and every vector is stored at a byte per dimension
            #expect(try store.run(id: created.runID)?.status == .completed)
            #expect(try TestProject.exportCSV(created.project, store: store, folder: folder) == expected)
            let ids = try store.plannedKeywords(projectID: created.project.id, runID: created.runID).map(\.id)
            let stored = try store.storedVectors(keywordIDs: ids, model: "all-MiniLM-L6-v2@int8")
            #expect(stored.count == 150 && stored.values.allSatisfy { $0.encoding == .int8 })
        }
    }
}
