import Foundation
import Testing
@testable import Crawler

@Suite struct PageFactsTests {
    let base = URL(string: "https://example.com/shoes/")!

    func parse(_ html: String, header: String? = nil) -> PageFacts? {
        PageFacts.parse(Array(html.utf8), url: base, robotsHeader: header)
    }

    @Test func readsTitleDescriptionHeadingsAltsAndLinks() throws {
        let facts = try #require(parse("""
        <html><head><title> Trail  Shoes | Acme </title><meta name="Description" content="Light trail shoes">
        <link rel="canonical" href="/shoes/?utm_source=x#top"><script>var title = "<h1>no</h1>";</script></head>
        <body><h1>Trail <em>running</em> shoes</h1><h2>Sizes</h2><h3>Care</h3><h4>ignored</h4>
        <img src="a.jpg" alt="red trail shoe"><img src="b.jpg">
        <a href="boots?gclid=1#x">Hiking boots</a><a href="https://other.example.net/">Elsewhere</a>
        <a href="mailto:a@example.com">Mail</a><a href="/sale" rel="nofollow">Sale</a><a href="/x"><img alt="Icon text"></a>
        </body></html>
        """))
        #expect(facts.title == "Trail Shoes | Acme")
        #expect(facts.metaDescription == "Light trail shoes")
        #expect(facts.headings.map(\.level) == [1, 2, 3])
        #expect(facts.headings.first?.text == "Trail running shoes")
        #expect(facts.imageAlts == ["red trail shoe", "Icon text"])
        #expect(facts.canonical == "https://example.com/shoes/")
        #expect(facts.links.map(\.url) == ["https://example.com/shoes/boots", "https://other.example.net/", "https://example.com/sale",
                                           "https://example.com/x"])
        #expect(facts.links.map(\.text) == ["Hiking boots", "Elsewhere", "Sale", "Icon text"])
        #expect(facts.links.map(\.nofollow) == [false, false, true, false])
        #expect(!facts.noindex && !facts.nofollow)
    }

    @Test func robotsMetaAndHeader() throws {
        let meta = try #require(parse("<html><head><meta name=robots content='NOINDEX, follow'></head><body>x</body></html>"))
        #expect(meta.noindex && !meta.nofollow)
        let ours = try #require(parse("<meta name=kwcluster content=nofollow><p>x</p>"))
        #expect(!ours.noindex && ours.nofollow)
        let none = try #require(parse("<p>x</p>", header: "none"))
        #expect(none.noindex && none.nofollow)
        let forOthers = try #require(parse("<p>x</p>", header: "googlebot: noindex, nofollow"))
        #expect(!forOthers.noindex && !forOthers.nofollow)
        let forUs = try #require(parse("<p>x</p>", header: "kwcluster: noindex"))
        #expect(forUs.noindex && !forUs.nofollow)
    }

    @Test func baseHrefChangesHowLinksResolve() throws {
        let facts = try #require(parse("<head><base href='https://example.com/deep/'></head><a href='page'>A page</a>"))
        #expect(facts.links.first?.url == "https://example.com/deep/page")
    }

    @Test func malformedHTMLStillGivesWhatItHolds() throws {
        let facts = try #require(parse("<html><body><h1>Half <b>open</h1><a href=/p>link<div><h2>Two</table><p><p>"))
        #expect(facts.headings.contains { $0.level == 1 && $0.text.hasPrefix("Half open") })
        #expect(facts.links.first?.url == "https://example.com/p")
        #expect(PageFacts.parse([], url: base) == nil)
    }

    @Test func aFragmentWithoutHtmlOrBodyIsReadAsBrowsersDo() throws {
        let facts = try #require(parse("<title>Shop</title><h1>Gear<br>for <i>trails</i></h1><ul><li>One</li><li>Two</li></ul><a href=/new>New page</a>"))
        #expect(facts.title == "Shop")
        #expect(facts.headings.first?.text == "Gear for trails")
        #expect(facts.links.map(\.url) == ["https://example.com/new"])
        #expect(facts.links.first?.text == "New page")
    }

    @Test func latin1PagesAreDecodedByTheirCharset() throws {
        let bytes: [UInt8] = Array("<title>Caf".utf8) + [0xE9] + Array(" cr".utf8) + [0xE8] + Array("me</title>".utf8)
        let facts = try #require(PageFacts.parse(bytes, url: base, charset: "iso-8859-1"))
        #expect(facts.title == "Café crème")
    }
}

@Suite struct CrawlURLTests {
    @Test func normalisesWhatAPageLinks() {
        let base = URL(string: "https://Example.com/a/b")!
        #expect(CrawlURL.normalize("../c?utm_medium=x&id=3&fbclid=9#frag", base: base)?.absoluteString == "https://example.com/c?id=3")
        #expect(CrawlURL.normalize("HTTP://EXAMPLE.COM:80")?.absoluteString == "http://example.com/")
        #expect(CrawlURL.normalize("https://example.com:443/x")?.absoluteString == "https://example.com/x")
        #expect(CrawlURL.normalize("javascript:void(0)", base: base) == nil)
        #expect(CrawlURL.normalize("tel:123", base: base) == nil)
        #expect(CrawlURL.normalize("/a b", base: base)?.absoluteString == "https://example.com/a%20b")
    }

    @Test func theScopeIsOneHostItsWwwTwinAndOnePort() {
        let scope = SiteScope(start: URL(string: "https://www.example.com/")!)
        #expect(scope.contains(URL(string: "http://example.com/x")!))
        #expect(scope.contains(URL(string: "https://www.example.com/y")!))
        #expect(!scope.contains(URL(string: "https://shop.example.com/")!))
        #expect(!scope.contains(URL(string: "https://example.com.evil.net/")!))
        #expect(!scope.contains(URL(string: "https://example.com:8443/")!))
        #expect(!scope.contains(URL(string: "ftp://example.com/")!))
        let local = SiteScope(start: URL(string: "http://127.0.0.1:8080/")!)
        #expect(local.contains(URL(string: "http://127.0.0.1:8080/a")!))
        #expect(!local.contains(URL(string: "http://127.0.0.1:8081/a")!))
    }

    @Test func startCandidatesTryHttpsThenHttpOrTakeTheURL() {
        #expect(SiteCrawler.startCandidates(for: "example.com").map(\.absoluteString) == ["https://example.com/", "http://example.com/"])
        #expect(SiteCrawler.startCandidates(for: "http://127.0.0.1:8080").map(\.absoluteString) == ["http://127.0.0.1:8080/"])
    }
}
