import Clustering
import Content
import Foundation
import Persistence

/// Runs a processing run batch by batch: each batch is vectorised, assigned to the existing
/// clusters (keywords far from all of them seed new ones), folded into the centres, and
/// committed with its checkpoint and title jobs in ONE transaction. A run killed at any
/// moment resumes from its last committed batch and ends byte-identical to one never
/// interrupted. Titles are made concurrently by `BatchTitleGenerator`.
public struct BatchProcessor: Sendable {
    public let store: Store
    public let projectID: Int64
    public let runID: Int64
    public let parameters: RunParameters
    public let source: any VectorSource
    public let titles: BatchTitleGenerator
    public let progress: ProgressSink
    /// Process at most this many batches in this call, leaving the run unfinished (`--max-batches`).
    public var batchLimit: Int?
    /// The first batch's fit, begun while `create` stored the keywords (used only if it was made
    /// from exactly the keywords of batch 1 and the run has not started).
    public var headStart: FirstBatchHeadStart.Pending?
    /// Whether batch 1 of a new project with built-in titles is titled before its commit, in its
    /// transaction (first results in one commit); false leaves its titles to the worker, as for
    /// later batches (the titles are the same; tests compare the two).
    var titlesFirstBatchBeforeCommit = true
    /// Batches of at least this many keywords are checkpointed and titled on other threads
    /// while they are booked and written (the first batch of 20k keywords or more).
    var largeBatch = 2_000

    public init(store: Store, projectID: Int64, runID: Int64, parameters: RunParameters, source: any VectorSource,
                titles: BatchTitleGenerator, batchLimit: Int? = nil, headStart: FirstBatchHeadStart.Pending? = nil,
                progress: @escaping ProgressSink = { _ in }) {
        self.batchLimit = batchLimit
        self.headStart = headStart
        self.store = store
        self.projectID = projectID
        self.runID = runID
        self.parameters = parameters
        self.source = source
        self.titles = titles
        self.progress = progress
    }

    /// What a run did.
    public struct Summary: Sendable {
        public var batchesRun: Int
        public var alreadyComplete: Bool
    }

    /// Processes every batch not yet completed, refines, and waits for the titles.
    public func run() async throws -> Summary {
        guard let run = try store.run(id: runID) else { throw PipelineError.failed("run \(runID) does not exist") }
        if run.status == .completed {
            try await titles.drain(progress: progress)
            return Summary(batchesRun: 0, alreadyComplete: true)
        }
        try store.markRunProcessing(runID: runID)
        let batches = try store.batchRuns(runID: runID)
        let plan: BatchPlan
        if let fromHeadStart = try headStartPlan(run: run, sizes: batches.map(\.batchSize)) {
            plan = fromHeadStart
        } else {
            let planned = try store.plannedKeywords(projectID: projectID, runID: runID)
            plan = BatchPlan(keywordIDs: BatchPlan.order(planned, parameters: parameters), sizes: batches.map(\.batchSize))
        }
        guard plan.sizes.reduce(0, +) == plan.keywordIDs.count else {
            throw PipelineError.failed("run \(runID) planned \(plan.sizes.reduce(0, +)) keywords but \(plan.keywordIDs.count) are waiting; the keywords changed since it started. Start a new run with `kwcluster rescrape`")
        }
        var state = try restoreState()
        var book = ClusterBook(rows: try store.clusters(projectID: projectID))
        if run.kind == .rescrape, state.model == nil {
            state = try startRescrape(book: &book)
        }
        state.recutsPillars = run.kind == .create
        let keywordCount: Int
        if run.kind == .create {
            keywordCount = run.totalKeywords
        } else {
            let counts = try store.keywordCounts(projectID: projectID)
            keywordCount = counts.total - counts.absent
        }
        let target = parameters.clusterTarget(keywordCount: keywordCount)

        // The title worker starts after batch 1 when batch 1 titles itself (first results).
        var titleTask: Task<Void, any Error>?
        var batchesRun = 0
        var lookAhead: VectorLookAhead?
        // Nothing computes vectors once the run returns.
        defer { lookAhead?.wait() }
        do {
            for number in (state.lastBatch + 1)..<(batches.count + 1) {
                if let batchLimit, batchesRun >= batchLimit { break }
                // A cancelled run (a worker whose lease was lost) stops between batches: every
                // batch before is committed, and whoever continues resumes from there.
                try Task.checkCancellation()
                let titleNow = number == 1 && run.kind == .create && parameters.titles == .builtin
                    && titlesFirstBatchBeforeCommit
                if !titleNow, titleTask == nil { titleTask = titles.start(progress: progress) }
                do {
                    try process(batch: number, plan: plan, target: target, state: &state, book: &book, titleNow: titleNow,
                                lookAhead: &lookAhead)
                } catch where batches[number - 1].status == .failed && run.kind == .create && parameters.mode == .batched {
                    // The batch failed before and fails again: fall back to one pass over all keywords.
                    throw BatchKeepsFailing(batch: number, error: String(describing: error))
                }
                batchesRun += 1
            }
            if titleTask == nil { titleTask = titles.start(progress: progress) }
            if state.lastBatch < batches.count {
                // Stopped early on request: the run stays unfinished for `resume`.
            } else if run.kind == .create, parameters.mode == .batched,
                      batches.count > 1 && parameters.refineIterations > 0 || state.topics?.fine == true {
                try refine(plan: plan, target: target, state: &state, book: &book, refinementBatch: batches.count + 1)
                try store.recordClusterChanges(runID: runID, projectID: projectID)
            } else {
                try store.completeRun(runID: runID, refinementIterations: nil)
                try store.recordClusterChanges(runID: runID, projectID: projectID)
            }
        } catch let failing as BatchKeepsFailing {
            titles.stop()
            if let titleTask { _ = await titleTask.result }
            return try await fallBackToOnePass(failing, keywordCount: plan.keywordIDs.count)
        } catch {
            titles.stop()
            if let titleTask { _ = await titleTask.result }
            throw error
        }
        titles.finishWhenDrained()
        try await titleTask?.value
        return Summary(batchesRun: batchesRun, alreadyComplete: false)
    }

