/// What a content plan says about one topic beside its title: the page to build and, for a
/// local landing page, the place it serves. The input of exports, reports and the language
/// model's prompt.
public struct TopicPlan: Sendable, Hashable {
    /// The page the topic deserves.
    public var pageType: PageType
    /// The place the primary keyword names, as titles write it ("Corpus Christi, TX", "NYC"),
    /// or nil.
    public var place: String?
    /// Why no page should target the topic, for a ``PageType/noPage`` topic; nil otherwise.
    public var noPageReason: NoPageReason?

    /// A plan as stored beside a title.
    public init(pageType: PageType, place: String?, noPageReason: NoPageReason?) {
        self.pageType = pageType
        self.place = place
        self.noPageReason = noPageReason
    }

    /// The plan of a topic summarised as `summary` with these keywords (the same keywords the
    /// title generator gets).
    ///
    /// - Complexity: O(*k* × *w*) for *k* keywords of *w* words.
    public init(summary: ClusterSummary, keywords: [ClusterKeyword]) {
        self.init(summary: summary, keywords: keywords, pageType: PageTypeClassifier.pageType(of: summary, keywords: keywords))
    }

    /// The plan of a topic whose page type is already decided as `pageType` (the title
    /// generator decides it first).
    init(summary: ClusterSummary, keywords: [ClusterKeyword], pageType: PageType) {
        self.pageType = pageType
        place = PlaceNames.firstPlace(in: KeywordText.words(summary.primaryKeyword))?.display
        noPageReason = pageType == .noPage
            ? PageTypeClassifier.noPageReason(primary: summary.primaryKeyword, keywords: keywords) : nil
    }
}
