import Foundation
import Testing
@testable import Crawler

@Suite struct SitemapReaderTests {
    @Test func aURLSetGivesItsPages() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc> https://example.com/a </loc><lastmod>2024-01-01</lastmod></url>
          <url><loc>https://example.com/b?x=1&amp;y=2</loc></url>
          <url><lastmod>2024-01-01</lastmod></url>
        </urlset>
        """
        #expect(try SitemapReader.read(Array(xml.utf8)) == .pages(["https://example.com/a", "https://example.com/b?x=1&y=2"]))
    }

    @Test func anIndexGivesItsSitemaps() throws {
        let xml = "<sitemapindex><sitemap><loc>/s1.xml</loc></sitemap><sitemap><loc>/s2.xml.gz</loc></sitemap></sitemapindex>"
        #expect(try SitemapReader.read(Array(xml.utf8)) == .sitemaps(["/s1.xml", "/s2.xml.gz"]))
    }

    @Test func aGzipSitemapIsInflated() throws {
        // gzip of `<urlset><url><loc>/z</loc></url></urlset>` made by Python's gzip.compress(..., mtime=0).
        let gzip: [UInt8] = GzipFixture.urlsetZ
        #expect(Gunzip.isGzip(gzip))
        #expect(try SitemapReader.read(gzip) == .pages(["/z"]))
    }

    @Test func htmlOrBrokenDataIsNotASitemap() {
        #expect(throws: SitemapReader.NotASitemap.self) { try SitemapReader.read(Array("<html><body>404</body></html>".utf8)) }
        #expect(throws: SitemapReader.NotASitemap.self) { try SitemapReader.read(Array("not xml at all".utf8)) }
        #expect(throws: SitemapReader.NotASitemap.self) { try SitemapReader.read([0x1F, 0x8B, 1, 2, 3]) }
        #expect(throws: SitemapReader.NotASitemap.self) { try SitemapReader.read([]) }
    }
}