    /// The plan `create` made with the head start, when the project's keywords are the ones it
    /// stored: a `create` run's plan covers every keyword of its project, stored in one
    /// transaction in the head start's order with consecutive ids, so ids first...last with no
    /// gap, as many as planned, are the storage positions shifted by the first id. (Reading the
    /// 100k ids and volumes back gives the same plan; the head start's batch 1 is still checked
    /// against the stored texts.)
    private func headStartPlan(run: ProcessingRun, sizes: [Int]) throws -> BatchPlan? {
        guard run.kind == .create, let headStart, let planned = headStart.positionPlan?.keywordIDs.count,
              let span = try store.keywordIDSpan(projectID: projectID),
              span.count == planned, span.last - span.first + 1 == Int64(planned) else { return nil }
        return headStart.plan(firstID: span.first, sizes: sizes)
    }

    /// The id a new topic takes: one above every id the project's topics and `topics` use.
    func nextTopicID(book: ClusterBook, topics: TopicMap) -> Int32 {
        Int32(max(book.rows.keys.max() ?? -1, Int(topics.topicOf.max() ?? -1)) + 1)
    }

    /// A batch that failed on an earlier attempt failed again.
    struct BatchKeepsFailing: Error {
        var batch: Int
        var error: String
    }

    /// Restarts the run as one k-means pass over all its keywords (the old, monolithic way),
    /// recording why, and runs it.
    private func fallBackToOnePass(_ failing: BatchKeepsFailing, keywordCount: Int) async throws -> Summary {
        var monolithic = parameters
        monolithic.mode = .monolithic
        let reason = "batch \(failing.batch) failed twice (\(failing.error)); the run was redone in one pass"
        progress(.note("warning: " + reason))
        try store.restartAsMonolithic(runID: runID, projectID: projectID, parameters: monolithic.json(),
                                      keywordCount: keywordCount, reason: reason)
        let processor = BatchProcessor(store: store, projectID: projectID, runID: runID, parameters: monolithic, source: source,
                                       titles: titles, batchLimit: nil, headStart: nil, progress: progress)
        return try await processor.run()
    }

    // MARK: State

    struct State {
        var model: KMeansModel?
        var generator: SeededGenerator
        var lastBatch: Int
        /// The topics' pillars as the last committed batch stored them.
        var pillars: StoredPillars
        /// Whether pillars are recut on schedule (create runs); a rescrape keeps known topics in
        /// their pillars and places new topics (`Pillars`).
        var recutsPillars = true
        /// Runs with fine clusters: the topic of each model cluster (nil: a cluster is a topic).
        var topics: TopicMap? = nil
    }

