import Content
import Foundation
import Persistence
import SentenceEncoder
import TextFeatures

/// Builds what a run needs from what the database holds (parameters, vector space, title
/// generator) and runs it: shared by `create`, `resume` and `rescrape`.
public enum ProjectRunner {
    /// Runs (or continues) `runID` of `project` to its end.
    /// - Parameters:
    ///   - headStart: the first batch's fit made by `create` (see ``FirstBatchHeadStart``).
    ///   - titleRequests: with LLM titles on a worker, the requests shared with title workers.
    @discardableResult
    public static func run(project: Project, runID: Int64, store: Store, batchLimit: Int? = nil,
                           headStart: FirstBatchHeadStart.Pending? = nil, titleRequests: (any TitleRequestExchange)? = nil,
                           progress: @escaping ProgressSink = { _ in }) async throws -> BatchProcessor.Summary {
        guard let run = try store.run(id: runID) else { throw PipelineError.failed("run \(runID) does not exist") }
        let parameters: RunParameters
        do { parameters = try RunParameters.decode(run.parameters) } catch {
            throw PipelineError.failed("run \(runID) has unreadable parameters: \(error)")
        }
        let source = try vectorSource(project: project, parameters: parameters, store: store, headStart: headStart)
        let backend = try titleBackend(parameters, budget: titleRequests?.budget ?? ProcessRequestBudget())
        let titles = BatchTitleGenerator(store: store, projectID: project.id, backend: backend, year: parameters.titleYear,
                                         exchange: parameters.titles == .llm ? titleRequests : nil)
        let processor = BatchProcessor(store: store, projectID: project.id, runID: runID, parameters: parameters,
                                       source: source, titles: titles, batchLimit: batchLimit, headStart: headStart,
                                       progress: progress)
        return try await processor.run()
    }

    /// The restore of `runID`'s model from its newest checkpoint (snapshot plus replayed
    /// batches) that a resume does first, ready to call with the run's vectors already loaded:
    /// what `bench` times. The restored model is discarded.
    public static func latestCheckpointRestore(project: Project, runID: Int64, parameters: RunParameters,
                                               store: Store) throws -> () throws -> Void {
        let source = try vectorSource(project: project, parameters: parameters, store: store)
        return { _ = try CheckpointManager.restore(try store.checkpointsForRestore(runID: runID), store: store, source: source) }
    }

    /// The project's newest run that has not completed, if any.
    public static func unfinishedRun(project: Project, store: Store) throws -> ProcessingRun? {
        try store.runs(projectID: project.id).last { $0.status != .completed }
    }

    /// The built-in generator, or the language model the run was started with (`--titles=llm`).
    public static func titleBackend(_ parameters: RunParameters,
                                    budget: any LLMRequestBudget = ProcessRequestBudget()) throws -> any TitleBackend {
        switch parameters.titles {
        case .builtin:
            return BuiltInTitleBackend(year: parameters.titleYear)
        case .llm:
            guard let settings = parameters.llm else {
                throw PipelineError.badUsage("--titles=llm needs --llm-base-url and --llm-model")
            }
            return LLMTitleBackend(settings: settings, apiKey: ProcessInfo.processInfo.environment["OPENAI_API_KEY"],
                                   year: parameters.titleYear, budget: budget)
        }
    }

    /// The run's vectors: the semantic encoder, or the project's stored lexical space (taken from
    /// `headStart` when it holds that very space).
    static func vectorSource(project: Project, parameters: RunParameters, store: Store,
                             headStart: FirstBatchHeadStart.Pending? = nil) throws -> any VectorSource {
        if parameters.vectors == .semantic {
            guard let directory = parameters.modelDirectory else {
                throw PipelineError.failed("the run uses semantic vectors but names no model folder")
            }
            let encoder: SentenceEncoder
            do {
                encoder = try SentenceEncoder(modelDirectory: URL(fileURLWithPath: directory, isDirectory: true),
                                              precision: parameters.encoderPrecision ?? .fp32)
            } catch SentenceEncoderError.unsupportedPrecision(let precision) {
                throw PipelineError.failed("the run embeds at \(precision.rawValue), which this CPU cannot run: resume it on a machine with the instructions it needs (AVX-512 VNNI and BF16 for int8, BF16 for bf16), or start a new run with --precision=fp32")
            } catch {
                throw PipelineError.failed("cannot load the sentence-transformers model in \(directory): \(error). Put the model back there (scripts/fetch-model.sh \(URL(fileURLWithPath: directory).lastPathComponent) fetches it)")
            }
            return SemanticVectorSource(encoder: encoder, store: store, encoding: parameters.vectorEncoding ?? .float32)
        }
        let bytes = try store.lexicalSpace(projectID: project.id)
        if let fitted = headStart?.vectorizer(storedAs: bytes) { return LexicalVectorSource(vectorizer: fitted) }
        let vectorizer: LexicalVectorizer
        do { vectorizer = try LexicalVectorizer(serialized: bytes) } catch {
            throw PipelineError.failed("the stored vector space of project '\(project.slug)' is unreadable: \(error)")
        }
        return LexicalVectorSource(vectorizer: vectorizer)
    }
}
