import Foundation
import GRDB

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
}

extension SQLiteStore {
    /// The project's page coverage (empty for a project made from files only).
    /// - Complexity: O(keyword pages of the project)
    public func pageCoverage(projectID: Int64) throws(StoreError) -> PageCoverage {
        try read { db in
            var coverage = PageCoverage()
            var clusterOfKeyword: [Int64: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT p.keyword_id, p.url, a.cluster_id FROM keyword_pages p
                JOIN keywords k ON k.id = p.keyword_id
                LEFT JOIN assignments a ON a.keyword_id = p.keyword_id
                WHERE k.project_id = ? ORDER BY p.keyword_id, p.score DESC, p.url
                """, arguments: [projectID])
            while let row = try rows.next() {
                let keyword: Int64 = row[0]
                guard coverage.pageOfKeyword[keyword] == nil else { continue }
                coverage.pageOfKeyword[keyword] = row[1]
                if let cluster: Int = row[2] { clusterOfKeyword[keyword] = cluster }
            }
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
