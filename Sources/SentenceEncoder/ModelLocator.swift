import Foundation

/// Finds the folder holding the sentence-transformers model files.
public enum ModelLocator {
    /// The model this tool embeds with by default.
    public static let modelName = "all-MiniLM-L6-v2"

    /// The models `--model=NAME` names (`scripts/fetch-model.sh NAME` fetches each): the
    /// default, fast all-MiniLM-L6-v2 (384 dimensions, 6 layers) and the stronger, about 8
    /// times slower all-mpnet-base-v2 (768 dimensions, 12 layers).
    public static let knownModels = [modelName, "all-mpnet-base-v2"]

    /// The files a model folder must hold.
    public static let requiredFiles = ["config.json", "vocab.txt", "model.safetensors"]

    /// The per-user cache folder for a model:
    /// `$XDG_CACHE_HOME/kwcluster/models/NAME` (default all-MiniLM-L6-v2), by default under `~/.cache`.
    public static func cacheDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment, name: String = modelName
    ) -> URL {
        let cacheRoot = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return cacheRoot.appendingPathComponent("kwcluster/models/\(name)", isDirectory: true)
    }

    /// Why `--model=value` found no model, and what to do: an unknown name lists the models,
    /// a known one says how to fetch it, a folder says which files it lacks.
    public static func notFoundMessage(_ value: String) -> String {
        if knownModels.contains(value) {
            return "model \(value) not found (looked in the cache folder, ./models/\(value) and models/\(value) above the executable); "
                + "get it with scripts/fetch-model.sh \(value)"
        }
        if value.contains("/") || FileManager.default.fileExists(atPath: value) {
            return "--model=\(value) does not hold a sentence-transformers model (\(requiredFiles.joined(separator: ", ")))"
        }
        return "unknown model '\(value)': kwcluster runs \(knownModels.joined(separator: " (the default) and ")), "
            + "or a sentence-transformers folder given by its path"
    }

    /// Whether `directory` holds every file of ``requiredFiles``.
    public static func holdsModel(_ directory: URL) -> Bool {
        requiredFiles.allSatisfy { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
    }

    /// The model folder to use.
    ///
    /// In order: the `--model` value; else the `KWCLUSTER_MODEL` environment variable; else the
    /// cache folder (``cacheDirectory(environment:name:)``); else `models/all-MiniLM-L6-v2` under the
    /// current directory or under a folder above the executable (the package root of a
    /// `.build/<config>/kwcluster`). An explicit folder or the environment variable, when
    /// given, is the only candidate: a wrong path is reported, not silently replaced.
    /// An explicit value that is one of ``knownModels`` and not a folder holding a model is
    /// looked for by name in the same places as the default (cache folder, `./models/NAME`,
    /// `models/NAME` above the executable).
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
            if holdsModel(url) { return url }
            guard knownModels.contains(explicit) else { return nil }
            return defaultCandidates(name: explicit, environment: environment, currentDirectory: currentDirectory)
                .first(where: holdsModel)
        }
        if let variable = environment["KWCLUSTER_MODEL"], !variable.isEmpty {
            let url = URL(fileURLWithPath: variable, isDirectory: true, relativeTo: currentDirectory).standardizedFileURL
            return holdsModel(url) ? url : nil
        }
        return defaultCandidates(name: modelName, environment: environment, currentDirectory: currentDirectory)
            .first(where: holdsModel)
    }

    /// Where model `name` is looked for: the cache folder, `./models/NAME`, and `models/NAME`
    /// in every folder above the executable.
    private static func defaultCandidates(name: String, environment: [String: String], currentDirectory: URL) -> [URL] {
        var candidates = [cacheDirectory(environment: environment, name: name)]
        candidates.append(currentDirectory.appendingPathComponent("models/\(name)", isDirectory: true))
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "", relativeTo: currentDirectory)
            .standardizedFileURL.resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            candidates.append(folder.appendingPathComponent("models/\(name)", isDirectory: true))
            folder = folder.deletingLastPathComponent()
        }
        return candidates
    }
}
