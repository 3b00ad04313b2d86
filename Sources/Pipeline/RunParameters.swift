import Clustering
import Foundation
import Persistence
import SentenceEncoder

/// Everything that decides a run's result. Stored as JSON in `processing_runs.parameters`,
/// so `resume` continues with exactly the parameters the run started with.
public struct RunParameters: Sendable, Codable, Equatable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// A first batch of about 10% of the keywords, then `batchSize` keywords at a time.
        case batched
        /// All keywords in one k-means pass: the old way, kept as a fallback and a baseline.
        case monolithic
    }

    public enum Vectors: String, Sendable, Codable, CaseIterable {
        case lexical, semantic
    }

    public enum Order: String, Sendable, Codable, CaseIterable {
        /// A seeded random order: every batch is a fair sample of the topics (the default; it clusters better).
        case sample
        /// Highest search volume first: the most valuable topics appear first.
        case volume
    }

    public enum Titles: String, Sendable, Codable, CaseIterable {
        /// The built-in generator: offline, deterministic.
        case builtin
        /// An OpenAI-compatible chat-completions server, with the built-in generator as fallback.
        case llm
    }

    public var mode: Mode = .batched
    /// The sentence-transformers model folder of a semantic run.
    public var modelDirectory: String?
    /// Why a run uses lexical vectors although semantic ones were the default.
    public var vectorsNote: String?
    public var titles: Titles = .builtin
    public var llm: LLMSettings?
    public var vectors: Vectors = .lexical
    /// Semantic runs: the encoder's arithmetic, resolved for the machine when the run starts
    /// (int8, bf16 or fp32, never auto), so a resumed run embeds its keywords the same way.
    /// `nil` is fp32: runs started before this setting existed decode to nil and resume exactly.
    public var encoderPrecision: Precision?
    /// Semantic runs: how the vectors are stored and used. `int8` (runs at a reduced precision)
    /// keeps a byte per dimension, a quarter of float32's size, and the run clusters those very
    /// vectors (decoded to unit length), fresh or read back. `nil` is float32: the exact vectors,
    /// as fp32 runs and runs started before this setting existed keep them.
    public var vectorEncoding: StoredVector.Encoding?
    public var seed: UInt64 = 42
    /// Keywords per batch after the first, 50...100,000.
    public var batchSize: Int = 500
    /// The first batch's share of the keywords.
    public var firstBatchFraction: Double = 0.1
    public var order: Order = .sample
    /// Set by `create` when it stored the keywords in the sampled order, so that keyword ids
    /// ascend in processing order: each batch then reads and writes neighbouring rows instead
    /// of rows spread over the whole table. Runs without it (older ones, rescrapes) shuffle ids.
    public var keywordsStoredInSampleOrder: Bool?
    /// `--clusters`: the number of topics wanted; nil to derive it from `clusterSize`.
    public var clusterCount: Int?
    /// `--cluster-size`: the mean number of keywords per topic wanted, when `clusterCount` is nil.
    public var clusterSize: Int = 20
    /// `--clusters=auto`: the number of topics is chosen from the tree of fine clusters, cut
    /// where a merge costs more than one page (`FineClusterMerge.onePageCost`), not given. The
    /// engine still makes `fineFactor` fine clusters per `clusterSize` keywords (the granularity
    /// the cost was calibrated at). Needs fine clusters (`activeFineFactor`). `nil`: not auto
    /// (runs started before the option decode to nil).
    public var autoClusters: Bool?
    /// The Ward cost at which the tree of fine clusters is cut into topics, with `--clusters=auto`.
    public var autoPageCost: Double? {
        autoClusters == true && activeFineFactor != nil ? FineClusterMerge.onePageCost : nil
    }
    /// Batched semantic runs: fine k-means clusters per topic (`--fine-factor`). The engine
    /// clusters into this many times the topics wanted and merges the fine clusters' means by
    /// Ward into topics after every batch; the last step merges them all and polishes the
    /// topics with Lloyd iterations over every keyword (`TopicMap`, Guides/TopicTree.md).
    /// `nil` (or 1): one k-means cluster per topic, as runs started before this setting
    /// existed decode to nil and resume exactly as they began.
    public var fineFactor: Int?
    /// The fine factor of new semantic runs (chosen by measurement: docs/topic-tree.md).
    public static let defaultFineFactor = 3
    /// The fine factor in effect: fine clusters only in batched runs over dense vectors.
    public var activeFineFactor: Int? {
        guard let fineFactor, fineFactor > 1, mode == .batched, vectors == .semantic else { return nil }
        return fineFactor
    }

    /// A keyword whose cosine similarity to every centre is below this may seed a new topic
    /// (nil: 0.35 for lexical vectors, 0.5 for semantic ones, whose similarities run higher).
    public var newClusterThreshold: Float?

    /// `--pillars`: how many pillars (hub pages) group the topics. `nil` (runs started before
    /// pillars) is `auto`.
    public var pillars: PillarCount?

    public var pillarCount: PillarCount { pillars ?? .auto }

    /// When create runs recut their pillars (`PillarRecuts`). `nil` (runs started before the
    /// rule existed decode to nil) recuts as they began: after batches 1, 2, 4, 8, …
    public var pillarRecuts: PillarRecuts? = .topicGrowth

    public var pillarRecutRule: PillarRecuts { pillarRecuts ?? .batchPowersOfTwo }

    public var farThreshold: Float { newClusterThreshold ?? (vectors == .semantic ? 0.5 : 0.35) }
    /// A full centroid snapshot every this many batches; the checkpoints between record what changed.
    public var snapshotInterval: Int = 25
    public var maxIterations: Int = 100
    /// Lexical runs: the share of its squared length a cluster centre keeps in its largest
    /// features (see `KMeansModel.centreMass`). `nil` keeps every feature: runs started before
    /// this setting existed decode to nil and so resume exactly as they began.
    public var centreMass: Double? = 0.95
    public var tolerance: Double = 0.01
    /// After the last batch, Lloyd iterations over all of the run's keywords, keeping cluster ids.
    /// At most 5: they converge the clusters of a million keywords to within a point of NMI of
    /// 20, at a quarter of the time (truncated centres keep moving by ~1% between iterations,
    /// so the shift tolerance alone rarely stops them early on large sets).
    public var refineIterations: Int = 5
    /// Semantic runs: whether the refinement's Lloyd iterations assign keywords by the rule for
    /// their mean topic size (`LloydAssignment.rule(meanTopicSize:)`: the nearest mean, as
    /// scikit-learn's k-means, for large topics; the nearest direction for small ones). `nil`
    /// (runs started before this setting existed) always takes the nearest direction (cosine),
    /// so they resume exactly as they began. Lexical runs always take the nearest direction.
    public var refinesBySize: Bool? = true

    /// How the refinement's Lloyd iterations assign keywords, for topics of `meanTopicSize` keywords.
    public func refineAssignment(meanTopicSize: Double) -> LloydAssignment {
        refinesBySize == true ? LloydAssignment.rule(meanTopicSize: meanTopicSize) : .nearestDirection
    }
    /// Bytes a batch may use at most; larger batches are split (`--memory-limit`, in MB).
    public var memoryLimitMB: Int = 1024
    /// The year titles may mention ("Best ... in 2026"), fixed when the run starts so a resumed
    /// run writes the same titles.
    public var titleYear: Int = Calendar(identifier: .gregorian).component(.year, from: Date())

    public init() {}

    /// The number of topics for `keywordCount` keywords.
    public func clusterTarget(keywordCount: Int) -> Int {
        let wanted = clusterCount ?? Int((Double(keywordCount) / Double(max(clusterSize, 1))).rounded())
        return max(1, min(wanted, keywordCount))
    }

    /// The parameters as stored JSON (sorted keys: the same parameters give the same text).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public static func decode(_ json: String) throws -> RunParameters {
        try JSONDecoder().decode(RunParameters.self, from: Data(json.utf8))
    }

    /// Checks the ranges a user can set; the message says what to do.
    public func validate() throws {
        guard (50...100_000).contains(batchSize) else {
            throw PipelineError.badUsage("--batch-size must be between 50 and 100000 (got \(batchSize))")
        }
        if autoClusters == true, clusterCount != nil {
            throw PipelineError.badUsage("--clusters is either auto or a number, not both")
        }
        if let clusterCount, clusterCount < 1 {
            throw PipelineError.badUsage("--clusters must be at least 1 (got \(clusterCount))")
        }
        if let centreMass, !(centreMass > 0 && centreMass <= 1) {
            throw PipelineError.badUsage("--centre-mass must be above 0 and at most 1 (1 keeps every feature; got \(centreMass))")
        }
        guard clusterSize >= 1 else { throw PipelineError.badUsage("--cluster-size must be at least 1 (got \(clusterSize))") }
        if let fineFactor, !(1...20).contains(fineFactor) {
            throw PipelineError.badUsage("--fine-factor must be between 1 and 20 (got \(fineFactor)); 1 makes one k-means cluster per topic")
        }
        guard memoryLimitMB >= 16 else { throw PipelineError.badUsage("--memory-limit must be at least 16 MB (got \(memoryLimitMB))") }
        guard firstBatchFraction > 0, firstBatchFraction <= 1 else {
            throw PipelineError.badUsage("the first batch fraction must be in (0, 1]")
        }
    }
}
