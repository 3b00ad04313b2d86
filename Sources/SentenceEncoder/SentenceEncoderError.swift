import Foundation

/// Why a model folder could not be loaded. Every case names the file at fault.
public enum SentenceEncoderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file the encoder needs is not in the model folder.
    case missingFile(URL)
    /// A file is there but cannot be used (truncated, malformed, wrong shape or type).
    case invalidFile(URL, reason: String)
    /// A download from the model hub failed.
    case downloadFailed(URL, reason: String)

    public var description: String {
        switch self {
        case .missingFile(let url):
            "model file not found: \(url.path) (run scripts/fetch-model.sh or pass --model <folder>)"
        case .invalidFile(let url, let reason):
            "invalid model file \(url.path): \(reason)"
        case .downloadFailed(let url, let reason):
            "could not download \(url.absoluteString): \(reason)"
        }
    }
}
