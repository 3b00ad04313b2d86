import ArgumentParser
import Pipeline

extension RunParameters.Mode: ExpressibleByArgument {}
extension RunParameters.Vectors: ExpressibleByArgument {}
extension RunParameters.Order: ExpressibleByArgument {}
extension RunParameters.Titles: ExpressibleByArgument {}

/// The options that shape a run (create and rescrape).
struct RunOptions: ParsableArguments {
    @Option(help: "Keywords per batch after the first (50-100000).")
    var batchSize: Int = 500

    @Option(help: "The number of topics wanted, or auto: chosen from the topic tree where a merge costs more than one page (semantic runs; default: keywords / --cluster-size).")
    var clusters: String?

    @Option(help: "The mean number of keywords per topic, when --clusters is not given.")
    var clusterSize: Int = 20

    @Option(help: "Pillars (hub pages) grouping the topics: auto (chosen from the topic tree, about 5-15 topics a pillar) or a number.")
    var pillars: String = "auto"

    @Option(help: "The random seed: the same input and seed always give the same result.")
    var seed: UInt64 = 42

    @Option(help: "batched (default) or monolithic (all keywords in one pass, the old way).")
    var mode: RunParameters.Mode = .batched

    @Option(help: "semantic (native sentence embeddings, all-MiniLM-L6-v2 unless --model says otherwise; the default when the model is found) or lexical (sparse TF-IDF).")
    var vectors: RunParameters.Vectors?

    @Option(help: "all-MiniLM-L6-v2 (default: $KWCLUSTER_MODEL, the cache folder, ./models/all-MiniLM-L6-v2), all-mpnet-base-v2 (stronger, ~8x slower), or a sentence-transformers model folder. A project keeps its model.")
    var model: String?

    @Flag(help: "Never download the model.")
    var offline = false

    @Option(help: "The order keywords are batched in: sample (seeded random, clusters best) or volume (highest first).")
    var order: RunParameters.Order = .sample

    @OptionGroup var centre: CentreMassOption

    @OptionGroup var encoderPrecision: PrecisionOption

    @OptionGroup var fine: FineFactorOption

    @Option(help: "Memory a batch may use, in MB; larger batches are made smaller.")
    var memoryLimit: Int = 1024

    @Option(help: "builtin (offline, deterministic) or llm (an OpenAI-compatible server; key from OPENAI_API_KEY).")
    var titles: RunParameters.Titles = .builtin

    @Option(help: "With --titles=llm: the server's base URL, e.g. https://api.openai.com/v1.")
    var llmBaseUrl: String?

    @Option(help: "With --titles=llm: the model name.")
    var llmModel: String?

    @Option(help: "With --titles=llm: HTTP requests one process may send; then title work pauses until `resume`.")
    var llmMaxRequests: Int?

    @Option(help: "With --titles=llm: clusters per request.")
    var llmClustersPerRequest: Int = 5

    @Option(help: "With --titles=llm: requests in flight at once.")
    var llmConcurrency: Int = 2

    func parameters(progress: @escaping ProgressSink) throws -> RunParameters {
        var parameters = RunParameters()
        parameters.batchSize = batchSize
        if clusters == "auto" {
            parameters.autoClusters = true
        } else if let clusters {
            guard let number = Int(clusters) else { throw ValidationError("--clusters must be auto or a whole number (got \(clusters))") }
            parameters.clusterCount = number
        }
        parameters.clusterSize = clusterSize
        do { parameters.pillars = try PillarCount(parsing: pillars) } catch let error as PipelineError {
            throw ValidationError(error.description)
        }
        parameters.seed = seed
        parameters.mode = mode
        parameters.order = order
        parameters.memoryLimitMB = memoryLimit
        centre.apply(to: &parameters)
        parameters.titles = titles
        if titles == .llm {
            guard let llmBaseUrl, let llmModel else {
                throw ValidationError("--titles=llm needs --llm-base-url and --llm-model")
            }
            guard llmClustersPerRequest >= 1, llmConcurrency >= 1, (llmMaxRequests ?? 1) >= 1 else {
                throw ValidationError("--llm-clusters-per-request, --llm-concurrency and --llm-max-requests must be at least 1")
            }
            var settings = LLMSettings(baseURL: llmBaseUrl, model: llmModel)
            settings.maxRequests = llmMaxRequests
            settings.clustersPerRequest = llmClustersPerRequest
            settings.maxConcurrentRequests = llmConcurrency
            parameters.llm = settings
        }
        do { try parameters.validate() } catch let error as PipelineError { throw ValidationError(error.description) }
        try VectorChoice.resolve(requested: vectors, model: model, offline: offline, precision: encoderPrecision.precision,
                                 parameters: &parameters, progress: progress)
        try fine.apply(to: &parameters)
        if parameters.autoClusters == true, parameters.autoPageCost == nil {
            throw ValidationError("--clusters=auto cuts the tree of fine clusters, which only batched semantic runs make (--vectors=semantic, --fine-factor above 1); give lexical or monolithic runs --clusters=K or --cluster-size=N")
        }
        return parameters
    }
}
