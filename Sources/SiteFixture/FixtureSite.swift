import DedicatedThread
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A web site served on 127.0.0.1 (never another address) for the crawler's tests and
/// measurements: pages by path (with their query), each with a status, headers, a body and an
/// optional delay; every request is logged. `ETag` / `Last-Modified` headers of a page make it
/// answer conditional requests with 304.
public final class FixtureSite: @unchecked Sendable {
    /// Where the server runs, so the site keeps answering while a busy test process's shared
    /// threads are all taken (its clients would time out otherwise).
    static let serverThread = DedicatedThreadExecutor(name: "fixture-site")

    public struct Page: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        /// Seconds before the answer.
        public var delay: Double = 0
        /// Send the body in pieces without a Content-Length (a size cap must cut it while reading).
        public var chunked = false

        public init(status: Int = 200, headers: [(name: String, value: String)], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// An HTML page.
        public static func html(_ text: String, headers: [(name: String, value: String)] = []) -> Page {
            Page(headers: [("Content-Type", "text/html; charset=utf-8")] + headers, body: Array(text.utf8))
        }

        /// A plain text body (robots.txt) or any other type.
        public static func text(_ text: String, type: String = "text/plain") -> Page {
            Page(headers: [("Content-Type", type)], body: Array(text.utf8))
        }

        /// A redirect to `location` (relative or absolute).
        public static func redirect(to location: String, status: Int = 301) -> Page {
            Page(status: status, headers: [("Location", location)], body: [])
        }
    }

    /// One request the site received.
    public struct Received: Sendable {
        /// Path and query, as requested.
        public var path: String
        public var userAgent: String?
        public var ifNoneMatch: String?
        public var ifModifiedSince: String?
        /// Seconds since the site was made.
        public var time: Double
        /// Whether the site answered it (with a page, a 304 or a 404); false while held.
        public var answered: Bool
        /// Whether it arrived after ``hold(after:)``'s count: it waits, then gets 503.
        public var held = false
    }

    private let lock = NSLock()
    private var pages: [String: Page]
    private var received: [Received] = []
    private var holdAfter: Int?
    private var holdGeneration = 0
    private let made = ContinuousClock.now

    public init(pages: [String: Page] = [:]) {
        self.pages = pages
    }

    /// Sets (or with nil removes) the page at `path`.
    public func set(_ path: String, _ page: Page?) {
        lock.withLock { pages[path] = page }
    }

    /// Every request so far, in arrival order.
    public var requests: [Received] {
        lock.withLock { received }
    }

    /// Forgets the requests so far.
    public func forgetRequests() {
        lock.withLock { received = [] }
    }

    /// Paths answered more than once.
    public var pathsAnsweredTwice: [String] {
        var counts: [String: Int] = [:]
        for request in requests where request.answered { counts[request.path, default: 0] += 1 }
        return counts.filter { $0.value > 1 }.map(\.key).sorted()
    }

    /// From now on, once `count` requests have been answered, further requests wait unanswered
    /// until ``release()``; then they get 503 and count as not answered (their client is gone).
    public func hold(after count: Int) {
        lock.withLock { holdAfter = count }
    }

    /// Lets held requests go (with 503) and answers later ones normally.
    public func release() {
        lock.withLock {
            holdAfter = nil
            holdGeneration += 1
        }
    }

    /// Answers one request.
    func respond(path: String, userAgent: String?, ifNoneMatch: String?, ifModifiedSince: String?) async -> Response {
        let (index, page, generation, held) = lock.withLock { () -> (Int, Page?, Int, Bool) in
            let answered = received.count { $0.answered }
            received.append(Received(path: path, userAgent: userAgent, ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince,
                                     time: (ContinuousClock.now - made).seconds, answered: false))
            let held = holdAfter.map { answered >= $0 } ?? false
            received[received.count - 1].held = held
            return (received.count - 1, pages[path], holdGeneration, held)
        }
        if held {
            while lock.withLock({ holdGeneration == generation }) {
                try? await Task.sleep(for: .milliseconds(20))
            }
            return Response(status: .serviceUnavailable)
        }
        lock.withLock { received[index].answered = true }
        guard let page else { return Response(status: .notFound, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<h1>Not found</h1>"))) }
        if page.delay > 0 { try? await Task.sleep(for: .seconds(page.delay)) }
        var headers = HTTPFields()
        for header in page.headers {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        let etag = page.headers.first { $0.name.lowercased() == "etag" }?.value
        let modified = page.headers.first { $0.name.lowercased() == "last-modified" }?.value
        if (etag != nil && etag == ifNoneMatch) || (ifNoneMatch == nil && modified != nil && modified == ifModifiedSince) {
            return Response(status: .notModified, headers: headers)
        }
        let status = HTTPResponse.Status(code: page.status)
        guard page.chunked else { return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: page.body))) }
        let body = page.body
        return Response(status: status, headers: headers, body: ResponseBody { writer in
            var offset = 0
            while offset < body.count {
                let end = min(body.count, offset + 65_536)
                try await writer.write(ByteBuffer(bytes: body[offset..<end]))
                offset = end
            }
            try await writer.finish(nil)
        })
    }

    /// Serves the site on 127.0.0.1 while `body` runs; `body` gets the site's root URL.
    public func serve<T: Sendable>(port: Int = 0, _ body: @Sendable (URL) async throws -> T) async throws -> T {
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                let path = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return await self.respond(path: path, userAgent: request.headers[.userAgent], ifNoneMatch: request.headers[.ifNoneMatch],
                                          ifModifiedSince: request.headers[.ifModifiedSince])
            },
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: .init(label: "fixture-site", factory: { _ in SwiftLogNoOpLogHandler() }))
        let server = Task(executorPreference: Self.serverThread) { try await application.run() }
        defer { server.cancel() }
        var iterator = portStream.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else { throw CancellationError() }
        return try await body(URL(string: "http://127.0.0.1:\(bound)/")!)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
