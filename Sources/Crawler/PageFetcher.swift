import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends the crawl's requests: one GET at a time per call, spaced by the rate limiter, never
/// to a URL outside the site, with redirects followed by hand (at most `maxRedirects`, each
/// hop checked against the site and robots.txt) and bodies cut at a size cap.
final class PageFetcher: Sendable {
    /// Validators of an earlier fetch, for a conditional request.
    struct Validators: Sendable, Hashable {
        var etag: String?
        var lastModified: String?
    }

    struct Response: Sendable {
        /// The URL that answered (after redirects).
        var url: URL
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        /// The body was larger than the cap (and was not read past it).
        var tooLarge: Bool
        var redirects: Int
    }

    enum Failure: Error, Sendable {
        /// Connection refused, unknown host, TLS failure, timeout...
        case transport(String)
        case offSite(URL)
        case robots(URL)
        case tooManyRedirects(Int)
        case redirectLoop(URL)
    }

    let client: HTTPClient
    let options: CrawlOptions
    let scope: SiteScope
    let limiter: RateLimiter

    /// - Parameter retryConnections: retry a connection that cannot be made until the timeout
    ///   (for pages); off for the first request to a site, so an unreachable one fails at once.
    init(options: CrawlOptions, scope: SiteScope, limiter: RateLimiter, retryConnections: Bool = true) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(Int64(min(options.timeoutSeconds, 30))),
                           read: .milliseconds(Int64(options.timeoutSeconds * 1000))),
            decompression: .enabled(limit: .size(max(options.maxPageBytes, SitemapReader.inflatedLimit))))
        configuration.httpVersion = .http1Only
        configuration.connectionPool.retryConnectionEstablishment = retryConnections
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.options = options
        self.scope = scope
        self.limiter = limiter
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    /// GETs `url`, following redirects that stay on the site and are allowed by `robots`.
    /// - Parameters:
    ///   - cap: bytes of body read at most.
    ///   - validators: sent as If-None-Match / If-Modified-Since.
    func get(_ url: URL, accept: String, cap: Int, robots: RobotsRules?, validators: Validators? = nil)
        async throws(Failure) -> Response {
        var current = url
        var seen: Set<String> = [url.absoluteString]
        var redirects = 0
        while true {
            let response = try await getOnce(current, accept: accept, cap: cap, validators: redirects == 0 ? validators : nil)
            guard (300..<400).contains(response.status), response.status != 304,
                  let location = response.headers.first(name: "location") else {
                var finished = response
                finished.redirects = redirects
                return finished
            }
            guard let target = CrawlURL.normalize(location, base: current) else { throw .transport("a redirect to an unusable Location '\(location)'") }
            guard scope.contains(target) else { throw .offSite(target) }
            if let robots, !robots.allows(path: CrawlURL.robotsPath(of: target)) { throw .robots(target) }
            guard seen.insert(target.absoluteString).inserted else { throw .redirectLoop(target) }
            redirects += 1
            guard redirects <= options.maxRedirects else { throw .tooManyRedirects(redirects) }
            current = target
        }
    }

    /// One request, no redirect followed.
    private func getOnce(_ url: URL, accept: String, cap: Int, validators: Validators?) async throws(Failure) -> Response {
        // The one guard every request passes: nothing leaves the site.
        guard scope.contains(url) else { throw .offSite(url) }
        do {
            try await limiter.wait()
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .GET
            request.headers.add(name: "User-Agent", value: options.userAgent)
            request.headers.add(name: "Accept", value: accept)
            if let etag = validators?.etag { request.headers.add(name: "If-None-Match", value: etag) }
            if let lastModified = validators?.lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
            let response = try await client.execute(request, timeout: .milliseconds(Int64(options.timeoutSeconds * 1000)))
            let status = Int(response.status.code)
            if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > cap {
                return Response(url: url, status: status, headers: response.headers, body: [], tooLarge: true, redirects: 0)
            }
            var body: [UInt8] = []
            var tooLarge = false
            for try await var chunk in response.body {
                if body.count + chunk.readableBytes > cap {
                    tooLarge = true
                    break
                }
                body += chunk.readBytes(length: chunk.readableBytes) ?? []
            }
            return Response(url: url, status: status, headers: response.headers, body: tooLarge ? [] : body, tooLarge: tooLarge,
                            redirects: 0)
        } catch is CancellationError {
            throw .transport("cancelled")
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .transport(PageFetcher.describe(error))
        }
    }

    /// A short human reason for a transport error.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("deadlineExceeded") || text.contains("readTimeout") { return "the request timed out" }
        if text.lowercased().contains("refused") { return "connection refused" }
        if text.contains("NIOSSL") || text.contains("handshake") || text.lowercased().contains("certificate") { return "TLS failure (\(text))" }
        let lower = text.lowercased()
        if lower.contains("unknown host") || lower.contains("unknownhost") || text.contains("ResolutionError") || lower.contains("dns error") {
            return "unknown host (\(text))"
        }
        return text
    }
}