    private func restoreState() throws -> State {
        let checkpoints = try store.checkpointsForRestore(runID: runID)
        let pillars = try store.pillars(projectID: projectID)
        guard !checkpoints.isEmpty else {
            return State(model: nil, generator: SeededGenerator(seed: parameters.seed), lastBatch: 0, pillars: pillars)
        }
        let restored = try CheckpointManager.restore(checkpoints, store: store, source: source)
        return State(model: restored.model, generator: restored.generator, lastBatch: restored.batch, pillars: pillars,
                     topics: restored.topics)
    }

    /// The pillars after a batch (or the refinement) of this run left `model` (`Pillars`): recut
    /// on the run's schedule (`PillarRecuts`) when `recuts`, else new topics placed (and a
    /// project without pillars cut). In runs with fine clusters (`topics`), the topics are the
    /// map's groups of the model's clusters.
    func pillars(after batch: Int, totalBatches: Int, model: KMeansModel, topics: TopicMap?, moved: Set<Int>,
                 previous: StoredPillars, recuts: Bool = true) -> (changes: PillarChanges, pillars: StoredPillars) {
        let centres = TopicCentres(model: model, topics: topics)
        // As `run` decides: the refinement follows the last batch of a batched create run.
        let refinementFollows = parameters.mode == .batched
            && (totalBatches > 1 && parameters.refineIterations > 0 || topics?.fine == true)
        let recut = recuts && parameters.pillarRecutRule.recuts(
            batch: batch, totalBatches: totalBatches, refinementFollows: refinementFollows,
            topicsBefore: previous.topics.count, topicsAfter: previous.topics.count + Pillars.unplacedCount(previous, centres: centres))
        return Pillars.update(previous, centres: centres, moved: moved, recut: recut, count: parameters.pillarCount)
    }

    // MARK: One batch

