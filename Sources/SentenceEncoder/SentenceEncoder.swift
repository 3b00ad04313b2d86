import Dispatch
import Foundation

/// Sentence embeddings with a BERT or MPNet sentence-transformers model (all-MiniLM-L6-v2,
/// all-mpnet-base-v2), in pure Swift: WordPiece tokenisation, the transformer forward pass,
/// mean pooling over the tokens and L2 normalisation, as
/// `SentenceTransformer.encode(..., normalize_embeddings=True)`.
///
/// Texts are tokenised, then cut into batches of about ``tokensPerBatch`` tokens without
/// padding; batches run in parallel, one per core.
public final class SentenceEncoder: Sendable {
    /// The folder the model was loaded from.
    public let modelDirectory: URL
    /// The tokenizer (at most ``maxSequenceLength`` ids per text, specials included).
    public let tokenizer: WordPieceTokenizer
    /// The model's hyper-parameters.
    public let configuration: BertConfiguration
    /// Longer texts are truncated to this many tokens, `[CLS]` and `[SEP]` (MPNet: `<s>` and
    /// `</s>`) included.
    public let maxSequenceLength: Int
    /// The path the matrix products take: ``Precision/fp32``, ``Precision/int8`` or
    /// ``Precision/bf16`` (``Precision/auto`` resolved for this CPU when loading).
    public let precision: Precision
    let model: BertModel

    /// Roughly how many tokens one batch (one core's unit of work) holds. Measured on 5,000
    /// StackOverflow titles (AVX-512 build): 512 gave ~372 texts per CPU-second, 1024 ~356,
    /// 256 ~300 (noisy). Smaller batches also balance the two cores better at the end.
    public static let tokensPerBatch = 512

    /// Loads `config.json`, `vocab.txt` and `model.safetensors` (and, when present,
    /// `sentence_bert_config.json` for the maximum sequence length) from `modelDirectory`; an
    /// MPNet model's tokenizer comes from its `tokenizer.json` (its special tokens and ids).
    ///
    /// - Parameters:
    ///   - precision: the arithmetic of the matrix products; ``Precision/fp32`` (the default)
    ///     is the reference path, ``Precision/auto`` the fastest this CPU offers.
    ///   - features: the CPU's instructions (this machine's unless a test says otherwise).
    /// - Throws: ``SentenceEncoderError`` naming the missing or invalid file, or
    ///   ``SentenceEncoderError/unsupportedPrecision(_:)`` when the CPU cannot run `precision`.
    /// - Complexity: O(parameter count): weights are converted and packed once.
    public init(modelDirectory: URL, precision: Precision = .fp32, features: CPUFeatures = .current) throws {
        self.modelDirectory = modelDirectory
        let configuration = try BertConfiguration.load(from: modelDirectory.appendingPathComponent("config.json"))
        let precision = try precision.resolved(for: configuration.architecture, on: features)
        let maxSequenceLength = min(
            try Self.readMaxSequenceLength(modelDirectory.appendingPathComponent("sentence_bert_config.json")) ?? 256,
            configuration.longestSequence)
        try Self.checkUncased(modelDirectory.appendingPathComponent("tokenizer_config.json"))
        let vocabularyURL = modelDirectory.appendingPathComponent("vocab.txt")
        let tokenizerURL = configuration.architecture == .mpnet
            ? modelDirectory.appendingPathComponent("tokenizer.json") : vocabularyURL
        let tokenizer = configuration.architecture == .mpnet
            ? try WordPieceTokenizer(tokenizerJSONURL: tokenizerURL, maxLength: maxSequenceLength)
            : try WordPieceTokenizer(vocabularyURL: vocabularyURL, maxLength: maxSequenceLength)
        guard tokenizer.vocabularySize <= configuration.vocabularySize else {
            throw SentenceEncoderError.invalidFile(
                tokenizerURL,
                reason: "\(tokenizer.vocabularySize) pieces for a model of vocab_size \(configuration.vocabularySize)")
        }
        let reader = try SafetensorsReader(url: modelDirectory.appendingPathComponent("model.safetensors"))
        var inputMaxima: [[Float]]?
        if precision == .int8 {
            // The int8 layers' smoothing comes from the fp32 model's inputs on fixed calibration texts.
            let reference = BertModel(
                configuration: configuration, weights: try BertWeights(reader: reader, configuration: configuration, precision: .fp32))
            let maxima = ChannelMaxima(
                layerCount: configuration.layerCount,
                widths: [configuration.hiddenSize, configuration.hiddenSize, configuration.hiddenSize, configuration.intermediateSize])
            let lines = try String(contentsOf: vocabularyURL, encoding: .utf8).split(separator: "\n").map(String.init)
            let texts = ChannelMaxima.calibrationTexts(vocabularyLines: lines)
            _ = reference.pooledHiddenStates(texts.map(tokenizer.encode), parallel: true, calibration: maxima)
            inputMaxima = maxima.values
        }
        self.model = BertModel(
            configuration: configuration,
            weights: try BertWeights(reader: reader, configuration: configuration, precision: precision, inputMaxima: inputMaxima))
        self.precision = precision
        self.configuration = configuration
        self.tokenizer = tokenizer
        self.maxSequenceLength = maxSequenceLength
    }

