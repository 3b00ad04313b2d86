import Foundation

/// Finds the folder holding the sentence-transformers model files.
public enum ModelLocator {
    /// The model this tool embeds with.
    public static let modelName = "all-MiniLM-L6-v2"

    /// The files a model folder must hold.
    public static let requiredFiles = ["config.json", "vocab.txt", "model.safetensors"]

    /// The per-user cache folder for the model:
    /// `$XDG_CACHE_HOME/kwcluster/models/all-MiniLM-L6-v2`, by default under `~/.cache`.
    public static func cacheDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        let cacheRoot = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return cacheRoot.appendingPathComponent("kwcluster/models/\(modelName)", isDirectory: true)
    }

    /// Whether `directory` holds every file of ``requiredFiles``.
    public static func holdsModel(_ directory: URL) -> Bool {
        requiredFiles.allSatisfy { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
    }

    /// The model folder to use.
    ///
    /// In order: the `--model` value; else the `KWCLUSTER_MODEL` environment variable; else the
    /// cache folder (``cacheDirectory(environment:)``); else `models/all-MiniLM-L6-v2` under the
    /// current directory or under a folder above the executable (the package root of a
    /// `.build/<config>/kwcluster`). An explicit folder or the environment variable, when
    /// given, is the only candidate: a wrong path is reported, not silently replaced.
    ///
    /// - Returns: the first candidate holding a model, or nil when none does.
    /// - Complexity: O(depth of the executable's path) file-existence checks.
    public static func locate(
        explicit: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    ) -> URL? {
        if let explicit, !explicit.isEmpty {
            let url = URL(fileURLWithPath: explicit, isDirectory: true, relativeTo: currentDirectory).standardizedFileURL
            return holdsModel(url) ? url : nil
        }
        if let variable = environment["KWCLUSTER_MODEL"], !variable.isEmpty {
            let url = URL(fileURLWithPath: variable, isDirectory: true, relativeTo: currentDirectory).standardizedFileURL
            return holdsModel(url) ? url : nil
        }
        var candidates = [cacheDirectory(environment: environment)]
        candidates.append(currentDirectory.appendingPathComponent("models/\(modelName)", isDirectory: true))
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "", relativeTo: currentDirectory)
            .standardizedFileURL.resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            candidates.append(folder.appendingPathComponent("models/\(modelName)", isDirectory: true))
            folder = folder.deletingLastPathComponent()
        }
        return candidates.first(where: holdsModel)
    }
}
