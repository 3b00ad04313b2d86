import Content
import Foundation
import Persistence
import Pipeline

/// Everything the HTML report and the dashboard show of a project, read from the store in one
/// read transaction; rendering is then a pure function of it.
public struct ReportData: Sendable {
    public var project: Project
    /// Clusters with members, largest total volume first; each with at most `keywordsPerCluster` keywords.
    public var clusters: [ReportCluster]
    public var keywordsPerCluster: Int
    /// Each cluster's page type and place, by cluster id (``TopicPlans``).
    public var plans: [Int: TopicPlan]
    /// The pillars (hub pages) over the clusters (``TopicPillars``).
    public var pillars: TopicPillars
    public var runs: [ProcessingRun]
    /// The latest run's batches, in order.
    public var batches: [BatchRun]
    public var keywordCount: Int
    public var assignedCount: Int

    /// The default cap of keywords listed per cluster: the median cluster (about 20 keywords)
    /// is listed whole, and a 1M-keyword report stays a few megabytes per thousand clusters.
    public static let defaultKeywordsPerCluster = 25

    public init(project: Project, snapshot: ReportSnapshot, keywordsPerCluster: Int, plans: [Int: TopicPlan],
                pillars: TopicPillars = .none) {
        self.project = project
        self.pillars = pillars
        clusters = snapshot.clusters
        self.keywordsPerCluster = keywordsPerCluster
        self.plans = plans
        runs = snapshot.runs
        batches = snapshot.batches
        keywordCount = snapshot.keywordCount
        assignedCount = snapshot.assignedCount
    }

    /// Reads the project's report data in one read transaction, then its clusters' plans and pillars (a
    /// cluster a run changed in between shows its plan as it is then).
    /// - Complexity: O(keywords)
    public static func load(project: Project, store: Store,
                            keywordsPerCluster: Int = ReportData.defaultKeywordsPerCluster) throws -> ReportData {
        let snapshot = try store.reportSnapshot(projectID: project.id, keywordsPerCluster: keywordsPerCluster)
        var summaries: [Int: ClusterSummary] = [:]
        for cluster in snapshot.clusters { summaries[cluster.clusterID] = summary(of: cluster) }
        let plans = try TopicPlans.read(projectID: project.id, summaries: summaries, store: store)
        let pillars = try TopicPillars.read(projectID: project.id, summaries: summaries, plans: plans, store: store)
        return ReportData(project: project, snapshot: snapshot, keywordsPerCluster: keywordsPerCluster, plans: plans, pillars: pillars)
    }

    /// The summary a report's cluster describes (its primary keyword's volume is not read: plans
    /// do not use it).
    public static func summary(of cluster: ReportCluster) -> ClusterSummary {
        ClusterSummary(primaryKeyword: cluster.primaryKeyword, label: cluster.label,
                       intent: SearchIntent(rawValue: cluster.intent) ?? .informational, totalVolume: cluster.totalVolume,
                       primaryVolume: nil, keywordCount: cluster.keywordCount)
    }

    /// The latest run, if any.
    public var latestRun: ProcessingRun? { runs.last }

    /// Whether the latest run is not finished (the report holds only its completed batches).
    public var isPartial: Bool { latestRun.map { $0.status != .completed } ?? false }

    /// The highest completed batch of the latest run (0 when none).
    public var lastCompletedBatch: Int {
        batches.filter { $0.status == .completed }.map(\.batchNumber).max() ?? 0
    }

    public var totalVolume: Int { clusters.reduce(0) { $0 + $1.totalVolume } }
}
