import Foundation
import Persistence

/// `status`: a project, its runs and keyword counts, and optionally every batch. Encoded as
/// JSON for `--json` (stable field names, documented in README) or drawn as text.
public struct StatusReport: Sendable, Codable {
    public struct Run: Sendable, Codable {
        public var id: Int64
        public var kind: String
        public var status: String
        public var mode: String?
        public var vectors: String?
        public var seed: Int64
        public var totalKeywords: Int
        public var totalBatches: Int
        public var completedBatches: Int
        public var failedBatches: Int
        public var refinementIterations: Int?
        public var newKeywords: Int
        public var newClusters: Int?
        public var changedClusters: Int?
        public var unchangedClusters: Int?
        public var fallbackReason: String?
        public var error: String?
        public var createdAt: String
        public var startedAt: String?
        public var completedAt: String?
        public var batches: [Batch]?
    }

    public struct Batch: Sendable, Codable {
        public var number: Int
        public var size: Int
        public var status: String
        public var keywordsProcessed: Int
        public var clustersGenerated: Int
        public var titlesGenerated: Int
        public var processingTimeMs: Int?
        public var iterations: Int?
        public var inertia: Double?
        public var startedAt: String?
        public var completedAt: String?
        public var error: String?
    }

    /// One crawl of the site (crawled projects): where it stands and what it counted.
    public struct Crawl: Sendable, Codable {
        public var id: Int64
        public var kind: String
        /// crawling (interrupted or going on), crawled (keywords not yet imported) or imported.
        public var status: String
        public var startUrl: String
        public var pagesFetched: Int
        public var pagesUnchanged: Int
        public var queued: Int
        public var redirected: Int
        public var skippedByRobots: Int
        public var skipped: Int
        public var errors: Int
        public var warnings: [String]

        init(_ crawl: CrawlRecord, progress: CrawlProgress) {
            id = crawl.id
            kind = crawl.kind.rawValue
            status = crawl.status.rawValue
            startUrl = crawl.startURL
            pagesFetched = progress.fetched
            pagesUnchanged = progress.unchanged
            queued = progress.queued
            redirected = progress.redirected
            skippedByRobots = progress.skippedByRobots
            skipped = progress.skipped
            errors = progress.errors
            warnings = crawl.warnings
        }

        var line: String {
            "crawl \(id) [\(kind)] of \(startUrl): \(status), \(pagesFetched) pages fetched, \(pagesUnchanged) unchanged, "
                + "\(queued) queued, \(redirected) redirected, \(skippedByRobots) skipped by robots.txt, \(skipped) skipped, "
                + "\(errors) errors" + (warnings.isEmpty ? "" : ", \(warnings.count) warnings")
        }
    }

    /// One of the project's work items in the queue of a shared PostgreSQL store (workers):
    /// filled in by `status` there, absent elsewhere.
    public struct WorkItemStatus: Sendable, Codable {
        public var id: Int64
        public var kind: String
        public var runId: Int64?
        public var status: String
        public var attempts: Int
        public var maxAttempts: Int
        /// The worker holding (or last holding) the lease, its host and pid, and its last heartbeat.
        public var leaseOwner: String?
        public var leaseExpiresAt: String?
        public var workerHost: String?
        public var workerPid: Int?
        public var heartbeatAt: String?
        public var lastError: String?

        public init(id: Int64, kind: String, runId: Int64?, status: String, attempts: Int, maxAttempts: Int,
                    leaseOwner: String?, leaseExpiresAt: String?, workerHost: String?, workerPid: Int?,
                    heartbeatAt: String?, lastError: String?) {
            self.id = id
            self.kind = kind
            self.runId = runId
            self.status = status
            self.attempts = attempts
            self.maxAttempts = maxAttempts
            self.leaseOwner = leaseOwner
            self.leaseExpiresAt = leaseExpiresAt
            self.workerHost = workerHost
            self.workerPid = workerPid
            self.heartbeatAt = heartbeatAt
            self.lastError = lastError
        }
    }

    /// The crawls of a slug; empty for a project made from files only.
    public static func crawls(slug: String, store: Store) throws -> [Crawl] {
        try store.crawls(slug: slug).map { Crawl($0, progress: try store.crawlProgress(crawlID: $0.id)) }
    }

    /// The text `status` prints for a create whose crawl was interrupted before the project existed.
    public static func interruptedCreateText(slug: String, crawls: [Crawl]) -> String {
        (["project \(slug) is not created yet: its crawl was interrupted; `kwcluster resume --project=\(slug)` finishes it"]
            + crawls.map(\.line)).joined(separator: "\n")
    }

    public var project: String
    public var domain: String
    public var createdAt: String
    public var keywords: KeywordCounts
    public var pendingTitleJobs: Int
    /// Pillars (hub pages) holding topics with keywords; 0 for a project made before pillars
    /// until its next run.
    public var pillars: Int
    public var runs: [Run]
    public var crawls: [Crawl]
    public var workQueue: [WorkItemStatus]? = nil

