import Foundation

/// A project: one site (domain) and its keywords.
public struct Project: Sendable, Hashable {
    public var id: Int64
    public var slug: String
    public var domain: String
    public var createdAt: String

    public init(id: Int64, slug: String, domain: String, createdAt: String) {
        self.id = id
        self.slug = slug
        self.domain = domain
        self.createdAt = createdAt
    }
}

/// One create or rescrape run: its parameters, seed and timings.
public struct ProcessingRun: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable { case create, rescrape }
    public enum Status: String, Sendable, Codable { case pending, processing, completed, failed }

    public var id: Int64
    public var projectID: Int64
    public var kind: Kind
    public var status: Status
    /// JSON of the pipeline's run parameters.
    public var parameters: String
    public var seed: Int64
    public var totalKeywords: Int
    public var totalBatches: Int
    public var refinementIterations: Int?
    /// Keywords this run brought in (all of them for a create run).
    public var newKeywords: Int
    public var newClusters: Int?
    public var changedClusters: Int?
    public var unchangedClusters: Int?
    public var fallbackReason: String?
    public var errorMessage: String?
    public var createdAt: String
    public var startedAt: String?
    public var completedAt: String?

    public init(id: Int64, projectID: Int64, kind: Kind, status: Status, parameters: String, seed: Int64, totalKeywords: Int, totalBatches: Int, refinementIterations: Int?, newKeywords: Int, newClusters: Int?, changedClusters: Int?, unchangedClusters: Int?, fallbackReason: String?, errorMessage: String?, createdAt: String, startedAt: String?, completedAt: String?) {
        self.id = id
        self.projectID = projectID
        self.kind = kind
        self.status = status
        self.parameters = parameters
        self.seed = seed
        self.totalKeywords = totalKeywords
        self.totalBatches = totalBatches
        self.refinementIterations = refinementIterations
        self.newKeywords = newKeywords
        self.newClusters = newClusters
        self.changedClusters = changedClusters
        self.unchangedClusters = unchangedClusters
        self.fallbackReason = fallbackReason
        self.errorMessage = errorMessage
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.completedAt = completedAt
    }
}

/// A `batch_runs` row of the user's plan.
public struct BatchRun: Sendable, Hashable {
    public enum Status: String, Sendable, Codable { case pending, processing, completed, failed }

    public var runID: Int64
    public var batchNumber: Int
    public var batchSize: Int
    public var status: Status
    public var keywordsProcessed: Int
    public var clustersGenerated: Int
    public var titlesGenerated: Int
    public var startedAt: String?
    public var completedAt: String?
    public var errorMessage: String?
    public var processingTimeMs: Int?

    public init(runID: Int64, batchNumber: Int, batchSize: Int, status: Status, keywordsProcessed: Int, clustersGenerated: Int, titlesGenerated: Int, startedAt: String?, completedAt: String?, errorMessage: String?, processingTimeMs: Int?) {
        self.runID = runID
        self.batchNumber = batchNumber
        self.batchSize = batchSize
        self.status = status
        self.keywordsProcessed = keywordsProcessed
        self.clustersGenerated = clustersGenerated
        self.titlesGenerated = titlesGenerated
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.errorMessage = errorMessage
        self.processingTimeMs = processingTimeMs
    }
}

/// A `batch_checkpoints` row: the K-means state after a batch, as JSON text.
public struct BatchCheckpoint: Sendable, Hashable {
    public var runID: Int64
    public var batchNumber: Int
    public var clusterState: String
    public var processedKeywords: String
    public var centroids: String?

    public init(runID: Int64, batchNumber: Int, clusterState: String, processedKeywords: String, centroids: String?) {
        self.runID = runID
        self.batchNumber = batchNumber
        self.clusterState = clusterState
        self.processedKeywords = processedKeywords
        self.centroids = centroids
    }
}

/// What the k-means step did in one batch (the `batch_logs` table).
public struct BatchLog: Sendable, Hashable {
    public var iterations: Int
    public var inertia: Double
    public var newClusters: Int
    public var farKeywords: Int

    public init(iterations: Int, inertia: Double, newClusters: Int, farKeywords: Int) {
        self.iterations = iterations
        self.inertia = inertia
        self.newClusters = newClusters
        self.farKeywords = farKeywords
    }
}

