import Foundation
import Testing
@testable import Crawler
import SiteFixture

/// The crawler against a site served on 127.0.0.1 inside the test process.
@Suite struct SiteCrawlerTests {
    @Test func robotsRulesAreObeyed() async throws {
        let site = FixtureSite(pages: [
            "/robots.txt": .text("User-agent: *\nDisallow: /private\nDisallow: /*.php$\nAllow: /private/open\n"),
            "/": page("Home page", links: ["/private/secret", "/private/open", "/page.php", "/page.php?x=1", "/public"]),
            "/private/secret": page("Secret"), "/private/open": page("Open part"), "/page.php": page("Php"),
            "/page.php?x=1": page("Php query"), "/public": page("Public"),
        ])
        let run = try await site.serve { try await CrawlRun.of($0) }
        let asked = Set(site.requests.map(\.path))
        #expect(!asked.contains("/private/secret"))
        #expect(!asked.contains("/page.php"))
        #expect(asked.isSuperset(of: ["/robots.txt", "/", "/private/open", "/page.php?x=1", "/public"]))
        #expect(run.outcome("/private/secret")?.blockedByRobots == true)
        #expect(run.outcome("/page.php")?.blockedByRobots == true)
        #expect(site.requests.allSatisfy { $0.userAgent?.contains("kwcluster") == true && $0.userAgent?.contains("http") == true })
    }

