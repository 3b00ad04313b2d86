import ArgumentParser
import Pipeline

extension RunParameters.Mode: ExpressibleByArgument {}
extension RunParameters.Vectors: ExpressibleByArgument {}
extension RunParameters.Order: ExpressibleByArgument {}

/// The options that shape a run (create and rescrape).
struct RunOptions: ParsableArguments {
    @Option(help: "Keywords per batch after the first (50-100000).")
    var batchSize: Int = 500

    @Option(help: "The number of topics wanted (default: keywords / --cluster-size).")
    var clusters: Int?

    @Option(help: "The mean number of keywords per topic, when --clusters is not given.")
    var clusterSize: Int = 20

    @Option(help: "The random seed: the same input and seed always give the same result.")
    var seed: UInt64 = 42

    @Option(help: "batched (default) or monolithic (all keywords in one pass, the old way).")
    var mode: RunParameters.Mode = .batched

    @Option(help: "lexical (sparse TF-IDF).")
    var vectors: RunParameters.Vectors = .lexical

    @Option(help: "The order keywords are batched in: sample (seeded random, clusters best) or volume (highest first).")
    var order: RunParameters.Order = .sample

    @Option(help: "Memory a batch may use, in MB; larger batches are made smaller.")
    var memoryLimit: Int = 1024

    func parameters() throws -> RunParameters {
        var parameters = RunParameters()
        parameters.batchSize = batchSize
        parameters.clusterCount = clusters
        parameters.clusterSize = clusterSize
        parameters.seed = seed
        parameters.mode = mode
        parameters.vectors = vectors
        parameters.order = order
        parameters.memoryLimitMB = memoryLimit
        do { try parameters.validate() } catch let error as PipelineError { throw ValidationError(error.description) }
        if vectors == .semantic {
            throw ValidationError("--vectors=semantic needs the native sentence encoder, which this build does not have yet; use --vectors=lexical")
        }
        return parameters
    }
}
