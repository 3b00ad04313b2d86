import ArgumentParser
import Foundation
import Pipeline
import SentenceEncoder

struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Embed texts with the native sentence encoder: one text per line on stdin, one JSON array of floats per line on stdout.",
        discussion: "The vectors are the L2-normalised mean-pooled embeddings that sentence-transformers gives (all-MiniLM-L6-v2 by default, all-mpnet-base-v2 with --model=all-mpnet-base-v2)."
    )

    @Option(help: "all-MiniLM-L6-v2 (default: $KWCLUSTER_MODEL, the cache folder, ./models/all-MiniLM-L6-v2), all-mpnet-base-v2, or a sentence-transformers model folder.")
    var model: String?

    @Option(help: "Texts encoded per call.")
    var chunk: Int = 1_024

    @OptionGroup var encoderPrecision: PrecisionOption

    func run() async throws {
        try await runReportingErrors {
            guard let directory = ModelLocator.locate(explicit: model) else {
                throw PipelineError.failed(model.map(ModelLocator.notFoundMessage)
                    ?? "no sentence-transformers model found; get it with scripts/fetch-model.sh, or pass --model=NAME or DIR")
            }
            let encoder = try SentenceEncoder(modelDirectory: directory, precision: encoderPrecision.precision)
            let output = try OutputBuffer(path: nil)
            var pending: [String] = []
            func flush() {
                for vector in encoder.encode(pending) {
                    output.write("[" + vector.map { String($0) }.joined(separator: ",") + "]\n")
                }
                pending.removeAll(keepingCapacity: true)
            }
            while let line = readLine(strippingNewline: true) {
                pending.append(line)
                if pending.count >= max(chunk, 1) { flush() }
            }
            flush()
            output.flush()
        }
    }
}
