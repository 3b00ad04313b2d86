import Clustering
import FaultPoints
import Foundation
import Ingest
import Persistence
import TextFeatures

/// `create`: imports every keyword file, fits the project's lexical vector space over all of
/// its keywords, plans the batches, and stores project, keywords, space and run in ONE
/// transaction (a failure leaves the database as it was).
public enum ProjectCreator {
    public struct Created: Sendable {
        public var project: Project
        public var runID: Int64
        /// The keywords stored.
        public var keywordCount: Int
        /// What was read from each file.
        public var files: [ImportedFile]
        public var batchCount: Int
        /// Batch 1's fit, begun while the keywords were stored (lexical batched runs), for the run.
        public var headStart: FirstBatchHeadStart.Pending?
    }

    /// What `create` has read and checked before it writes anything: a failure up to here
    /// leaves no database, no lock file and no rows behind.
    public struct Prepared: Sendable {
        public var slug: String
        public var domain: String
        public var imported: KeywordImport
        /// The vector space of the imported keywords, counted while the files were read.
        public var countedSpace: LexicalVectorizer
    }

    /// The project's slug, or a usage error: checked before anything else (the model, the
    /// database), so bad usage is reported first and alone.
    /// - Parameters:
    ///   - crawling: the site itself is a keyword source (`--crawl=on`), so no file is needed.
    ///   - searchConsole: a Search Console property is a keyword source (`--gsc`).
    public static func checkUsage(domain: String, files: [String], crawling: Bool = false, searchConsole: Bool = false) throws -> String {
        let slug = ProjectSlug.make(fromDomain: domain)
        guard !slug.isEmpty else {
            throw PipelineError.badUsage("--domain '\(domain)' has no letters or digits; pass a domain such as example.com")
        }
        guard !files.isEmpty || crawling || searchConsole else {
            throw PipelineError.badUsage("no keyword source: pass --keywords=FILE (a keyword export or a list, one keyword per line), --gsc=PROPERTY with --gsc-credentials=FILE for Search Console's queries, or --crawl=on to crawl the site")
        }
        return slug
    }

    /// The error for a project that exists already.
    public static func alreadyExists(_ slug: String) -> PipelineError {
        .failed("project '\(slug)' already exists. Use `kwcluster rescrape --project=\(slug) --keywords=FILE` to bring in new keywords, or `kwcluster resume --project=\(slug)` to finish its run")
    }

    /// Checks the usage and reads every keyword file, without touching any database.
    /// - Parameter sheet: the sheet of a workbook, or the CSV of a ZIP archive, to read (`--sheet`).
    public static func prepare(domain: String, files: [String], column: String?, sheet: String? = nil, parameters: RunParameters,
                               crawling: Bool = false, progress: ProgressSink = { _ in }) throws -> Prepared {
        try parameters.validate()
        let slug = try checkUsage(domain: domain, files: files, crawling: crawling)
        // The vector space is counted on another thread while the files are read.
        let counter = SpaceCounter()
        defer { counter.close() }
        let imported = try KeywordImporter.importFiles(files, column: column, sheet: sheet) { counter.add($0) }
        for file in imported.files { progress(.imported(file: file.path, keywords: file.keywordsKept)) }
        for warning in imported.warnings { progress(.note(warning)) }
        return Prepared(slug: slug, domain: domain, imported: imported, countedSpace: counter.finish())
    }

    /// Stores a prepared project and its first run, in one transaction.
    public static func create(_ prepared: Prepared, parameters: RunParameters, store: Store) throws -> Created {
        if try store.project(slug: prepared.slug) != nil {
            throw alreadyExists(prepared.slug)
        }
        return try create(slug: prepared.slug, domain: prepared.domain, imported: prepared.imported, parameters: parameters,
                          store: store, countedSpace: prepared.countedSpace)
    }

