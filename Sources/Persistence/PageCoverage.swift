/// Which existing pages of the site cover a project's keywords and clusters (crawled
/// projects: `keyword_pages`, written when a crawl's keywords are imported).
public struct PageCoverage: Sendable, Hashable {
    /// Each keyword's best page (the one it scores highest on), by keyword id.
    public var pageOfKeyword: [Int64: String] = [:]
    /// Each cluster's pages: the distinct best pages of its keywords, the page most of them
    /// come from first (then by URL).
    public var pagesOfCluster: [Int: [String]] = [:]

    public init() {}

    /// The page a cluster's keywords mostly come from.
    public func pageURL(cluster: Int) -> String? { pagesOfCluster[cluster]?.first }

    /// Whether a cluster's keywords come from several pages: they may compete for one search
    /// (keyword cannibalisation).
    public func possibleCannibalisation(cluster: Int) -> Bool { (pagesOfCluster[cluster]?.count ?? 0) > 1 }

    /// Built from rows ordered by keyword, best page first (a keyword's
    /// first row is its best page), with the keyword's cluster when it has one.
    public struct Builder {
        private var coverage = PageCoverage()
        private var clusterOfKeyword: [Int64: Int] = [:]

        public init() {}

        public mutating func add(keyword: Int64, url: String, cluster: Int?) {
            guard coverage.pageOfKeyword[keyword] == nil else { return }
            coverage.pageOfKeyword[keyword] = url
            if let cluster { clusterOfKeyword[keyword] = cluster }
        }

        /// The coverage, each cluster's pages ranked by how many of its keywords they hold, then by URL.
        public func finish() -> PageCoverage {
            var coverage = coverage
            var counts: [Int: [String: Int]] = [:]
            for (keyword, cluster) in clusterOfKeyword {
                counts[cluster, default: [:]][coverage.pageOfKeyword[keyword]!, default: 0] += 1
            }
            coverage.pagesOfCluster = counts.mapValues { pages in
                pages.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
            }
            return coverage
        }
    }
}
