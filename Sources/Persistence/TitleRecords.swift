/// A title made for a job, to be stored.
public struct MadeTitle: Sendable, Hashable {
    public var job: TitleJob
    public var title: String
    public var generator: String

    public init(job: TitleJob, title: String, generator: String) {
        self.job = job
        self.title = title
        self.generator = generator
    }
}

/// A title as stored in `generated_content`.
public struct StoredTitle: Sendable, Hashable {
    public var clusterID: Int
    public var title: String
    public var version: Int
    public var generator: String

    public init(clusterID: Int, title: String, version: Int, generator: String) {
        self.clusterID = clusterID
        self.title = title
        self.version = version
        self.generator = generator
    }
}