    @Test func aSiteClosedByRobotsTxtIsAClearError() async throws {
        let site = FixtureSite(pages: ["/robots.txt": .text("User-agent: *\nDisallow: /\n"), "/": page("Home")])
        await #expect(throws: CrawlError.self) {
            try await site.serve { try await CrawlRun.of($0) }
        }
        #expect(site.requests.map(\.path) == ["/robots.txt"])
    }

    @Test func sitemapsIndexesAndGzipAreRead() async throws {
        let gzipSitemap = FixtureSite.Page(headers: [("Content-Type", "application/x-gzip")], body: GzipFixture.urlsetZ)
        let site = FixtureSite(pages: [
            "/robots.txt": .text("User-agent: *\nAllow: /\nSitemap: /index.xml\n"),
            "/": page("Home"),
            "/index.xml": .text("<sitemapindex><sitemap><loc>/a.xml</loc></sitemap><sitemap><loc>/z.xml.gz</loc></sitemap>"
                + "<sitemap><loc>/broken.xml</loc></sitemap></sitemapindex>", type: "application/xml"),
            "/a.xml": .text("<urlset><url><loc>/only-in-sitemap</loc></url><url><loc>https://elsewhere.example/x</loc></url></urlset>",
                            type: "application/xml"),
            "/z.xml.gz": gzipSitemap,
            "/broken.xml": .html("<html><body>Oops</body></html>"),
            "/sitemap.xml": .text("<urlset><url><loc>/from-standard</loc></url></urlset>", type: "application/xml"),
            "/only-in-sitemap": page("Only in the sitemap"), "/z": page("Zipped"), "/from-standard": page("Standard sitemap"),
        ])
        let run = try await site.serve { try await CrawlRun.of($0) }
        #expect(run.fetchedPaths.isSuperset(of: ["/", "/only-in-sitemap", "/z", "/from-standard"]))
        #expect(run.discovery.warnings.contains { $0.contains("/broken.xml") && $0.contains("not a sitemap") })
        #expect(!run.outcomes.contains { $0.entry.url.contains("elsewhere") })
    }

    @Test func canonicalNoindexAndNofollowAreHonoured() async throws {
        let site = FixtureSite(pages: [
            "/": page("Home", links: ["/dup", "/closed", "/hidden"], body: "<a href=\"/sponsored\" rel=\"nofollow sponsored\">Ad</a>"),
            "/dup": page("Duplicate", head: "<link rel=\"canonical\" href=\"/original\">"),
            "/original": page("Original"),
            "/closed": page("Closed", links: ["/behind-nofollow"], head: "<meta name=\"robots\" content=\"nofollow\">"),
            "/hidden": page("Hidden", links: ["/behind-noindex"], head: "<meta name=\"robots\" content=\"noindex\">"),
            "/behind-nofollow": page("Never"), "/sponsored": page("Never"), "/behind-noindex": page("Reached"),
        ])
        let run = try await site.serve { try await CrawlRun.of($0) }
        let asked = Set(site.requests.map(\.path))
        #expect(asked.contains("/original"))
        #expect(!asked.contains("/behind-nofollow"))
        #expect(!asked.contains("/sponsored"))
        // noindex still follows links (only nofollow stops them).
        #expect(asked.contains("/behind-noindex"))
        #expect(run.outcome("/hidden")?.facts?.noindex == true)
        #expect(run.outcome("/dup")?.facts?.canonical?.hasSuffix("/original") == true)
    }

    @Test func noRequestEverLeavesTheSite() async throws {
        // `localhost` is another host name for the same server: were the crawler to follow a
        // link or a redirect there, the server would see it.
        let site = FixtureSite()
        let run = try await site.serve { root in
            let other = "http://localhost:\(root.port!)"
            site.set("/", page("Home", links: ["\(other)/offsite-link", "/leave", "//localhost:\(root.port!)/protocol-relative"]))
            site.set("/leave", .redirect(to: "\(other)/offsite-redirect"))
            site.set("/robots.txt", .text("User-agent: *\nAllow: /\nSitemap: \(other)/offsite-sitemap.xml\n"))
            return try await CrawlRun.of(root)
        }
        let asked = site.requests.map(\.path)
        #expect(!asked.contains { $0.contains("offsite") || $0.contains("protocol-relative") })
        #expect(run.outcome("/leave")?.state == .skipped)
        #expect(run.outcome("/leave")?.detail?.contains("off the site") == true)
        #expect(run.discovery.warnings.contains { $0.contains("another host") })
    }

    @Test func redirectsAreFollowedAtMostFiveTimesAndLoopsStop() async throws {
        var pages: [String: FixtureSite.Page] = [
            "/": page("Home", links: ["/moved", "/r0", "/loop-a", "/four0"]),
            "/moved": .redirect(to: "/new-home-of-moved", status: 302), "/new-home-of-moved": page("Moved here"),
            "/loop-a": .redirect(to: "/loop-b"), "/loop-b": .redirect(to: "/loop-a"),
        ]
        for index in 0..<6 { pages["/r\(index)"] = .redirect(to: "/r\(index + 1)") }
        pages["/r6"] = page("Too far")
        for index in 0..<4 { pages["/four\(index)"] = .redirect(to: "/four\(index + 1)") }
        pages["/four4"] = page("Four hops")
        let site = FixtureSite(pages: pages)
        let run = try await site.serve { try await CrawlRun.of($0) }
        #expect(run.outcome("/moved")?.state == .redirected)
        #expect(run.outcome("/moved")?.finalState == .fetched)
        #expect(run.outcome("/moved")?.facts?.title == "Moved here")
        #expect(run.outcome("/r0")?.state == .error)
        #expect(run.outcome("/r0")?.detail?.contains("more than 5 redirects") == true)
        #expect(!site.requests.contains { $0.path == "/r6" })
        #expect(run.outcome("/loop-a")?.state == .error)
        #expect(run.outcome("/loop-a")?.detail?.contains("loop") == true)
        #expect(run.outcome("/four0")?.finalState == .fetched)
    }

    @Test func pagesOverTheSizeCapAreSkippedAndOtherTypesToo() async throws {
        var options = CrawlOptions.fast
        options.maxPageBytes = 10_000
        var streamed = page("Streamed", body: String(repeating: "<p>filler text</p>", count: 5_000))
        streamed.chunked = true
        let site = FixtureSite(pages: [
            "/": page("Home", links: ["/big", "/streamed", "/data", "/photo.jpg", "/small"]),
            "/big": page("Big", body: String(repeating: "<p>filler text</p>", count: 5_000)),
            "/streamed": streamed,
            "/data": .text("{\"a\": 1}", type: "application/json"),
            "/small": page("Small"),
        ])
        let fixed = options
        let run = try await site.serve { try await CrawlRun.of($0, options: fixed) }
        #expect(run.outcome("/big")?.state == .skipped)
        #expect(run.outcome("/big")?.detail?.contains("larger than") == true)
        #expect(run.outcome("/streamed")?.state == .skipped)
        #expect(run.outcome("/data")?.detail?.contains("not HTML") == true)
        // Links to files that are never HTML are not even queued.
        #expect(run.outcome("/photo.jpg") == nil)
        #expect(!site.requests.contains { $0.path == "/photo.jpg" })
        #expect(run.outcome("/small")?.state == .fetched)
    }

    @Test func errorsAreCountedNotFatal() async throws {
        let site = FixtureSite(pages: [
            "/": page("Home", links: ["/missing", "/broken"]),
            "/broken": FixtureSite.Page(status: 500, headers: [("Content-Type", "text/html")], body: Array("oops".utf8)),
        ])
        let run = try await site.serve { try await CrawlRun.of($0) }
        #expect(run.outcome("/missing")?.state == .error)
        #expect(run.outcome("/missing")?.detail == "HTTP 404")
        #expect(run.outcome("/broken")?.detail == "HTTP 500")
        #expect(run.outcome("/")?.state == .fetched)
    }

    @Test func theRateLimitSpacesRequests() async throws {
        var options = CrawlOptions.fast
        options.requestsPerSecond = 10
        options.concurrency = 4
        var pages: [String: FixtureSite.Page] = ["/": page("Home", links: (1...11).map { "/p\($0)" })]
        for index in 1...11 { pages["/p\(index)"] = page("Page \(index)") }
        let site = FixtureSite(pages: pages)
        let fixed = options
        _ = try await site.serve { try await CrawlRun.of($0, options: fixed) }
        let pageRequests = site.requests.filter { $0.path == "/" || $0.path.hasPrefix("/p") }
        #expect(pageRequests.count == 12)
        // 12 requests at 10 per second span at least 1.1 s (a generous margin below).
        let span = pageRequests.map(\.time).max()! - pageRequests.map(\.time).min()!
        #expect(span >= 0.9)
    }

    @Test func aCrawlDelaySlowsTheCrawlFurther() async throws {
        let site = FixtureSite(pages: [
            "/robots.txt": .text("User-agent: kwcluster\nCrawl-delay: 0.4\n"),
            "/": page("Home", links: ["/a", "/b"]), "/a": page("A"), "/b": page("B"),
        ])
        _ = try await site.serve { try await CrawlRun.of($0) }
        let times = site.requests.filter { ["/", "/a", "/b"].contains($0.path) }.map(\.time).sorted()
        #expect(times.count == 3)
        #expect(times[2] - times[0] >= 0.7)
    }

    @Test func theBudgetAndDepthLimitsStopTheCrawl() async throws {
        var pages: [String: FixtureSite.Page] = [:]
        for index in 0..<20 { pages[index == 0 ? "/" : "/d\(index)"] = page("Depth \(index)", links: ["/d\(index + 1)", "/x\(index)"]) }
        let site = FixtureSite(pages: pages)
        var options = CrawlOptions.fast
        options.maxDepth = 3
        let fixed = options
        let deep = try await site.serve { try await CrawlRun.of($0, options: fixed) }
        #expect(deep.outcomes.allSatisfy { $0.entry.depth <= 3 })
        #expect(deep.fetchedPaths.contains("/d3"))
        #expect(!deep.fetchedPaths.contains("/d4"))
        options.maxDepth = nil
        options.maxPages = 5
        let limited = options
        let budget = try await site.serve { try await CrawlRun.of($0, options: limited) }
        #expect(budget.outcomes.count { $0.pageState == .fetched } == 5)
    }

    @Test func conditionalRequestsAnswered304AreUnchanged() async throws {
        let site = FixtureSite(pages: [
            "/": .html("<title>Home</title><h1>Home page</h1>", headers: [("ETag", "\"v1\"")]),
        ])
        try await site.serve { root in
            let discovery = try await SiteCrawler.discover(domain: root.absoluteString, options: .fast)
            let crawler = SiteCrawler(start: discovery.start, options: .fast)
            var outcomes: [PageOutcome] = []
            _ = try await crawler.crawl(frontier: discovery.seeds, known: [], fetchedBefore: 0, robots: discovery.robots,
                                        previous: [root.absoluteString: .init(etag: "\"v1\"", lastModified: nil)]) { outcomes.append($0) }
            await crawler.close()
            #expect(outcomes.first?.state == .unchanged)
            #expect(outcomes.first?.etag == "\"v1\"")
        }
        #expect(site.requests.last?.ifNoneMatch == "\"v1\"")
    }

    @Test func anUnreachableSiteIsAClearError() async throws {
        // Port 9 (discard) on loopback: nothing listens there.
        let root = URL(string: "http://127.0.0.1:9/")!
        do {
            _ = try await CrawlRun.of(root)
            Issue.record("a crawl of a closed port succeeded")
        } catch let error as CrawlError {
            #expect(error.problem.contains("cannot be reached"))
            #expect(error.hint.contains("--domain"))
        }
    }
}