    /// Reads the files and stores the project: ``prepare(domain:files:column:parameters:progress:)``
    /// then ``create(_:parameters:store:)``, failing at once when the project exists.
    public static func create(domain: String, files: [String], column: String?, parameters: RunParameters,
                              store: Store, progress: ProgressSink = { _ in }) throws -> Created {
        let slug = try checkUsage(domain: domain, files: files)
        if try store.project(slug: slug) != nil {
            throw alreadyExists(slug)
        }
        let prepared = try prepare(domain: domain, files: files, column: column, parameters: parameters, progress: progress)
        return try create(prepared, parameters: parameters, store: store)
    }

    /// Creates a project from keywords already imported.
    /// - Parameters:
    ///   - sampleOrderIDs: store the keywords in the order the batches will take them (the order
    ///     `sample` gives them in file order), so each batch's rows are neighbours in the table;
    ///     false keeps ids in import order (the evaluation harness aligns labels by id).
    ///   - countedSpace: the vector space of the imported keywords, if already counted.
    public static func create(slug: String, domain: String, imported: KeywordImport, parameters: RunParameters,
                              store: Store, sampleOrderIDs: Bool = true, countedSpace: LexicalVectorizer? = nil) throws -> Created {
        var parameters = parameters
        // The positions to store the keywords in (a permutation, not a reordered copy of a
        // million keywords).
        var storageOrder: [Int]?
        if sampleOrderIDs, parameters.order == .sample, parameters.mode == .batched {
            storageOrder = BatchPlan.sampleOrder(Array(imported.keywords.indices), seed: parameters.seed)
            parameters.keywordsStoredInSampleOrder = true
        }
        let vectorizer = countedSpace ?? SpaceCounter.space(of: imported.keywords.map(\.text))
        let sizes = BatchPlan.sizes(keywordCount: imported.keywords.count, parameters: parameters)
        let run = NewRun(kind: .create, parameters: parameters.json(), seed: Int64(bitPattern: parameters.seed), batchSizes: sizes)
        let space = vectorizer.serialized()
        let pending = headStart(imported: imported, storageOrder: storageOrder, sizes: sizes, vectorizer: vectorizer,
                                space: space, parameters: parameters)
        let created = try store.createProject(slug: slug, domain: domain, imported: imported, order: storageOrder,
                                              lexicalSpace: space, run: run)
        FaultPoint.reached(.projectCreated, count: 1)
        // Not the imported keywords themselves: the caller goes on to run the project, and a
        // million of them (about 250 MB) would stay alive through it.
        return Created(project: created.project, runID: created.runID, keywordCount: imported.keywords.count,
                       files: imported.files, batchCount: sizes.count, headStart: pending)
    }

    /// Starts fitting batch 1 on another thread while the keywords are stored (lexical batched
    /// runs of more than one batch; see ``FirstBatchHeadStart``).
    static func headStart(imported: KeywordImport, storageOrder: [Int]?, sizes: [Int], vectorizer: LexicalVectorizer,
                          space: [UInt8], parameters: RunParameters) -> FirstBatchHeadStart.Pending? {
        guard parameters.vectors == .lexical, parameters.mode == .batched, sizes.count > 1 else { return nil }
        // Batch 1 as the run will plan it: ids follow the storage order, so storage positions
        // stand in for the ids the insert is about to give.
        let stored = storageOrder ?? Array(imported.keywords.indices)
        let planned = stored.enumerated().map { (id: Int64($0.offset), volume: imported.keywords[$0.element].metrics.volume) }
        let plan = BatchPlan(keywordIDs: BatchPlan.order(planned, parameters: parameters), sizes: sizes)
        let texts = plan.ids(ofBatch: 1).map { imported.keywords[stored[Int($0)]].text }
        let total = imported.keywords.count
        return FirstBatchHeadStart.Pending(space: (vectorizer, space), positionPlan: plan) {
            try? FirstBatchHeadStart.fit(texts: texts, vectorizer: vectorizer, plannedKeywords: total, batches: sizes.count,
                                         parameters: parameters)
        }
    }
}
