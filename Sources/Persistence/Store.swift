import Ingest

/// What the product asks of its database, whichever holds it: `SQLiteStore` (one SQLite file,
/// the default) or `PostgresStore` (a PostgreSQL server, `--db=postgres://...`). Both keep the
/// same schema, made by the same migrations in the same order, and give the same guarantees:
/// every write method is ONE transaction named for what the product wants done (a batch's
/// results and its checkpoint commit together or not at all), and every read method reads one
/// consistent snapshot, so `status` and `export` read while a run writes.
///
/// The methods are synchronous: the pipeline calls them between batches from its own threads.
/// Keyword ids follow import order in both stores; nothing but their order is relied on.
public protocol Store: Sendable {
    // MARK: Projects
    func createProject(slug: String, domain: String, imported: KeywordImport, order: [Int]?,
                       lexicalSpace: [UInt8], run: NewRun) throws(StoreError) -> (project: Project, runID: Int64)
    func project(slug: String) throws(StoreError) -> Project?
    func projects() throws(StoreError) -> [Project]
    func lexicalSpace(projectID: Int64) throws(StoreError) -> [UInt8]

    // MARK: Keywords, clusters, vectors
    func plannedKeywords(projectID: Int64, runID: Int64) throws(StoreError) -> [(id: Int64, volume: Int?)]
    func keywordIDSpan(projectID: Int64) throws(StoreError) -> (first: Int64, last: Int64, count: Int)?
    func keywords(ids: [Int64]) throws(StoreError) -> [KeywordRow]
    func assignments(projectID: Int64) throws(StoreError) -> [Assignment]
    func clusters(projectID: Int64) throws(StoreError) -> [ClusterRow]
    func keywordCounts(projectID: Int64) throws(StoreError) -> KeywordCounts
    func vectors(keywordIDs: [Int64], model: String) throws(StoreError) -> [Int64: [Float]]
    func saveVectors(_ vectors: [Int64: [Float]], model: String) throws(StoreError)
    func storedVectors(keywordIDs: [Int64], model: String) throws(StoreError) -> [Int64: StoredVector]
    func saveVectors(_ vectors: [Int64: StoredVector], model: String) throws(StoreError)
    func topKeywords(projectID: Int64, clusterIDs: [Int], limit: Int) throws(StoreError) -> [Int: [ClusterMember]]
    func assignmentRuns(projectID: Int64) throws(StoreError) -> [Int64: Int64]
    func keywordVolumes(projectID: Int64) throws(StoreError) -> [Int64: Int]
    /// Every topic's pillar and every pillar id given so far.
    func pillars(projectID: Int64) throws(StoreError) -> StoredPillars

    // MARK: Runs and batches
    func runs(projectID: Int64) throws(StoreError) -> [ProcessingRun]
    func run(id: Int64) throws(StoreError) -> ProcessingRun?
    func batchRuns(runID: Int64) throws(StoreError) -> [BatchRun]
    func batchRun(runID: Int64, number: Int) throws(StoreError) -> BatchRun?
    func batchLogs(runID: Int64) throws(StoreError) -> [Int: BatchLog]
    func markRunProcessing(runID: Int64) throws(StoreError)
    func markBatchProcessing(runID: Int64, batchNumber: Int) throws(StoreError)
    func markBatchFailed(runID: Int64, batchNumber: Int, error: String) throws(StoreError)
    func markRunFailed(runID: Int64, error: String) throws(StoreError)
    func recordFallback(runID: Int64, reason: String) throws(StoreError)
    /// Writes everything one batch produced in ONE transaction: assignments, cluster rows, the
    /// `batch_runs` row, the checkpoint, the k-means log and the title jobs. `titleJobs()` is
    /// awaited after the rest is written, in the same transaction; with `titles`, the jobs are
    /// stored done with their titles. The closures must not use the store.
    func commitBatch(_ commit: BatchCommit, projectID: Int64, titleJobs: () throws -> [TitleJob],
                     titles: (() throws -> JobTitles)?) throws(StoreError)
    func commitRefinement(_ commit: BatchCommit, projectID: Int64) throws(StoreError)
    func completeRun(runID: Int64, refinementIterations: Int?) throws(StoreError)
    func restartAsMonolithic(runID: Int64, projectID: Int64, parameters: String, keywordCount: Int,
                             reason: String) throws(StoreError)

    // MARK: Checkpoints
    func checkpointsForRestore(runID: Int64, upTo: Int?) throws(StoreError) -> [BatchCheckpoint]
    func checkpoints(runID: Int64) throws(StoreError) -> [BatchCheckpoint]
    func checkpointFootprint(runID: Int64) throws(StoreError) -> (bytes: Int, rows: Int, snapshots: Int)

    // MARK: Titles
    func nextPendingTitleJob(projectID: Int64) throws(StoreError) -> TitleJob?
    func pendingTitleJobCount(projectID: Int64) throws(StoreError) -> Int
    func pendingTitleJobCount(projectID: Int64, upToBatch batchNumber: Int) throws(StoreError) -> Int
    func pendingTitleJobs(projectID: Int64, limit: Int) throws(StoreError) -> [TitleJob]
    func titleJobCount(projectID: Int64) throws(StoreError) -> Int
    func currentTitles(projectID: Int64) throws(StoreError) -> [Int: StoredTitle]
    func saveTitles(_ made: [MadeTitle], projectID: Int64) throws(StoreError)
    func writtenSpellings(projectID: Int64) throws(StoreError) -> [String: String]

