/// The content plan a title was made for (the page type the title is written for, the place it
/// names, why no page targets the topic), stored with the title so every export, report and
/// plan shows the page type its title was written for. Spelled as the Content module's
/// `TopicPlan` spells it.
public struct PagePlan: Sendable, Hashable {
    public var pageType: String
    public var place: String?
    public var noPageReason: String?

    public init(pageType: String, place: String?, noPageReason: String?) {
        self.pageType = pageType
        self.place = place
        self.noPageReason = noPageReason
    }
}

/// A title made for a job, to be stored.
public struct MadeTitle: Sendable, Hashable {
    public var job: TitleJob
    public var title: String
    public var generator: String
    /// The plan the title was written for; nil when the caller has none (then none is stored).
    public var plan: PagePlan?

    public init(job: TitleJob, title: String, generator: String, plan: PagePlan? = nil) {
        self.job = job
        self.title = title
        self.generator = generator
        self.plan = plan
    }
}

/// A title as stored in `generated_content`.
public struct StoredTitle: Sendable, Hashable {
    public var clusterID: Int
    public var title: String
    public var version: Int
    public var generator: String
    /// The plan the title was written for; nil for titles stored before plans were.
    public var plan: PagePlan?

    public init(clusterID: Int, title: String, version: Int, generator: String, plan: PagePlan? = nil) {
        self.clusterID = clusterID
        self.title = title
        self.version = version
        self.generator = generator
        self.plan = plan
    }
}

