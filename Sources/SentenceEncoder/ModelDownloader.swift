import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads the model files from the Hugging Face hub into a folder (by default the cache
/// folder of ``ModelLocator``), reporting progress on standard error.
///
/// Files go to a temporary sibling folder first and are renamed into place only when all of
/// them arrived with the expected sizes, so an interrupted download never looks like a model.
public struct ModelDownloader: Sendable {
    /// One file to fetch, with its size when it is known in advance.
    public struct File: Sendable, Equatable {
        public var name: String
        public var expectedSize: Int?

        public init(name: String, expectedSize: Int? = nil) {
            self.name = name
            self.expectedSize = expectedSize
        }
    }

    /// The folder URL the files are fetched from (`<base>/<file name>`).
    public var baseURL: URL
    public var files: [File]

    /// The all-MiniLM-L6-v2 files on the Hugging Face hub.
    public static let huggingFace: ModelDownloader = {
        guard let base = URL(string: "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/") else {
            preconditionFailure("the hub URL literal is invalid")
        }
        return ModelDownloader(baseURL: base, files: [
            File(name: "config.json"),
            File(name: "vocab.txt", expectedSize: 231_508),
            File(name: "model.safetensors", expectedSize: 90_868_376),
            File(name: "tokenizer_config.json"),
            File(name: "sentence_bert_config.json"),
        ])
    }()

    public init(baseURL: URL, files: [File]) {
        self.baseURL = baseURL
        self.files = files
    }

    /// Fetches every file into `directory`, replacing what is there.
    ///
    /// - Parameter progress: receives one line per file and progress step (the command line
    ///   passes a function writing to standard error).
    /// - Throws: ``SentenceEncoderError/downloadFailed(_:reason:)`` naming the file's URL.
    /// - Complexity: O(total size) bytes transferred.
    public func download(into directory: URL, progress: @escaping @Sendable (String) -> Void) throws {
        let fileManager = FileManager.default
        let staging = directory.deletingLastPathComponent()
            .appendingPathComponent(".\(directory.lastPathComponent).partial-\(UUID().uuidString)")
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: staging) }
        for file in files {
            let source = baseURL.appendingPathComponent(file.name)
            let target = staging.appendingPathComponent(file.name)
            try fetch(source, to: target, expectedSize: file.expectedSize, progress: progress)
        }
        if fileManager.fileExists(atPath: directory.path) {
            try fileManager.removeItem(at: directory)
        }
        try fileManager.moveItem(at: staging, to: directory)
        progress("model ready in \(directory.path)")
    }

    /// Downloads one URL to `target`, polling the task to report progress about twice a second.
    private func fetch(
        _ source: URL, to target: URL, expectedSize: Int?, progress: @escaping @Sendable (String) -> Void
    ) throws {
        let outcome = DownloadOutcome()
        let task = URLSession.shared.downloadTask(with: source) { location, response, error in
            outcome.finish {
                if let error { throw error }
                if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                    throw SentenceEncoderError.downloadFailed(source, reason: "HTTP status \(http.statusCode)")
                }
                guard let location else {
                    throw SentenceEncoderError.downloadFailed(source, reason: "no file received")
                }
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.moveItem(at: location, to: target)
            }
        }
        task.resume()
        progress("downloading \(source.absoluteString)")
        var lastReport = -1
        while !outcome.wait(timeout: .now() + 0.5) {
            let received = Int(task.countOfBytesReceived)
            let total = expectedSize ?? Int(task.countOfBytesExpectedToReceive)
            let percent = total > 0 ? 100 * received / total : 0
            if percent / 10 != lastReport {
                lastReport = percent / 10
                progress("  \(source.lastPathComponent): \(received / 1_048_576) MiB\(total > 0 ? " of \(total / 1_048_576) MiB (\(percent)%)" : "")")
            }
        }
        do {
            try outcome.result()
        } catch let error as SentenceEncoderError {
            throw error
        } catch {
            throw SentenceEncoderError.downloadFailed(source, reason: "\(error)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? nil
        if let expectedSize, size != expectedSize {
            throw SentenceEncoderError.downloadFailed(
                source, reason: "received \(size ?? 0) bytes, expected \(expectedSize)")
        }
    }
}

/// The completion of one download task, handed from URLSession's queue to the waiting caller.
private final class DownloadOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var failure: (any Error)?

    /// Runs the completion work and records its error, then wakes the waiter.
    func finish(_ work: () throws -> Void) {
        do {
            try work()
        } catch {
            lock.lock()
            failure = error
            lock.unlock()
        }
        done.signal()
    }

    /// Whether the task finished before `timeout`.
    func wait(timeout: DispatchTime) -> Bool {
        done.wait(timeout: timeout) == .success
    }

    func result() throws {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
    }
}
