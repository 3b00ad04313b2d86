import Foundation
import SentenceEncoder
import Testing

struct ModelLocatorTests {
    /// A temporary folder holding empty model files (enough for the locator, which only
    /// checks that they exist).
    static func fakeModel() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fake-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ModelLocator.requiredFiles {
            try Data().write(to: folder.appendingPathComponent(file))
        }
        return folder
    }

    @Test("an explicit folder wins, and a wrong one gives nil rather than another folder")
    func explicitFolder() throws {
        // Given a folder with the model files
        let folder = try Self.fakeModel()
        defer { try? FileManager.default.removeItem(at: folder) }

        // When locating with --model set to it, or to a folder without a model
        let found = ModelLocator.locate(explicit: folder.path, environment: ["KWCLUSTER_MODEL": "/nowhere"])
        let wrong = ModelLocator.locate(explicit: "/nowhere", environment: ["KWCLUSTER_MODEL": folder.path])

        // Then the explicit folder is used, and a wrong explicit folder is not replaced
        #expect(found?.standardizedFileURL.path == folder.standardizedFileURL.path)
        #expect(wrong == nil)
    }

    @Test("KWCLUSTER_MODEL, then the cache folder")
    func environmentAndCache() throws {
        // Given a model folder and a cache root holding kwcluster/models/all-MiniLM-L6-v2
        let folder = try Self.fakeModel()
        let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        let cached = cacheRoot.appendingPathComponent("kwcluster/models/all-MiniLM-L6-v2")
        try FileManager.default.createDirectory(at: cached.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: folder, to: cached)
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: cacheRoot)
        }

        // When locating without --model
        let fromVariable = ModelLocator.locate(explicit: nil, environment: ["KWCLUSTER_MODEL": folder.path])
        let fromCache = ModelLocator.locate(explicit: nil, environment: ["XDG_CACHE_HOME": cacheRoot.path])

        // Then the variable is used when set, the cache folder otherwise
        #expect(fromVariable?.standardizedFileURL.path == folder.standardizedFileURL.path)
        #expect(fromCache?.standardizedFileURL.path == cached.standardizedFileURL.path)
        #expect(ModelLocator.cacheDirectory(environment: ["XDG_CACHE_HOME": "/c"]).path == "/c/kwcluster/models/all-MiniLM-L6-v2")
    }

    @Test("loading a folder without a model names the missing file")
    func missingFileError() throws {
        // Given an empty folder
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // When loading an encoder from it
        // Then the error names config.json and says how to get the model
        do {
            _ = try SentenceEncoder(modelDirectory: folder)
            Issue.record("an empty folder was accepted")
        } catch let error as SentenceEncoderError {
            #expect(error == .missingFile(folder.appendingPathComponent("config.json")))
            #expect(error.description.contains("fetch-model.sh"))
        }
    }

    @Test("--model=all-mpnet-base-v2 is looked for by name in the cache folder; an unknown name finds nothing and its message lists the models")
    func modelNames() throws {
        // Given a cache root holding kwcluster/models/all-mpnet-base-v2
        let folder = try Self.fakeModel()
        let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        let cached = cacheRoot.appendingPathComponent("kwcluster/models/all-mpnet-base-v2")
        try FileManager.default.createDirectory(at: cached.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: folder, to: cached)
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: cacheRoot)
        }
        let nowhere = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)", isDirectory: true)

        // When locating by name, and by a name kwcluster does not know
        let found = ModelLocator.locate(explicit: "all-mpnet-base-v2", environment: ["XDG_CACHE_HOME": cacheRoot.path],
                                        currentDirectory: nowhere)
        let unknown = ModelLocator.locate(explicit: "all-MiniLM-L12-v2", environment: ["XDG_CACHE_HOME": cacheRoot.path],
                                          currentDirectory: nowhere)

        // Then the named model's cache folder is used, the unknown name finds nothing, and the
        // messages say what to do
        #expect(found?.standardizedFileURL.path == cached.standardizedFileURL.path)
        #expect(unknown == nil)
        #expect(ModelLocator.notFoundMessage("all-MiniLM-L12-v2").contains("all-mpnet-base-v2"))
        #expect(ModelLocator.notFoundMessage("all-MiniLM-L12-v2").contains("unknown model"))
        #expect(ModelLocator.notFoundMessage("all-mpnet-base-v2").contains("scripts/fetch-model.sh all-mpnet-base-v2"))
        #expect(ModelLocator.notFoundMessage("/tmp/x").contains("does not hold"))
    }
}
