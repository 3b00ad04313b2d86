import Clustering
import Content
import FaultPoints
import Foundation
import Ingest
import Persistence

/// `rescrape`: brings a new export into an existing project without reshuffling it. Known
/// keywords keep their cluster and get the new metrics; new keywords are assigned in batches to
/// the existing clusters when close enough, else seed new ones; keywords missing from the export
/// are kept and marked absent. Titles are remade only for clusters whose primary keyword or
/// intent changed. Batches, checkpoints and resume work as in `create`.
public enum Rescrape {
    public struct Started: Sendable {
        public var runID: Int64
        public var imported: KeywordImport
        public var changes: RescrapeImport
        public var batchCount: Int
    }

    /// Imports `files` (or the project's recorded sources when empty) and creates the rescrape run.
    public static func start(project: Project, files: [String], column: String?, sheet: String? = nil, batchSize: Int?, store: Store,
                             progress: ProgressSink = { _ in }) throws -> Started {
        let parameters = try checkCanStart(project: project, batchSize: batchSize, store: store)
        let sources = files.isEmpty ? try recordedFiles(project: project, store: store) : files
        guard !sources.isEmpty else {
            throw PipelineError.badUsage("project '\(project.slug)' has no recorded keyword files; pass --keywords=FILE")
        }
        // Without --keywords, the recorded files are read with the sheet they were read with (unless --sheet says otherwise).
        let sheetToRead = try files.isEmpty ? sheet ?? recordedSheet(project: project, files: sources, store: store) : sheet
        let imported = try KeywordImporter.importFiles(sources, column: column, sheet: sheetToRead)
        for file in imported.files { progress(.imported(file: file.path, keywords: file.keywordsKept)) }
        for warning in imported.warnings { progress(.note(warning)) }
        return try start(project: project, imported: imported, parameters: parameters, store: store)
    }

    /// The project's recorded sources that are files (a crawl's source is its start URL, a
    /// Search Console import's `gsc:PROPERTY`).
    public static func recordedFiles(project: Project, store: Store) throws -> [String] {
        try store.recordedSources(projectID: project.id).filter { !$0.contains("://") && !$0.hasPrefix("gsc:") }
    }

    /// The `--sheet` the last of `files` was read with when the project recorded it (a
    /// rescrape without `--sheet` reads the same sheet again), if any.
    public static func recordedSheet(project: Project, files: [String], store: Store) throws -> String? {
        let sheets = try store.recordedSheets(projectID: project.id)
        return files.compactMap { sheets[$0] }.last
    }

    /// Refuses a `--model` other than the one the project's runs embed with: a project keeps
    /// its model (its stored vectors are that model's, and vectors of two models are never
    /// mixed). `requested` is a model name or folder; it matches when it names the same model
    /// (the folder's last component, as vectors are keyed).
    ///
    /// - Throws: ``PipelineError/failed(_:)`` naming the project's model and what to do.
    public static func checkModel(_ requested: String, project: Project, store: Store) throws {
        guard let previous = try store.runs(projectID: project.id).last else { return }
        let parameters = try RunParameters.decode(previous.parameters)
        let asked = URL(fileURLWithPath: requested).lastPathComponent
        guard parameters.vectors == .semantic, let directory = parameters.modelDirectory else {
            throw PipelineError.failed("project \(project.slug) uses lexical vectors, not a model; --model=\(requested) cannot change that: "
                                       + "rescrape without --model, or create a new project with --model=\(asked)")
        }
        let used = URL(fileURLWithPath: directory).lastPathComponent
        guard used == asked else {
            throw PipelineError.failed("project \(project.slug) uses the model \(used) (its stored vectors are that model's); "
                                       + "--model=\(requested) would mix two models: rescrape without --model, "
                                       + "or create a new project with --model=\(asked)")
        }
    }

