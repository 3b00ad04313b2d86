import Clustering
import Foundation
import Ingest
import Persistence
import Pipeline
import SentenceEncoder

/// Measures cluster quality on a labelled text set (`text,label` CSV): the batched engine and a
/// single full k-means pass (monolithic) over the same vectors with k = the number of labels,
/// each scored by NMI, ARI and accuracy (Hungarian matching) against the labels.
public enum QualityHarness {
    public struct Scores: Sendable, Codable {
        public var nmi: Double
        public var ari: Double
        public var accuracy: Double
        public var seconds: Double

        init(nmi: Double, ari: Double, accuracy: Double, seconds: Double) {
            self.nmi = nmi
            self.ari = ari
            self.accuracy = accuracy
            self.seconds = seconds
        }

        /// The scores of `predicted` against `truth`, for work timed from `start` to `end`.
        init(truth: [Int], predicted: [Int], since start: ContinuousClock.Instant, until end: ContinuousClock.Instant = .now) {
            self.init(nmi: ClusterQuality.normalizedMutualInformation(truth: truth, predicted: predicted),
                      ari: ClusterQuality.adjustedRandIndex(truth: truth, predicted: predicted),
                      accuracy: ClusterQuality.accuracy(truth: truth, predicted: predicted),
                      seconds: Benchmark.seconds(start, end))
        }
    }

    public struct Result: Sendable, Codable {
        public var set: String
        public var texts: Int
        public var labels: Int
        public var batched: Scores
        public var full: Scores
        /// Half of the texts clustered, then the rest brought in by a rescrape (with `--rescrape`).
        public var rescrape: Scores?
        /// The batched run's fine clusters per topic (nil: one k-means cluster per topic).
        public var fineFactor: Int?
        /// How many seeds the scores are the mean of.
        public var seeds = 1

        /// The mean scores of several runs of one set.
        public static func mean(of results: [Result]) -> Result {
            func average(_ scores: [Scores]) -> Scores {
                let n = Double(scores.count)
                return Scores(nmi: scores.map(\.nmi).reduce(0, +) / n, ari: scores.map(\.ari).reduce(0, +) / n,
                              accuracy: scores.map(\.accuracy).reduce(0, +) / n, seconds: scores.map(\.seconds).reduce(0, +) / n)
            }
            var result = results[0]
            result.batched = average(results.map(\.batched))
            result.full = average(results.map(\.full))
            let rescrapes = results.compactMap(\.rescrape)
            result.rescrape = rescrapes.count == results.count ? average(rescrapes) : nil
            result.seeds = results.count
            return result
        }
    }

    /// A labelled set read once and, for semantic runs, embedded once, to be clustered with
    /// several seeds.
    public struct LabelledSet: Sendable {
        public let name: String
        let imported: KeywordImport
        /// Each text's label id, in import order (keyword id − 1).
        let truth: [Int]
        public let labelCount: Int
        /// Semantic runs: each text's vector by keyword id; empty for lexical runs.
        let vectors: [Int64: [Float]]

        /// Reads `path`. Texts are normalised like keywords; a duplicate keeps its first label.
        public static func load(path: String, parameters: RunParameters) throws -> LabelledSet {
            let rows = try LabelledTextFile.read(path)
            var labelIDs: [String: Int] = [:]
            var seen = Set<String>()
            var keywords: [ImportedKeyword] = []
            var truth: [Int] = []
            for row in rows {
                guard let text = KeywordNormalizer.normalize(row.text), text.count <= 200, seen.insert(text).inserted else { continue }
                let label = labelIDs[row.label] ?? {
                    labelIDs[row.label] = labelIDs.count
                    return labelIDs.count - 1
                }()
                keywords.append(ImportedKeyword(text: text, metrics: KeywordMetrics(), sources: [path]))
                truth.append(label)
            }
            guard !keywords.isEmpty else { throw PipelineError.failed("\(path): no text to cluster") }
            var vectors: [Int64: [Float]] = [:]
            if parameters.vectors == .semantic, let directory = parameters.modelDirectory {
                let encoder = try SentenceEncoder(modelDirectory: URL(fileURLWithPath: directory, isDirectory: true),
                                                  precision: parameters.encoderPrecision ?? .fp32)
                for (index, vector) in encoder.encode(keywords.map(\.text)).enumerated() { vectors[Int64(index + 1)] = vector }
            }
            let name = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
            return LabelledSet(name: name.isEmpty ? path : name, imported: KeywordImport(keywords: keywords, files: [], warnings: []),
                               truth: truth, labelCount: labelIDs.count, vectors: vectors)
        }
    }