    /// - Parameter titleNow: title the batch's clusters before committing it, in its transaction
    ///   (the built-in generator, for batch 1 of a new project: first results, titled, in one commit).
    ///   - lookAhead: the vectors of this batch being computed, replaced by those of the next
    ///     batch (semantic runs), begun once this batch is clustered.
    private func process(batch number: Int, plan: BatchPlan, target: Int, state: inout State,
                         book: inout ClusterBook, titleNow: Bool, lookAhead: inout VectorLookAhead?) throws {
        let started = ContinuousClock.now
        let ids = Array(plan.ids(ofBatch: number))
        progress(.batchStarted(number: number, of: plan.sizes.count, keywords: ids.count))
        try store.markBatchProcessing(runID: runID, batchNumber: number)
        do {
            let keywords = try store.keywords(ids: ids)
            var generator = state.generator
            let step: Step
            if number == 1, state.lastBatch == 0, state.model == nil, let headStart = headStart?.wait(),
               headStart.texts == keywords.map(\.text) {
                step = headStart.step
                generator = headStart.generator
            } else {
                lookAhead?.wait()
                step = try clusterStep(try source.vectors(for: keywords), keywords: keywords, batch: number, plan: plan,
                                       target: target, model: state.model, topics: state.topics, generator: &generator)
            }
            lookAhead?.wait()
            lookAhead = nil
            if case .dense = source.kind, number < plan.sizes.count {
                lookAhead = VectorLookAhead(source: source, store: store, ids: Array(plan.ids(ofBatch: number + 1)))
            }
            // A large batch's checkpoint is written on another thread while its clusters are booked
            // and titled, and its titles are made while it is written (for a batch of 500, a thread
            // costs more than it saves).
            let isLarge = ids.count >= largeBatch
            let isSnapshot = step.kind == .fit || (number % max(parameters.snapshotInterval, 1) == 0)
            // The topics of the batch's new fine clusters (runs with fine clusters).
            var topics = step.topics ?? state.topics
            var newClusterTopics: [Int32]?
            if step.topics == nil, var map = topics {
                newClusterTopics = map.place(newClustersOf: step.model, nextTopicID: nextTopicID(book: book, topics: map))
                topics = map
            }
            // A large batch's pillars (a tree over every topic after batch 1) are made on another
            // thread while its titles are read and drafted; its checkpoint and commit wait for them.
            let previousPillars = state.pillars, recutsPillars = state.recutsPillars
            let pillarWork = BackgroundWork(inline: !isLarge) { [self, topics] in
                self.pillars(after: number, totalBatches: plan.sizes.count, model: step.model, topics: topics,
                             moved: Set(TopicMap.topicIDs(of: step.assignments, map: topics)), previous: previousPillars,
                             recuts: recutsPillars)
            }
            let checkpoint = BackgroundWork(inline: !isLarge) { [runID, generator, topics, newClusterTopics] in
                let pillars = pillarWork.value()
                var checkpointState = CheckpointManager.CheckpointState(
                    step: step.kind, generator: generator, clusterCount: step.model.clusterCount,
                    clusters: step.assignments.map(\.cluster), similarities: step.assignments.map(\.similarity),
                    newClusters: step.newClusters, inertia: step.inertia,
                    topics: isSnapshot ? topics : nil, newClusterTopics: isSnapshot ? nil : newClusterTopics)
                checkpointState.record(pillars.changes)
                return CheckpointManager.checkpoint(runID: runID, batchNumber: number, state: checkpointState,
                                                    processed: ids, snapshotOf: isSnapshot ? step.model : nil)
            }
            let topicIDs = TopicMap.topicIDs(of: step.assignments, map: topics)
            let members = zip(keywords, zip(topicIDs, step.assignments)).map {
                ClusterBook.Member(keyword: $0, clusterID: $1.0, similarity: $1.1.similarity)
            }
            var newBook = book
            let changes = newBook.add(members, runID: runID, batchNumber: number)
            // The title jobs' inputs, and the titles when they are made now, are made on other
            // threads while the batch's transaction writes the rest; it then encodes and writes
            // the jobs, and the titles last. What they need from the store is read first (the
            // transaction holds the writer).
            let reads = try titleReads(for: changes.needTitle, batch: number, newMembers: members, titleNow: titleNow)
            let inputs = BackgroundWork(inline: !isLarge) { [self] in
                titleInputs(for: changes.needTitle, newMembers: members, reads: reads)
            }
            let drafting = reads.currentTitles.map { current in
                BackgroundWork(inline: !isLarge) { [self] in draftTitles(inputs.value(), for: changes.needTitle, current: current) }
            }
            let batchCheckpoint = checkpoint.value()
            let pillars = pillarWork.value()
            let elapsed = started.duration(to: .now)
            let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            let commit = BatchCommit(
                runID: runID, batchNumber: number,
                assignments: members.map { Assignment(keywordID: $0.keyword.id, clusterID: $0.clusterID, similarity: $0.similarity) },
                changedClusters: changes.rows, newClusterCount: step.kind == .fit ? step.model.clusterCount : step.newClusters.count,
                titleJobs: [], checkpoint: batchCheckpoint,
                log: BatchLog(iterations: step.iterations, inertia: step.inertia, newClusters: step.newClusters.count,
                              farKeywords: step.farKeywords),
                processingTimeMs: milliseconds, pillars: pillars.changes)
            try store.commitBatch(commit, projectID: projectID,
                                  titleJobs: { titleJobs(for: changes.needTitle, inputs: inputs.value(), batch: number) },
                                  titles: drafting.map { work in { work.value() } })
            titles.jobsAdded()
            if let made = drafting?.value() { progress(.titles(done: made.titles.count, pending: 0)) }
            state.model = step.model
            state.generator = generator
            state.lastBatch = number
            state.pillars = pillars.pillars
            state.topics = topics
            book = newBook
            let done = plan.sizes.prefix(number).reduce(0, +)
            progress(.batchCompleted(number: number, of: plan.sizes.count, keywordsDone: done, keywordsTotal: plan.keywordIDs.count,
                                     clusters: topics.map { Set($0.topicOf).count } ?? step.model.clusterCount,
                                     milliseconds: milliseconds))
        } catch {
            try? store.markBatchFailed(runID: runID, batchNumber: number, error: String(describing: error))
            throw error
        }
    }

    struct Step: Sendable {
        var kind: CheckpointManager.CheckpointState.Step
        var model: KMeansModel
        var assignments: [ClusterAssignment]
        var newClusters: [[Int64]]
        var iterations: Int
        var inertia: Double
        var farKeywords: Int
        /// A first fit with fine clusters: their topics (batch 1's Ward cut).
        var topics: TopicMap? = nil
    }

