
/// The first run of a project, created with it.
public struct NewRun: Sendable {
    public var kind: ProcessingRun.Kind
    /// JSON of the pipeline's run parameters.
    public var parameters: String
    public var seed: Int64
    /// One entry per batch, in order.
    public var batchSizes: [Int]

    public init(kind: ProcessingRun.Kind, parameters: String, seed: Int64, batchSizes: [Int]) {
        self.kind = kind
        self.parameters = parameters
        self.seed = seed
        self.batchSizes = batchSizes
    }
}