    /// The parameters a rescrape of the project runs with, or why it cannot start now (its
    /// last run is unfinished, it has no run).
    public static func checkCanStart(project: Project, batchSize: Int?, store: Store) throws -> RunParameters {
        let runs = try store.runs(projectID: project.id)
        if let unfinished = runs.last(where: { $0.status != .completed }) {
            throw PipelineError.failed("run \(unfinished.id) of \(project.slug) is not finished; finish it first with `kwcluster resume --project=\(project.slug)`")
        }
        guard let previous = runs.last else { throw PipelineError.failed("project '\(project.slug)' has no run to build on") }
        var parameters = try RunParameters.decode(previous.parameters)
        parameters.mode = .batched
        if let batchSize { parameters.batchSize = batchSize }
        try parameters.validate()
        return parameters
    }

    /// Brings keywords already imported (files, a crawl, or both merged) into the project and
    /// creates the rescrape run, in one transaction.
    public static func start(project: Project, imported: KeywordImport, parameters: RunParameters, store: Store) throws -> Started {
        var batchCount = 0
        let changes = try store.importRescrape(projectID: project.id, imported: imported, parameters: parameters.json(),
                                               seed: Int64(bitPattern: parameters.seed)) { newKeywords in
            let sizes = BatchPlan.sizes(keywordCount: newKeywords, parameters: parameters, largeFirstBatch: false)
            batchCount = sizes.count
            return sizes
        }
        FaultPoint.reached(.rescrapeImported, count: 1)
        return Started(runID: changes.runID, imported: imported, changes: changes, batchCount: batchCount)
    }
}

extension BatchProcessor {
    /// The first step of a rescrape run: the model of the previous run, and every cluster's
    /// figures recomputed with the new metrics (a title job where the primary keyword or intent
    /// changed), committed with the run's batch-0 checkpoint in ONE transaction.
    func startRescrape(book: inout ClusterBook) throws -> State {
        guard let previous = try store.runs(projectID: projectID).last(where: { $0.id < runID }) else {
            throw PipelineError.failed("rescrape run \(runID) has no earlier run to start from")
        }
        let checkpoints = try store.checkpointsForRestore(runID: previous.id)
        guard !checkpoints.isEmpty else { throw PipelineError.failed("run \(previous.id) left no checkpoint to start from") }
        let restored = try CheckpointManager.restore(checkpoints, store: store, source: source)
        let generator = SeededGenerator(seed: parameters.seed &+ UInt64(runID))

        let assignments = try store.assignments(projectID: projectID)
        let keywords = try store.keywords(ids: assignments.map(\.keywordID))
        let members = zip(keywords, assignments).map {
            ClusterBook.Member(keyword: $0, clusterID: $1.clusterID, similarity: $1.similarity)
        }
        // Only clusters whose figures changed are rewritten and counted as changed by this run.
        let changes = book.rebuild(from: members, runID: runID, batchNumber: 0)
        let jobs = try titleJobs(for: changes.needTitle, members: members, batch: 0)
        // A project made before pillars gets them now (a project with pillars keeps them: no centre moved).
        let previousPillars = try store.pillars(projectID: projectID)
        let pillars = previousPillars.topics.isEmpty
            ? self.pillars(after: 0, totalBatches: 0, model: restored.model, topics: restored.topics, moved: [],
                           previous: previousPillars)
            : (changes: PillarChanges(), pillars: previousPillars)
        var state = CheckpointManager.CheckpointState(step: .start, generator: generator, clusterCount: restored.model.clusterCount,
                                                      clusters: [], similarities: [], newClusters: [], inertia: 0,
                                                      topics: restored.topics)
        state.record(pillars.changes)
        let checkpoint = CheckpointManager.checkpoint(runID: runID, batchNumber: 0, state: state, processed: [],
                                                      snapshotOf: restored.model)
        try store.commitRescrapeStart(
            BatchCommit(runID: runID, batchNumber: 0, assignments: [], changedClusters: changes.rows, newClusterCount: 0,
                        titleJobs: jobs, checkpoint: checkpoint, log: BatchLog(iterations: 0, inertia: 0, newClusters: 0, farKeywords: 0),
                        processingTimeMs: 0, pillars: pillars.changes),
            projectID: projectID)
        FaultPoint.reached(.rescrapeStarted, count: 1)
        return State(model: restored.model, generator: generator, lastBatch: 0, pillars: pillars.pillars, topics: restored.topics)
    }
}