    /// The k-means work of one batch. The first batch (no model yet) is a full k-means fit
    /// with as many clusters as the sample is expected to show; every later batch is assigned,
    /// seeds new clusters among its keywords far from all centres (within the cluster budget),
    /// and is absorbed into the centres.
    private func clusterStep(_ vectors: VectorBatch, keywords: [KeywordRow], batch number: Int, plan: BatchPlan, target: Int,
                             model: KMeansModel?, topics: TopicMap?, generator: inout SeededGenerator) throws -> Step {
        guard var model else {
            return Self.firstFit(vectors, plannedKeywords: plan.keywordIDs.count, batches: plan.sizes.count, target: target,
                                 parameters: parameters, generator: &generator)
        }
        var assignments = model.assign(vectors)
        let far = assignments.indices.filter { assignments[$0].similarity < parameters.farThreshold }
        let remainingKeywords = plan.sizes[(number - 1)...].reduce(0, +)
        // While the clusters are fine, the budget is `fineFactor` clusters per topic.
        let clusterTarget = topics?.fine == true ? target * (parameters.activeFineFactor ?? 1) : target
        let allowed = ClusterBudget.newClusters(target: clusterTarget, current: model.clusterCount, batchKeywords: keywords.count,
                                                remainingKeywords: remainingKeywords, farKeywords: far.count)
        var newClusters: [[Int64]] = []
        if allowed > 0 {
            let chosen = model.chooseNewSeeds(from: vectors.subset(far), count: allowed, generator: &generator)
            let seeds = chosen.map { far[$0] }
            let ids = model.appendClusters(seededBy: vectors, indices: seeds)
            newClusters = zip(ids, seeds).map { [Int64($0), keywords[$1].id] }
            assignments = model.assign(vectors)
        }
        model.absorb(vectors, into: assignments.map(\.cluster))
        let inertia = assignments.reduce(0.0) { $0 + Double(1 - $1.similarity) }
        return Step(kind: .batch, model: model, assignments: assignments, newClusters: newClusters, iterations: 1,
                    inertia: inertia, farKeywords: far.count)
    }

    /// The first batch's step: a full k-means fit with as many clusters as a sample of its size
    /// is expected to show.
    static func firstFit(_ vectors: VectorBatch, plannedKeywords: Int, batches: Int, target: Int, parameters: RunParameters,
                         generator: inout SeededGenerator) -> Step {
        // With fine clusters, k-means makes `fineFactor` clusters per topic.
        let fineFactor = parameters.activeFineFactor
        let k = ClusterBudget.firstBatch(target: target * (fineFactor ?? 1), batchKeywords: vectors.count,
                                         totalKeywords: plannedKeywords, monolithic: batches == 1)
        var kmeans = KMeansParameters(clusterCount: k, maxIterations: parameters.maxIterations, tolerance: parameters.tolerance,
                                      centreMass: parameters.vectors == .lexical ? parameters.centreMass : nil)
        kmeans.clusterCount = max(1, min(k, vectors.count))
        let fit = KMeansModel.fit(vectors, parameters: kmeans, generator: &generator)
        // `--clusters=auto` cuts where a merge costs one page, a cost calibrated unweighted.
        let pageCost = parameters.autoPageCost
        let rule = pageCost != nil ? FineClusterMerge.Rule(exponent: 0)
            : FineClusterMerge.rule(meanTopicSize: Double(plannedKeywords) / Double(max(target, 1)))
        let topics = fineFactor.map { TopicMap.first(model: fit.model, factor: $0, rule: rule, pageCost: pageCost) }
        return Step(kind: .fit, model: fit.model, assignments: fit.assignments, newClusters: [], iterations: fit.iterations,
                    inertia: fit.inertia, farKeywords: 0, topics: topics)
    }

    // MARK: Titles

    /// What a batch's title jobs need from the store, read before its transaction.
    struct TitleReads: Sendable {
        /// The stored top keywords of the clusters to title that existed before the batch.
        var stored: [Int: [ClusterMember]]
        /// Primary keywords that are not among the batch's keywords.
        var primaryTexts: [Int64: String]
        /// Every cluster's current title, when the batch is titled before its commit and no
        /// earlier job waits (nil: its jobs wait for the title worker).
        var currentTitles: [Int: String]?
        /// How the project's files write the words they capitalise (`Store.writtenSpellings`).
        var spellings: [String: String]
    }

