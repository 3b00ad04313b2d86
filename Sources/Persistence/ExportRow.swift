import Ingest

/// One keyword with its metrics, cluster and title, as export writes it.
public struct ExportRow: Sendable, Hashable {
    public var keywordID: Int64
    public var keyword: String
    /// The metrics the keyword's export gave (`intent` is the export's own intent column).
    public var metrics: KeywordMetrics
    public var sources: String
    public var isAbsent: Bool
    public var clusterID: Int?
    public var clusterLabel: String?
    public var clusterIntent: String?
    public var isPrimary: Bool
    public var similarity: Double?
    public var title: String?
    public var titleVersion: Int?
    public var batchNumber: Int?

    public init(keywordID: Int64, keyword: String, metrics: KeywordMetrics, sources: String, isAbsent: Bool, clusterID: Int?, clusterLabel: String?, clusterIntent: String?, isPrimary: Bool, similarity: Double?, title: String?, titleVersion: Int?, batchNumber: Int?) {
        self.keywordID = keywordID
        self.keyword = keyword
        self.metrics = metrics
        self.sources = sources
        self.isAbsent = isAbsent
        self.clusterID = clusterID
        self.clusterLabel = clusterLabel
        self.clusterIntent = clusterIntent
        self.isPrimary = isPrimary
        self.similarity = similarity
        self.title = title
        self.titleVersion = titleVersion
        self.batchNumber = batchNumber
    }
}

/// One cluster as the cluster-level export writes it.
public struct ClusterExportRow: Sendable, Hashable {
    public var clusterID: Int
    public var title: String?
    public var titleVersion: Int?
    public var label: String
    public var primaryKeyword: String
    public var primaryVolume: Int?
    public var intent: String
    public var keywordCount: Int
    public var totalVolume: Int
    public var createdBatch: Int
    public var version: Int

    public init(clusterID: Int, title: String?, titleVersion: Int?, label: String, primaryKeyword: String, primaryVolume: Int?, intent: String, keywordCount: Int, totalVolume: Int, createdBatch: Int, version: Int) {
        self.clusterID = clusterID
        self.title = title
        self.titleVersion = titleVersion
        self.label = label
        self.primaryKeyword = primaryKeyword
        self.primaryVolume = primaryVolume
        self.intent = intent
        self.keywordCount = keywordCount
        self.totalVolume = totalVolume
        self.createdBatch = createdBatch
        self.version = version
    }
}
