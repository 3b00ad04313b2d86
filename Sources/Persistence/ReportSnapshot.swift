/// One keyword as a report lists it under its cluster.
public struct ReportKeyword: Sendable, Hashable {
    public var text: String
    public var volume: Int?
    public var url: String?
    public var isPrimary: Bool

    public init(text: String, volume: Int?, url: String?, isPrimary: Bool) {
        self.text = text
        self.volume = volume
        self.url = url
        self.isPrimary = isPrimary
    }
}

/// One cluster as a report shows it: its title, numbers, page and its top keywords.
public struct ReportCluster: Sendable, Hashable {
    public var clusterID: Int
    public var title: String?
    public var label: String
    public var primaryKeyword: String
    public var intent: String
    public var keywordCount: Int
    public var totalVolume: Int
    /// The page the cluster ranks with: the `url` of its highest-volume keyword that has one.
    public var pageURL: String?
    /// The primary keyword first, then by volume; at most the limit the snapshot was read with.
    public var keywords: [ReportKeyword]

    public init(clusterID: Int, title: String?, label: String, primaryKeyword: String, intent: String, keywordCount: Int,
                totalVolume: Int, pageURL: String?, keywords: [ReportKeyword]) {
        self.clusterID = clusterID
        self.title = title
        self.label = label
        self.primaryKeyword = primaryKeyword
        self.intent = intent
        self.keywordCount = keywordCount
        self.totalVolume = totalVolume
        self.pageURL = pageURL
        self.keywords = keywords
    }
}

/// What a report or the dashboard shows of a project, read in one read transaction (a
/// consistent snapshot while another process runs batches; readers never block the writer).
public struct ReportSnapshot: Sendable {
    /// Clusters with members, largest total volume first (ties by id).
    public var clusters: [ReportCluster]
    /// The project's runs, oldest first.
    public var runs: [ProcessingRun]
    /// The latest run's batches, in order.
    public var batches: [BatchRun]
    /// Every keyword of the project, and those assigned to a cluster.
    public var keywordCount: Int
    public var assignedCount: Int

    public init(clusters: [ReportCluster], runs: [ProcessingRun], batches: [BatchRun], keywordCount: Int, assignedCount: Int) {
        self.clusters = clusters
        self.runs = runs
        self.batches = batches
        self.keywordCount = keywordCount
        self.assignedCount = assignedCount
    }
}
