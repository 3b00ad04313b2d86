import Foundation

/// Why a model folder could not be loaded (every file case names the file at fault), or why
/// the requested precision cannot run here.
public enum SentenceEncoderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file the encoder needs is not in the model folder.
    case missingFile(URL)
    /// A file is there but cannot be used (truncated, malformed, wrong shape or type).
    case invalidFile(URL, reason: String)
    /// A download from the model hub failed.
    case downloadFailed(URL, reason: String)
    /// int8 or bf16 was asked for on a CPU without the instructions that path needs.
    case unsupportedPrecision(Precision)
    /// The model has no path at this precision (MPNet: int8).
    case precisionNotOffered(Precision, model: String)

    public var description: String {
        switch self {
        case .missingFile(let url):
            "model file not found: \(url.path) (run scripts/fetch-model.sh or pass --model <folder>)"
        case .invalidFile(let url, let reason):
            "invalid model file \(url.path): \(reason)"
        case .downloadFailed(let url, let reason):
            "could not download \(url.absoluteString): \(reason)"
        case .unsupportedPrecision(let precision):
            "this CPU cannot run the \(precision.rawValue) encoder path (it needs AVX-512 "
                + (precision == .bf16 ? "BF16" : "VNNI and BF16")
                + "); use --precision=auto (the fastest path this CPU has) or --precision=fp32"
        case .precisionNotOffered(let precision, let model):
            "\(model) has no \(precision.rawValue) encoder path (it stays within cosine 0.999 of sentence-transformers only "
                + "at bf16 and fp32); use --precision=auto, --precision=bf16 or --precision=fp32"
        }
    }
}
