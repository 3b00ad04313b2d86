// libFuzzer target: robots.txt rules, sitemaps and HTML page facts (module Crawler's readers).
// Built by scripts/fuzz.sh with the few Crawler files they need and libxml2.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCrawler(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    let rules = RobotsRules(parsing: text, userAgent: "kwcluster")
    _ = rules.allows(path: "/some/path?q=1")
    _ = try? SitemapReader.read(bytes)
    _ = PageFacts.parse(bytes, url: URL(string: "http://127.0.0.1/page")!)
    return 0
}