    public static func make(project: Project, store: Store, showBatches: Bool) throws -> StatusReport {
        var runs: [Run] = []
        for run in try store.runs(projectID: project.id) {
            let batches = try store.batchRuns(runID: run.id)
            let logs = showBatches ? try store.batchLogs(runID: run.id) : [:]
            let parameters = try? RunParameters.decode(run.parameters)
            runs.append(Run(
                id: run.id, kind: run.kind.rawValue, status: run.status.rawValue, mode: parameters?.mode.rawValue,
                vectors: parameters?.vectors.rawValue, seed: run.seed, totalKeywords: run.totalKeywords,
                totalBatches: run.totalBatches, completedBatches: batches.count { $0.status == .completed },
                failedBatches: batches.count { $0.status == .failed }, refinementIterations: run.refinementIterations,
                newKeywords: run.newKeywords, newClusters: run.newClusters, changedClusters: run.changedClusters,
                unchangedClusters: run.unchangedClusters,
                fallbackReason: run.fallbackReason, error: run.errorMessage, createdAt: run.createdAt, startedAt: run.startedAt,
                completedAt: run.completedAt,
                batches: showBatches ? batches.map { batch in
                    Batch(number: batch.batchNumber, size: batch.batchSize, status: batch.status.rawValue,
                          keywordsProcessed: batch.keywordsProcessed, clustersGenerated: batch.clustersGenerated,
                          titlesGenerated: batch.titlesGenerated, processingTimeMs: batch.processingTimeMs,
                          iterations: logs[batch.batchNumber]?.iterations, inertia: logs[batch.batchNumber]?.inertia,
                          startedAt: batch.startedAt, completedAt: batch.completedAt, error: batch.errorMessage)
                } : nil))
        }
        return StatusReport(project: project.slug, domain: project.domain, createdAt: project.createdAt,
                            keywords: try store.keywordCounts(projectID: project.id),
                            pendingTitleJobs: try store.pendingTitleJobCount(projectID: project.id),
                            pillars: try pillarCount(projectID: project.id, store: store), runs: runs,
                            crawls: try crawls(slug: project.slug, store: store))
    }

    /// How many pillars hold topics with keywords.
    static func pillarCount(projectID: Int64, store: Store) throws -> Int {
        let topics = try store.pillars(projectID: projectID).topics
        return Set(try store.clusters(projectID: projectID).filter { $0.keywordCount > 0 }
            .compactMap { topics[$0.clusterID]?.pillarID }).count
    }

    /// Stable machine output: snake_case keys, sorted.
    public func json() -> String {
        StatusReport.json(self)
    }

    /// What `status --json` prints for a create whose crawl was interrupted before the project existed.
    public struct InterruptedCreate: Sendable, Codable {
        public var project: String
        public var created = false
        public var crawls: [Crawl]

        public init(project: String, crawls: [Crawl]) {
            self.project = project
            self.crawls = crawls
        }

        public func json() -> String { StatusReport.json(self) }
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Human output.
    public func text() -> String {
        var lines = [
            "project \(project) (\(domain)), created \(createdAt)",
            "keywords: \(keywords.total) (\(keywords.assigned) clustered, \(keywords.absent) absent from the latest export)",
            "clusters: \(keywords.clusters), pillars: \(pillars), titled: \(keywords.titled), title jobs waiting: \(pendingTitleJobs)",
        ]
        lines += crawls.map(\.line)
        for run in runs {
            var line = "run \(run.id) [\(run.kind), \(run.mode ?? "?"), \(run.vectors ?? "?"), seed \(run.seed)]: \(run.status), "
                + "\(run.completedBatches)/\(run.totalBatches) batches"
            if run.failedBatches > 0 { line += ", \(run.failedBatches) failed" }
            line += ", \(run.newKeywords) new keywords"
            if let new = run.newClusters, let changed = run.changedClusters, let unchanged = run.unchangedClusters {
                line += ", clusters: \(new) new, \(changed) changed, \(unchanged) unchanged"
            }
            if let refinement = run.refinementIterations { line += ", refined in \(refinement) iterations" }
            if let reason = run.fallbackReason { line += ", fell back to one pass: \(reason)" }
            if let error = run.error, run.status != "completed" { line += ", last error: \(error)" }
            lines.append(line)
            guard let batches = run.batches else { continue }
            lines.append("  batch   size  status      keywords  clusters  titles   time_ms  iterations  error")
            for b in batches {
                lines.append("  " + [
                    pad(String(b.number), 5), pad(String(b.size), 6), pad(b.status, 10, left: true),
                    pad(String(b.keywordsProcessed), 9), pad(String(b.clustersGenerated), 9), pad(String(b.titlesGenerated), 7),
                    pad(b.processingTimeMs.map(String.init) ?? "-", 9), pad(b.iterations.map(String.init) ?? "-", 11),
                    b.error ?? "",
                ].joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ value: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - value.count))
        return left ? value + padding : padding + value
    }
}