    /// Scores `set` with the batched engine (as `create` runs it: with `parameters.fineFactor`,
    /// fine clusters merged into topics) and with one full k-means pass, k = its number of labels.
    public static func evaluate(_ set: LabelledSet, parameters: RunParameters, rescrape: Bool = false) async throws -> Result {
        var batched = parameters
        batched.clusterCount = set.labelCount
        batched.mode = .batched
        var full = batched
        full.mode = .monolithic
        return Result(set: set.name, texts: set.truth.count, labels: set.labelCount,
                      batched: try await score(set.imported, truth: set.truth, parameters: batched, vectors: set.vectors),
                      full: try await score(set.imported, truth: set.truth, parameters: full, vectors: set.vectors),
                      rescrape: rescrape ? try await scoreRescrape(set.imported, truth: set.truth, parameters: batched, vectors: set.vectors) : nil,
                      fineFactor: batched.activeFineFactor)
    }

    /// Creates the project from a seeded random half of the texts, then rescrapes with all of them.
    static func scoreRescrape(_ imported: KeywordImport, truth: [Int], parameters: RunParameters,
                              vectors: [Int64: [Float]]) async throws -> Scores {
        let started = ContinuousClock.now
        var generator = SeededGenerator(seed: parameters.seed ^ 0x4A1F)
        var order = Array(imported.keywords.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, generator.nextIndex(below: i + 1)) }
        let firstHalf = order.prefix(order.count / 2).sorted()
        // Keyword ids follow insertion order: the half first, the rest in the rescrape.
        let original = firstHalf + order.dropFirst(order.count / 2).sorted()
        let halfImport = KeywordImport(keywords: firstHalf.map { imported.keywords[$0] }, files: [], warnings: [])
        let allImport = KeywordImport(keywords: original.map { imported.keywords[$0] }, files: [], warnings: [])
        let store = try SQLiteStore.inMemory()
        let created = try ProjectCreator.create(slug: "evaluation", domain: "evaluation", imported: halfImport,
                                                parameters: parameters, store: store, sampleOrderIDs: false)
        if let directory = parameters.modelDirectory, !vectors.isEmpty {
            var renumbered: [Int64: [Float]] = [:]
            for (position, index) in original.enumerated() { renumbered[Int64(position + 1)] = vectors[Int64(index + 1)] }
            try store.saveVectors(renumbered, model: vectorKey(directory, parameters))
        }
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: store, headStart: created.headStart)
        let changes = try store.importRescrape(projectID: created.project.id, imported: allImport, parameters: parameters.json(),
                                               seed: Int64(bitPattern: parameters.seed)) { count in
            BatchPlan.sizes(keywordCount: count, parameters: parameters, largeFirstBatch: false)
        }
        try await ProjectRunner.run(project: created.project, runID: changes.runID, store: store)
        var predicted = Array(repeating: -1, count: truth.count)
        for assignment in try store.assignments(projectID: created.project.id) {
            predicted[original[Int(assignment.keywordID) - 1]] = assignment.clusterID
        }
        return Scores(truth: truth, predicted: predicted, since: started)
    }

    /// The key the run's ``SemanticVectorSource`` reads the stored vectors under.
    static func vectorKey(_ directory: String, _ parameters: RunParameters) -> String {
        SentenceEncoder.vectorKey(modelDirectory: URL(fileURLWithPath: directory, isDirectory: true),
                                  precision: parameters.encoderPrecision ?? .fp32)
    }

    static func score(_ imported: KeywordImport, truth: [Int], parameters: RunParameters,
                      vectors: [Int64: [Float]]) async throws -> Scores {
        let started = ContinuousClock.now
        let predicted = try await assignments(imported, parameters: parameters, vectors: vectors)
        return Scores(truth: truth, predicted: predicted, since: started)
    }

    /// Runs a project of `imported` to the end and returns each keyword's cluster, in import order.
    static func assignments(_ imported: KeywordImport, parameters: RunParameters, vectors: [Int64: [Float]]) async throws -> [Int] {
        let store = try SQLiteStore.inMemory()
        let created = try ProjectCreator.create(slug: "evaluation", domain: "evaluation", imported: imported,
                                                parameters: parameters, store: store, sampleOrderIDs: false)
        if let directory = parameters.modelDirectory, !vectors.isEmpty {
            try store.saveVectors(vectors, model: vectorKey(directory, parameters))
        }
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: store, headStart: created.headStart)
        // Keyword ids follow import order, so id - 1 is the text's position.
        var predicted = Array(repeating: -1, count: imported.keywords.count)
        for assignment in try store.assignments(projectID: created.project.id) {
            predicted[Int(assignment.keywordID) - 1] = assignment.clusterID
        }
        return predicted
    }
}