/// A topic: a stable id, its members' totals, its primary keyword and intent.
public struct ClusterRow: Sendable, Hashable {
    public var clusterID: Int
    public var createdRunID: Int64
    public var createdBatch: Int
    public var keywordCount: Int
    public var totalVolume: Int
    public var primaryKeywordID: Int64
    public var primaryVolume: Int?
    public var primarySimilarity: Float
    public var label: String
    public var intent: String
    /// Volume-weighted intent votes, in `SearchIntent.allCases` order.
    public var intentVotes: [Double]
    public var version: Int
    public var updatedRunID: Int64
    public var updatedBatch: Int

    public init(clusterID: Int, createdRunID: Int64, createdBatch: Int, keywordCount: Int, totalVolume: Int,
                primaryKeywordID: Int64, primaryVolume: Int?, primarySimilarity: Float, label: String, intent: String,
                intentVotes: [Double], version: Int, updatedRunID: Int64, updatedBatch: Int) {
        self.clusterID = clusterID
        self.createdRunID = createdRunID
        self.createdBatch = createdBatch
        self.keywordCount = keywordCount
        self.totalVolume = totalVolume
        self.primaryKeywordID = primaryKeywordID
        self.primaryVolume = primaryVolume
        self.primarySimilarity = primarySimilarity
        self.label = label
        self.intent = intent
        self.intentVotes = intentVotes
        self.version = version
        self.updatedRunID = updatedRunID
        self.updatedBatch = updatedBatch
    }
}

/// A keyword's cluster and its cosine similarity to the centre when it was assigned.
public struct Assignment: Sendable, Hashable {
    public var keywordID: Int64
    public var clusterID: Int
    public var similarity: Float

    public init(keywordID: Int64, clusterID: Int, similarity: Float) {
        self.keywordID = keywordID
        self.clusterID = clusterID
        self.similarity = similarity
    }
}

/// A keyword as the clustering needs it.
public struct KeywordRow: Sendable, Hashable {
    public var id: Int64
    public var text: String
    public var volume: Int?

    public init(id: Int64, text: String, volume: Int?) {
        self.id = id
        self.text = text
        self.volume = volume
    }
}

/// A title to make for one version of a cluster; `inputs` is the cluster as it was then (JSON).
public struct TitleJob: Sendable, Hashable {
    public var id: Int64
    public var clusterID: Int
    public var clusterVersion: Int
    public var runID: Int64
    public var batchNumber: Int
    public var inputs: String

    public init(id: Int64 = 0, clusterID: Int, clusterVersion: Int, runID: Int64, batchNumber: Int, inputs: String) {
        self.id = id
        self.clusterID = clusterID
        self.clusterVersion = clusterVersion
        self.runID = runID
        self.batchNumber = batchNumber
        self.inputs = inputs
    }
}

/// Titles made for a batch's title jobs before they are stored: one per job, in job order.
public struct JobTitles: Sendable {
    public var titles: [String]
    /// Recorded in `generated_content.generator`.
    public var generator: String
    /// The plan each title was written for (empty: none).
    public var plans: [PagePlan]

    public init(titles: [String], generator: String, plans: [PagePlan] = []) {
        precondition(plans.isEmpty || plans.count == titles.count, "one plan per title")
        self.titles = titles
        self.generator = generator
        self.plans = plans
    }
}

/// Everything one batch produces. `Store.commitBatch` writes it in one transaction.
public struct BatchCommit: Sendable {
    public var runID: Int64
    public var batchNumber: Int
    public var assignments: [Assignment]
    public var changedClusters: [ClusterRow]
    public var newClusterCount: Int
    public var titleJobs: [TitleJob]
    public var checkpoint: BatchCheckpoint
    public var log: BatchLog
    public var processingTimeMs: Int
    /// The topics' pillars this batch changed (`topic_pillars`, `pillars`).
    public var pillars: PillarChanges

    public init(runID: Int64, batchNumber: Int, assignments: [Assignment], changedClusters: [ClusterRow], newClusterCount: Int,
                titleJobs: [TitleJob], checkpoint: BatchCheckpoint, log: BatchLog, processingTimeMs: Int,
                pillars: PillarChanges = PillarChanges()) {
        self.pillars = pillars
        self.runID = runID
        self.batchNumber = batchNumber
        self.assignments = assignments
        self.changedClusters = changedClusters
        self.newClusterCount = newClusterCount
        self.titleJobs = titleJobs
        self.checkpoint = checkpoint
        self.log = log
        self.processingTimeMs = processingTimeMs
    }
}
