import Testing
@testable import Crawler

@Suite struct RobotsRulesTests {
    @Test func theGroupNamingKwclusterWinsOverTheStarGroup() {
        let text = """
        User-agent: *
        Disallow: /

        User-agent: Googlebot
        Disallow: /google-only

        User-agent: KWCluster/1.0
        Disallow: /private
        Crawl-delay: 2.5
        Sitemap: https://example.com/sitemap-pages.xml
        """
        let rules = RobotsRules(parsing: text, userAgent: "kwcluster")
        #expect(rules.allows(path: "/"))
        #expect(rules.allows(path: "/google-only"))
        #expect(!rules.allows(path: "/private"))
        #expect(!rules.allows(path: "/private/page?x=1"))
        #expect(rules.crawlDelay == 2.5)
        #expect(rules.sitemaps == ["https://example.com/sitemap-pages.xml"])
    }

    @Test func theStarGroupAppliesWhenNoGroupNamesKwcluster() {
        let rules = RobotsRules(parsing: "User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /admin\n", userAgent: "kwcluster")
        #expect(rules.allows(path: "/shop"))
        #expect(!rules.allows(path: "/admin/users"))
    }

    @Test func consecutiveUserAgentLinesShareOneGroup() {
        let rules = RobotsRules(parsing: "User-agent: a\nUser-agent: kwcluster\nDisallow: /x\n", userAgent: "kwcluster")
        #expect(!rules.allows(path: "/x"))
    }

    @Test func theLongestMatchWinsAndAllowWinsATie() {
        let rules = RobotsRules(parsing: "User-agent: *\nDisallow: /shop\nAllow: /shop/public\nAllow: /same\nDisallow: /same\n",
                                userAgent: "kwcluster")
        #expect(!rules.allows(path: "/shop/cart"))
        #expect(rules.allows(path: "/shop/public/item"))
        #expect(rules.allows(path: "/same"))
    }

    @Test func wildcardsAndEndAnchors() {
        let rules = RobotsRules(parsing: "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?sort=\nDisallow: /a*/b\n", userAgent: "kwcluster")
        #expect(!rules.allows(path: "/files/guide.pdf"))
        #expect(rules.allows(path: "/files/guide.pdf.html"))
        #expect(!rules.allows(path: "/list?sort=price"))
        #expect(rules.allows(path: "/list?page=2"))
        #expect(!rules.allows(path: "/abc/b/c"))
        #expect(rules.allows(path: "/b/a"))
    }

    @Test func anEmptyDisallowAllowsEverythingAndCommentsAreIgnored() {
        let rules = RobotsRules(parsing: "# hello\nUser-agent: * # all\nDisallow:\n", userAgent: "kwcluster")
        #expect(rules.allows(path: "/anything"))
        #expect(!rules.disallowsEverything)
    }

    @Test func disallowingTheRootClosesTheSiteButRobotsTxtStaysReadable() {
        let rules = RobotsRules(parsing: "User-agent: *\r\nDisallow: /\r\n", userAgent: "kwcluster")
        #expect(rules.disallowsEverything)
        #expect(rules.allows(path: "/robots.txt"))
        #expect(!RobotsRules.allowAll.disallowsEverything)
        #expect(RobotsRules.disallowAll.disallowsEverything)
    }

    @Test func garbageGivesNoRules() {
        let rules = RobotsRules(parsing: "<html><body>not robots</body></html>\n\u{0}\u{1}", userAgent: "kwcluster")
        #expect(rules.allows(path: "/"))
        #expect(rules.crawlDelay == nil)
    }
}