    private func titleReads(for rows: [ClusterRow], batch number: Int, newMembers: [ClusterBook.Member],
                            titleNow: Bool) throws -> TitleReads {
        guard !rows.isEmpty else { return TitleReads(stored: [:], primaryTexts: [:], currentTitles: nil, spellings: [:]) }
        // A cluster this batch created has no stored members yet, and a primary keyword among the
        // batch's keywords need not be read back.
        let older = rows.filter { $0.createdRunID != runID || $0.createdBatch != number }.map(\.clusterID)
        let stored = older.isEmpty ? [:]
            : try store.topKeywords(projectID: projectID, clusterIDs: older, limit: TitleInputs.keywordLimit)
        let batchKeywords = Set(newMembers.map(\.keyword.id))
        let unread = rows.map(\.primaryKeywordID).filter { !batchKeywords.contains($0) }
        var primaryTexts: [Int64: String] = [:]
        if !unread.isEmpty {
            for keyword in try store.keywords(ids: unread) { primaryTexts[keyword.id] = keyword.text }
        }
        // Titled now only when no job waits, so no earlier job's title is missing from those it avoids.
        var current: [Int: String]?
        if titleNow, try store.pendingTitleJobCount(projectID: projectID) == 0 {
            current = try store.currentTitles(projectID: projectID).mapValues(\.title)
        }
        return TitleReads(stored: stored, primaryTexts: primaryTexts, currentTitles: current,
                          spellings: try store.writtenSpellings(projectID: projectID))
    }

    /// The inputs of the title job of each cluster whose title must be (re)made: the cluster as
    /// it is now (its stored top keywords and the batch's new members).
    private func titleInputs(for rows: [ClusterRow], newMembers: [ClusterBook.Member], reads: TitleReads) -> [TitleInputs] {
        guard !rows.isEmpty else { return [] }
        let wanted = Set(rows.map(\.clusterID))
        var fresh: [Int: [ClusterKeyword]] = [:]
        var texts = reads.primaryTexts
        for member in newMembers where wanted.contains(member.clusterID) {
            fresh[member.clusterID, default: []].append(
                ClusterKeyword(text: member.keyword.text, volume: member.keyword.volume, similarity: member.similarity))
            texts[member.keyword.id] = member.keyword.text
        }
        return rows.map { row in
            let members = (reads.stored[row.clusterID] ?? [])
                .map { ClusterKeyword(text: $0.text, volume: $0.volume, similarity: $0.similarity) }
            return TitleInputs(row: row, primaryKeyword: texts[row.primaryKeywordID] ?? row.label,
                               keywords: members + (fresh[row.clusterID] ?? []), spellings: reads.spellings)
        }
    }

    /// The built-in titles of the jobs of `rows` (with `inputs`), made now as the title worker
    /// would make them, given every cluster's `current` title.
    private func draftTitles(_ inputs: [TitleInputs], for rows: [ClusterRow], current: [Int: String]) -> JobTitles {
        var current = current
        var used = UsedTitles(current.values)
        let made = BuiltInTitleRound(generator: titles.builtIn.generator)
            .titles(for: inputs, clusters: rows.map(\.clusterID), titles: &current, used: &used)
        return JobTitles(titles: made.map(\.title), generator: titles.builtIn.name, plans: made.map(\.plan.stored))
    }

    /// A title job per cluster whose title must be remade after a pass over all its members
    /// (`members` holds them all), with the cluster as it is now.
    func titleJobs(for rows: [ClusterRow], members: [ClusterBook.Member], batch number: Int) throws -> [TitleJob] {
        let spellings = rows.isEmpty ? [:] : try store.writtenSpellings(projectID: projectID)
        // Only the clusters to title and their primary keywords: a million members need not be copied.
        let wanted = Set(rows.map(\.clusterID))
        var byCluster: [Int: [ClusterBook.Member]] = [:]
        for member in members where wanted.contains(member.clusterID) { byCluster[member.clusterID, default: []].append(member) }
        let texts = ClusterBook.texts(of: rows, in: members)
        let inputs = rows.map { row in
            let keywords = (byCluster[row.clusterID] ?? [])
                .map { ClusterKeyword(text: $0.keyword.text, volume: $0.keyword.volume, similarity: $0.similarity) }
            return TitleInputs(row: row, primaryKeyword: texts[row.primaryKeywordID] ?? row.label, keywords: keywords,
                               spellings: spellings)
        }
        return titleJobs(for: rows, inputs: inputs, batch: number)
    }