    /// The path `precision` takes for the model in `modelDirectory` on this CPU
    /// (``Precision/resolved(for:on:)`` with the model's `config.json`).
    ///
    /// - Throws: ``SentenceEncoderError`` for an unreadable `config.json` or a path the CPU or
    ///   the model does not offer.
    public static func resolvedPrecision(_ precision: Precision, modelDirectory: URL, features: CPUFeatures = .current) throws -> Precision {
        let configuration = try BertConfiguration.load(from: modelDirectory.appendingPathComponent("config.json"))
        return try precision.resolved(for: configuration.architecture, on: features)
    }

    /// What stored vectors of this encoder are filed under (`keyword_vectors.model`).
    public var vectorKey: String { Self.vectorKey(modelDirectory: modelDirectory, precision: precision) }

    /// The model folder's name for fp32 vectors (as before reduced precisions existed), the
    /// name and the precision (`all-MiniLM-L6-v2@int8`) otherwise: vectors of one path are
    /// never mistaken for another's.
    public static func vectorKey(modelDirectory: URL, precision: Precision) -> String {
        precision == .fp32 || precision == .auto
            ? modelDirectory.lastPathComponent : "\(modelDirectory.lastPathComponent)@\(precision.rawValue)"
    }

    /// The length of the embeddings (384 for all-MiniLM-L6-v2, 768 for all-mpnet-base-v2).
    public var dimension: Int { configuration.hiddenSize }

