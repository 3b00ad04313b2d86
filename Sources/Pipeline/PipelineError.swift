import Ingest
import Persistence

/// What can go wrong in a command, sorted by exit code: bad usage exits 64, failed work 1.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// The command line asks for something impossible (exit 64).
    case badUsage(String)
    /// Input or state that cannot be processed (exit 1); the message says what to do.
    case failed(String)

    public var description: String {
        switch self {
        case .badUsage(let message), .failed(let message): message
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .badUsage: 64
        case .failed: 1
        }
    }

    init(_ error: IngestError) { self = .failed(error.description) }
    init(_ error: StoreError) { self = .failed(error.description) }
}