    // MARK: Export and report (large reads stream)
    func forEachExportRow(projectID: Int64, changedIn runID: Int64?, _ body: (ExportRow) throws -> Void) throws(StoreError)
    func clusterExportRows(projectID: Int64) throws(StoreError) -> [ClusterExportRow]
    func reportSnapshot(projectID: Int64, keywordsPerCluster: Int) throws(StoreError) -> ReportSnapshot
    func reportCluster(projectID: Int64, clusterID: Int, offset: Int, limit: Int) throws(StoreError) -> ReportCluster?
    func pageCoverage(projectID: Int64) throws(StoreError) -> PageCoverage

    // MARK: Rescrape and rollback
    func recordedSources(projectID: Int64) throws(StoreError) -> [String]
    func recordedSheets(projectID: Int64) throws(StoreError) -> [String: String]
    func importRescrape(projectID: Int64, imported: KeywordImport, parameters: String, seed: Int64,
                        batchSizes: (_ newKeywords: Int) -> [Int]) throws(StoreError) -> RescrapeImport
    func commitRescrapeStart(_ commit: BatchCommit, projectID: Int64) throws(StoreError)
    func recordClusterChanges(runID: Int64, projectID: Int64) throws(StoreError)
    func rollback(runID: Int64, projectID: Int64, toBatch batchNumber: Int, assignments: [Assignment],
                  clusters: [ClusterRow], pillars: [(batchNumber: Int, changes: PillarChanges)]) throws(StoreError)

    // MARK: Crawls
    func startCrawl(slug: String, kind: CrawlRecord.Kind, projectID: Int64?, startURL: String, settings: String,
                    robotsText: String?, warnings: [String], seeds: [(url: String, depth: Int)]) throws(StoreError) -> Int64
    func recordCrawlPage(crawlID: Int64, page: CrawlPageRecord, final: CrawlPageRecord?,
                         discovered: [(url: String, depth: Int)]) throws(StoreError)
    func crawlPages(crawlID: Int64) throws(StoreError) -> [CrawlPageRecord]
    func pendingCrawl(slug: String) throws(StoreError) -> CrawlRecord?
    func latestImportedCrawl(projectID: Int64) throws(StoreError) -> CrawlRecord?
    func latestCrawl(slug: String) throws(StoreError) -> CrawlRecord?
    func crawls(slug: String) throws(StoreError) -> [CrawlRecord]
    func finishCrawl(crawlID: Int64) throws(StoreError)
    func deleteCrawl(crawlID: Int64) throws(StoreError)
    func hasRun(after runID: Int64?, projectID: Int64) throws(StoreError) -> Bool
    func linkCrawl(crawlID: Int64, projectID: Int64, pages: [(keyword: String, url: String, score: Double)]) throws(StoreError)
    func keywordPages(projectID: Int64) throws(StoreError) -> [(keyword: String, url: String, score: Double)]
    func crawlProgress(crawlID: Int64) throws(StoreError) -> CrawlProgress

    // MARK: Search Console imports
    func startSearchImport(slug: String, kind: SearchImportRecord.Kind, projectID: Int64?, property: String,
                           startDate: String, endDate: String, settings: String) throws(StoreError) -> Int64
    func storeSearchPage(importID: Int64, startRow: Int, rows: [SearchImportRow], isLast: Bool) throws(StoreError)
    func forEachSearchImportRow(importID: Int64, _ body: (SearchImportRow) throws -> Void) throws(StoreError)
    func pendingSearchImport(slug: String) throws(StoreError) -> SearchImportRecord?
    func latestImportedSearchImport(projectID: Int64) throws(StoreError) -> SearchImportRecord?
    func deleteSearchImport(importID: Int64) throws(StoreError)
    func linkSearchImport(importID: Int64, projectID: Int64, pages: [(keyword: String, url: String, score: Double)]) throws(StoreError)
}

extension Store {
    /// Creates a project with its keywords stored in import order.
    public func createProject(slug: String, domain: String, imported: KeywordImport, lexicalSpace: [UInt8],
                              run: NewRun) throws(StoreError) -> (project: Project, runID: Int64) {
        try createProject(slug: slug, domain: domain, imported: imported, order: nil, lexicalSpace: lexicalSpace, run: run)
    }

    /// Writes everything one batch produced in ONE transaction (no late title jobs).
    public func commitBatch(_ commit: BatchCommit, projectID: Int64) throws(StoreError) {
        try commitBatch(commit, projectID: projectID, titleJobs: { [] }, titles: nil)
    }

    /// `commitBatch` with title jobs made on other threads, stored pending.
    public func commitBatch(_ commit: BatchCommit, projectID: Int64, titleJobs: () throws -> [TitleJob]) throws(StoreError) {
        try commitBatch(commit, projectID: projectID, titleJobs: titleJobs, titles: nil)
    }

    /// The checkpoints needed to restore the state after the last checkpointed batch.
    public func checkpointsForRestore(runID: Int64) throws(StoreError) -> [BatchCheckpoint] {
        try checkpointsForRestore(runID: runID, upTo: nil)
    }

    /// Streams every keyword row of the project's export.
    public func forEachExportRow(projectID: Int64, _ body: (ExportRow) throws -> Void) throws(StoreError) {
        try forEachExportRow(projectID: projectID, changedIn: nil, body)
    }

    /// Stores the title of one job and marks the job done, in ONE transaction; the job's batch
    /// counts it in `batch_runs.titles_generated`. A job already done is left alone.
    public func saveTitle(_ title: String, generator: String, for job: TitleJob, projectID: Int64) throws(StoreError) {
        try saveTitles([MadeTitle(job: job, title: title, generator: generator)], projectID: projectID)
    }
}