    /// The unit-length embedding of every text, in the order of `texts`. An empty text still
    /// gets the embedding of `[CLS] [SEP]`. A text's vector does not depend on the other texts
    /// of the call (no padding; fixed summation order).
    ///
    /// Synchronous and CPU-bound: it uses every core through `DispatchQueue.concurrentPerform`
    /// and blocks the caller until done, so from Swift concurrency call it off the cooperative
    /// pool (or accept that it occupies one of its threads), in chunks if progress is wanted.
    ///
    /// - Parameter threads: how many threads to use (default: one per core); 1 keeps all the
    ///   work on the calling thread. The vectors do not depend on it.
    /// - Complexity: O(T × layers × H × (H + I)) for T tokens in all, spread over the cores.
    public func encode(_ texts: [String], threads: Int? = nil) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let sequences = tokenizeAll(texts, threads: threads)
        let batches = Self.planBatches(lengths: sequences.map(\.count), threads: threads)
        let results = ResultSlots<[Float]>(count: texts.count)
        defer { results.deallocate() }
        let run: @Sendable (Range<Int>, Bool) -> Void = { batch, parallel in
            let pooled = self.model.pooledHiddenStates(Array(sequences[batch]), parallel: parallel)
            for (offset, vector) in pooled.enumerated() {
                results.set(batch.lowerBound + offset, Self.normalized(vector))
            }
        }
        if batches.count == 1 {
            run(batches[0], threads > 1)
        } else if threads == 1 {
            for batch in batches { run(batch, false) }
        } else {
            DispatchQueue.concurrentPerform(iterations: batches.count) { index in
                run(batches[index], false)
            }
        }
        return results.values()
    }

    /// ``encode(_:)`` on the calling thread only, as one batch, adding the time of each step
    /// (tokenising, each kind of product, attention, layer norms...) to `timer`: where the
    /// time goes, for the encoder benchmark. The vectors equal ``encode(_:)``'s.
    ///
    /// - Complexity: as ``encode(_:)``, on one core.
    public func profile(_ texts: [String], timer: OperationTimer) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let sequences = timer.measure(.tokenize) { texts.map(tokenizer.encode) }
        let pooled = model.pooledHiddenStates(sequences, parallel: false, timer: timer)
        return timer.measure(.pool) { pooled.map(Self.normalized) }
    }

    /// The token ids the model sees for `text`.
    public func tokenize(_ text: String) -> [Int32] {
        tokenizer.encode(text)
    }

    /// Tokenises in parallel chunks when there are many texts.
    ///
    /// - Complexity: O(total text length).
    private func tokenizeAll(_ texts: [String], threads: Int) -> [[Int32]] {
        guard texts.count >= 256, threads > 1 else { return texts.map(tokenizer.encode) }
        let slots = ResultSlots<[Int32]>(count: texts.count)
        defer { slots.deallocate() }
        let chunks = 4 * threads
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for index in texts.count * chunk / chunks..<texts.count * (chunk + 1) / chunks {
                slots.set(index, tokenizer.encode(texts[index]))
            }
        }
        return slots.values()
    }

    /// Cuts consecutive sequences into batches of similar token counts: one batch when the
    /// input is small (its products then use every core), else a multiple of `threads`
    /// batches of about ``tokensPerBatch`` tokens each (on one thread too: a batch's
    /// activations then stay in the caches; one batch of 20,000 tokens ran the int8 products
    /// at half speed).
    ///
    /// - Complexity: O(count).
    static func planBatches(lengths: [Int], threads: Int) -> [Range<Int>] {
        let total = lengths.reduce(0, +)
        guard total > tokensPerBatch / 2, lengths.count > 1 else { return [0..<lengths.count] }
        let rounds = (total + threads * tokensPerBatch - 1) / (threads * tokensPerBatch)
        let batchCount = min(lengths.count, rounds * threads)
        var batches: [Range<Int>] = []
        var start = 0, seen = 0
        for (index, length) in lengths.enumerated() {
            seen += length
            // Close the batch once the running total passes its share of the tokens.
            if seen * batchCount >= total * (batches.count + 1), index + 1 < lengths.count {
                batches.append(start..<index + 1)
                start = index + 1
            }
        }
        batches.append(start..<lengths.count)
        return batches
    }

    /// `v / max(‖v‖, 1e-12)`, as `torch.nn.functional.normalize`.
    static func normalized(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let scale = 1 / max(norm, 1e-12)
        return vector.map { $0 * scale }
    }

    private static func readMaxSequenceLength(_ url: URL) throws -> Int? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SentenceEncoderError.invalidFile(url, reason: "not a JSON object")
        }
        guard let length = object["max_seq_length"] as? Int else { return nil }
        guard length >= 2 else { throw SentenceEncoderError.invalidFile(url, reason: "max_seq_length \(length) < 2") }
        return length
    }

    private static func checkUncased(_ url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let lowerCase = object["do_lower_case"] as? Bool
        else { return }
        guard lowerCase else {
            throw SentenceEncoderError.invalidFile(url, reason: "cased (do_lower_case false) tokenizers are not supported")
        }
    }
}

/// Write-once slots filled from concurrent workers, each index by exactly one worker.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) { slots[index] = value }

    /// Every slot's value; a slot never set would be a bug in the caller.
    func values() -> [Value] {
        (0..<count).map { index in
            guard let value = slots[index] else { preconditionFailure("result slot \(index) was never filled") }
            return value
        }
    }

    func deallocate() {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
}
