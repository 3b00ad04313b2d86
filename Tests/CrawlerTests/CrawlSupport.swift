import Foundation
@testable import Crawler
import SiteFixture

/// A crawl of a fixture site with every outcome kept in memory.
struct CrawlRun {
    var discovery: SiteDiscovery
    var outcomes: [PageOutcome]

    /// Discovers the site at `root` and crawls it to the end.
    static func of(_ root: URL, options: CrawlOptions = .fast) async throws -> CrawlRun {
        let discovery = try await SiteCrawler.discover(domain: root.absoluteString, options: options)
        let crawler = SiteCrawler(start: discovery.start, options: options)
        var outcomes: [PageOutcome] = []
        do {
            _ = try await crawler.crawl(frontier: discovery.seeds, known: [], fetchedBefore: 0, robots: discovery.robots) {
                outcomes.append($0)
            }
        } catch {
            await crawler.close()
            throw error
        }
        await crawler.close()
        return CrawlRun(discovery: discovery, outcomes: outcomes)
    }

    /// The outcome of the URL whose path (and query) is `path`.
    func outcome(_ path: String) -> PageOutcome? {
        outcomes.first { URL(string: $0.entry.url).map(CrawlURL.robotsPath(of:)) == path }
    }

    /// Paths of pages fetched (including the ends of redirects).
    var fetchedPaths: Set<String> {
        Set(outcomes.filter { $0.pageState == .fetched }.compactMap { URL(string: $0.pageURL).map(CrawlURL.robotsPath(of:)) })
    }
}

extension CrawlOptions {
    /// Options for tests: fast, with a timeout long enough for a test process whose threads are
    /// busy with other suites.
    static var fast: CrawlOptions {
        var options = CrawlOptions()
        options.requestsPerSecond = 1_000
        options.timeoutSeconds = 60
        return options
    }
}

/// A fixture page with a title, an h1 and links.
func page(_ title: String, links: [String] = [], head: String = "", body: String = "") -> FixtureSite.Page {
    .html("<html><head><title>\(title)</title>\(head)</head><body><h1>\(title)</h1>"
        + links.map { "<a href=\"\($0)\">link to \($0)</a>" }.joined(separator: " ") + body + "</body></html>")
}
