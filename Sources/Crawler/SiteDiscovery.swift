import Foundation

/// The start of a crawl: which URL answers, the site's robots.txt, and the pages its sitemaps list.
public struct SiteDiscovery: Sendable {
    /// The start page (`https://DOMAIN/`, else `http://DOMAIN/`, or the URL given).
    public var start: URL
    /// robots.txt as fetched (nil when the site has none), kept so a resumed crawl obeys the same rules.
    public var robotsText: String?
    public var robots: RobotsRules
    /// The start page (depth 0), then every page of the sitemaps (depth 1), without repeats.
    public var seeds: [FrontierEntry]
    /// Counted problems that did not stop the crawl (a sitemap that is not XML, ...).
    public var warnings: [String]
}

extension SiteCrawler {
    /// Sitemaps read per crawl at most (indexes included).
    static let maximumSitemaps = 100

    /// The start URLs to try for what the user typed: the URL itself, or https then http.
    public static func startCandidates(for domain: String) -> [URL] {
        let trimmed = domain.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("://") { return CrawlURL.normalize(trimmed).map { [$0] } ?? [] }
        return ["https://", "http://"].compactMap { CrawlURL.normalize($0 + trimmed) }
    }

    /// Finds the start page and reads robots.txt and the sitemaps.
    /// - Throws: ``CrawlError`` when no start URL answers, robots.txt disallows everything or
    ///   the start page, or the domain is not a host name.
    public static func discover(domain: String, options: CrawlOptions) async throws(CrawlError) -> SiteDiscovery {
        let candidates = startCandidates(for: domain)
        guard let first = candidates.first else {
            throw CrawlError(url: domain, problem: "not a domain or an http(s) URL",
                             hint: "pass --domain=example.com or --domain=https://example.com/")
        }
        var failures: [String] = []
        for start in candidates {
            let crawler = SiteCrawler(start: start, options: options, retryConnections: false)
            do {
                let discovery = try await crawler.discover()
                await crawler.close()
                return discovery
            } catch let failure {
                await crawler.close()
                guard case .transport(let reason) = failure.kind else { throw failure.error }
                failures.append("\(start.absoluteString): \(reason)")
            }
        }
        throw CrawlError(url: first.absoluteString,
                         problem: "the site cannot be reached (\(failures.joined(separator: "; ")))",
                         hint: "Check the domain's spelling and that the site is up; pass the full URL (--domain=http://host:port/) for a site on another port or without https")
    }

    struct DiscoveryFailure: Error {
        enum Kind { case transport(String), other }
        var kind: Kind
        var error: CrawlError
    }

    /// robots.txt and sitemaps of this crawler's start URL.
    func discover() async throws(DiscoveryFailure) -> SiteDiscovery {
        guard let origin = CrawlURL.origin(of: start), let robotsURL = URL(string: "robots.txt", relativeTo: origin)?.absoluteURL else {
            throw DiscoveryFailure(kind: .other, error: CrawlError(url: start.absoluteString, problem: "not a usable URL", hint: "pass --domain=example.com"))
        }
        var warnings: [String] = []
        var robotsText: String?
        var robots = RobotsRules.allowAll
        do {
            let response = try await fetcher.get(robotsURL, accept: "text/plain,*/*;q=0.1", cap: 512 * 1024, robots: nil)
            switch response.status {
            case 200..<300:
                let text = String(decoding: response.body, as: UTF8.self)
                robotsText = text
                robots = RobotsRules(parsing: text, userAgent: CrawlOptions.robotsToken)
            case 500..<600:
                robotsText = "User-agent: *\nDisallow: /\n"
                robots = .disallowAll
                warnings.append("\(robotsURL.absoluteString) answered HTTP \(response.status): the site is treated as closed to crawlers (RFC 9309)")
            default:
                break
            }
        } catch {
            if case .transport(let reason) = error { throw DiscoveryFailure(kind: .transport(reason), error: CrawlError(url: robotsURL.absoluteString, problem: reason, hint: "")) }
            // robots.txt redirecting off the site or in a loop: no rules.
            warnings.append("\(robotsURL.absoluteString) could not be read (\(error)); crawling without rules")
        }
        if robots.disallowsEverything {
            throw DiscoveryFailure(kind: .other, error: CrawlError(
                url: robotsURL.absoluteString, problem: "robots.txt disallows every page to kwcluster",
                hint: "The site asks crawlers to stay away; pass the site's keywords as a file with --keywords=FILE and --crawl=off"))
        }
        guard robots.allows(path: CrawlURL.robotsPath(of: start)) else {
            throw DiscoveryFailure(kind: .other, error: CrawlError(
                url: start.absoluteString, problem: "robots.txt disallows the start page",
                hint: "Pass an allowed start page with --domain=URL, or the keywords as a file with --keywords=FILE"))
        }
        await fetcher.limiter.setInterval(options.interval(crawlDelay: robots.crawlDelay))
        var seeds = [FrontierEntry(url: start.absoluteString, depth: 0)]
        var seen: Set<String> = [start.absoluteString]
        // Sitemap URLs should be absolute; relative ones are read against robots.txt / the sitemap.
        var sitemapQueue = robots.sitemaps.compactMap { CrawlURL.normalize($0, base: robotsURL) }
        if let standard = URL(string: "sitemap.xml", relativeTo: origin)?.absoluteURL { sitemapQueue.append(standard) }
        var sitemapsRead: Set<String> = []
        while !sitemapQueue.isEmpty, sitemapsRead.count < SiteCrawler.maximumSitemaps {
            let sitemap = sitemapQueue.removeFirst()
            guard sitemapsRead.insert(sitemap.absoluteString).inserted else { continue }
            guard scope.contains(sitemap) else {
                warnings.append("sitemap \(sitemap.absoluteString) is on another host; not read")
                continue
            }
            let isStandard = sitemap.path == "/sitemap.xml" && !robots.sitemaps.contains(where: { CrawlURL.normalize($0, base: robotsURL) == sitemap })
            do {
                let response = try await fetcher.get(sitemap, accept: "application/xml,text/xml,*/*;q=0.1",
                                                     cap: SitemapReader.inflatedLimit, robots: robots)
                guard (200..<300).contains(response.status), !response.tooLarge else {
                    if !isStandard || response.status != 404 {
                        warnings.append("sitemap \(sitemap.absoluteString) answered HTTP \(response.status)\(response.tooLarge ? " (over 50 MB)" : ""); skipped")
                    }
                    continue
                }
                switch try SitemapReader.read(response.body) {
                case .pages(let locations):
                    for location in locations {
                        guard let url = CrawlURL.normalize(location, base: sitemap), scope.contains(url), seen.insert(url.absoluteString).inserted else { continue }
                        seeds.append(FrontierEntry(url: url.absoluteString, depth: 1))
                    }
                case .sitemaps(let locations):
                    sitemapQueue += locations.compactMap { CrawlURL.normalize($0, base: sitemap) }
                }
            } catch let failure as SitemapReader.NotASitemap {
                warnings.append("sitemap \(sitemap.absoluteString) is not a sitemap (\(failure.reason)); skipped. Fix the sitemap or ignore this warning")
            } catch {
                warnings.append("sitemap \(sitemap.absoluteString) could not be read (\(error)); skipped")
            }
        }
        return SiteDiscovery(start: start, robotsText: robotsText, robots: robots, seeds: seeds, warnings: warnings)
    }
}
