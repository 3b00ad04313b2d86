import Dispatch

/// Wall time spent in each operation of the forward pass, summed over calls: what the encoder
/// benchmark prints to show where time goes. Used from one thread at a time
/// (``SentenceEncoder/profile(_:timer:)`` runs on the calling thread only).
public final class OperationTimer: @unchecked Sendable {
    public enum Operation: String, CaseIterable, Sendable {
        case tokenize, embed
        /// Rounding activations to int8 or bfloat16 before a product.
        case quantize
        case queryKeyValue = "query-key-value"
        case attention
        case attentionOutput = "attention-output"
        case layerNorm = "layer-norm"
        /// The feed-forward block's first product (GELU included where the kernel fuses it).
        case feedForwardIn = "feed-forward-in"
        /// GELU as a separate pass (the fp32 path).
        case gelu
        case feedForwardOut = "feed-forward-out"
        case pool
    }

    /// Seconds per operation.
    public private(set) var seconds: [Operation: Double] = [:]

    public init() {}

    /// Runs `body`, adding its wall time to `operation`.
    func measure<T>(_ operation: Operation, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { seconds[operation, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }
}

extension Optional where Wrapped == OperationTimer {
    /// Runs `body`, adding its wall time to `operation` when there is a timer.
    @inline(__always)
    func measure<T>(_ operation: OperationTimer.Operation, _ body: () throws -> T) rethrows -> T {
        guard let timer = self else { return try body() }
        return try timer.measure(operation, body)
    }
}