    /// The title job of each of `rows`, holding its `inputs` (encoded on all cores).
    private func titleJobs(for rows: [ClusterRow], inputs: [TitleInputs], batch number: Int) -> [TitleJob] {
        zip(rows, TitleInputs.json(inputs)).map { row, json in
            TitleJob(clusterID: row.clusterID, clusterVersion: row.version, runID: runID, batchNumber: number, inputs: json)
        }
    }

    // MARK: Refinement

    /// Lloyd iterations over every keyword of the run, keeping cluster ids, then every
    /// cluster's figures rebuilt; committed with a snapshot in ONE transaction that completes the run.
    /// With fine clusters, they are first merged into `target` topics (`TopicMap.finalMerge`),
    /// and the Lloyd iterations run over the topics (the polish), initialised from their means.
    private func refine(plan: BatchPlan, target: Int, state: inout State, book: inout ClusterBook,
                        refinementBatch: Int) throws {
        guard var model = state.model else { return }
        var topics = state.topics
        if let map = topics, map.fine {
            let merge = map.finalMerge(model: model, topics: target, pageCost: parameters.autoPageCost,
                                       nextTopicID: nextTopicID(book: book, topics: map))
            model = model.merged(groupOf: merge.groupOf, groupCount: merge.groupTopics.count)
            topics = TopicMap(topicOf: merge.groupTopics, fine: false, joinCost: 0, rule: map.rule)
        }
        // Lloyd iterations from the merged topics' means: the polish.
        let iterations = max(parameters.refineIterations, topics == nil ? 0 : 1)
        progress(.refining(keywords: plan.keywordIDs.count))
        let ids = plan.keywordIDs.sorted()
        var keywords = try store.keywords(ids: ids)
        // Lloyd's first iteration assigns every keyword to its nearest centre itself.
        var assignments: [ClusterAssignment] = []
        let result: (iterations: Int, inertia: Double)
        let rule = parameters.refineAssignment(meanTopicSize: Double(plan.keywordIDs.count) / Double(max(target, 1)))
        switch try source.passVectors(for: keywords) {
        case .batch(let vectors):
            result = model.refine(vectors, assignments: &assignments, maxIterations: iterations,
                                  tolerance: parameters.tolerance, rule: rule)
        case .rows(let rows):
            result = model.refine(rows, assignments: &assignments, maxIterations: iterations,
                                  tolerance: parameters.tolerance, rule: rule)
        }
        let topicIDs = TopicMap.topicIDs(of: assignments, map: topics)
        let members = zip(keywords, zip(topicIDs, assignments)).map {
            ClusterBook.Member(keyword: $0, clusterID: $1.0, similarity: $1.1.similarity)
        }
        keywords = []  // the members hold them now: a million rows need not be kept twice
        let changes = book.rebuild(from: members, runID: runID, batchNumber: refinementBatch)
        let jobs = try titleJobs(for: changes.needTitle, members: members, batch: refinementBatch)
        let pillars = self.pillars(after: refinementBatch, totalBatches: refinementBatch - 1, model: model, topics: topics,
                                   moved: Set(topicIDs), previous: state.pillars)
        var checkpointState = CheckpointManager.CheckpointState(
            step: .refinement, generator: state.generator, clusterCount: model.clusterCount, clusters: [], similarities: [],
            newClusters: [], inertia: result.inertia, topics: topics)
        checkpointState.record(pillars.changes)
        let checkpoint = CheckpointManager.checkpoint(runID: runID, batchNumber: refinementBatch, state: checkpointState,
                                                      processed: [], snapshotOf: model)
        let commit = BatchCommit(
            runID: runID, batchNumber: refinementBatch,
            assignments: members.map { Assignment(keywordID: $0.keyword.id, clusterID: $0.clusterID, similarity: $0.similarity) },
            changedClusters: changes.rows, newClusterCount: 0, titleJobs: jobs, checkpoint: checkpoint,
            log: BatchLog(iterations: result.iterations, inertia: result.inertia, newClusters: 0, farKeywords: 0),
            processingTimeMs: 0, pillars: pillars.changes)
        try store.commitRefinement(commit, projectID: projectID)
        titles.jobsAdded()
        state.model = model
        state.pillars = pillars.pillars
        state.topics = topics
    }
}
