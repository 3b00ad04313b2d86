import _CryptoExtras
import DedicatedThread
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Google's OAuth token endpoint and Search Console's `searchAnalytics/query`, served on
/// 127.0.0.1 (never another address) for the import's tests: one property with a generated
/// set of query-and-page rows, answered `rowLimit` rows from `startRow` as the API pages them.
///
/// - `POST /token`: a service account's RS256 JWT (the signature checked against its public
///   key; issuer, scope, audience and lifetime checked) or a refresh-token grant, answered with
///   a new access token; anything else gets `400 invalid_grant` as Google answers.
/// - `POST /webmasters/v3/sites/{property}/searchAnalytics/query`: 401 without a token the
///   endpoint issued (or after ``Scripted/expireTokens``), 403 for another property, else the rows.
/// Scripted answers (``script(_:)``) replace the next query answers one by one.
public final class SearchConsoleFixture: @unchecked Sendable {
    static let serverThread = DedicatedThreadExecutor(name: "search-console-fixture")

    /// The service account the token endpoint accepts: its e-mail and public key.
    public struct ServiceAccount: Sendable {
        public var clientEmail: String
        public var publicKey: _RSA.Signing.PublicKey
        public init(clientEmail: String, publicKey: _RSA.Signing.PublicKey) {
            self.clientEmail = clientEmail
            self.publicKey = publicKey
        }
    }

    /// The OAuth client and refresh token the token endpoint accepts.
    public struct AuthorizedUser: Sendable {
        public var clientID: String
        public var clientSecret: String
        public var refreshToken: String
        public init(clientID: String, clientSecret: String, refreshToken: String) {
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.refreshToken = refreshToken
        }
    }

    /// One row of the data set, as the API returns it (`keys`: query, page).
    public struct Row: Sendable, Equatable {
        public var query: String
        public var page: String
        public var clicks: Int
        public var impressions: Int
        public var position: Double
        public init(query: String, page: String, clicks: Int, impressions: Int, position: Double) {
            self.query = query
            self.page = page
            self.clicks = clicks
            self.impressions = impressions
            self.position = position
        }
    }

    /// An answer that replaces the next query answer.
    public enum Scripted: Sendable, Equatable {
        /// The normal answer.
        case rows
        /// Forgets every token issued so far: this request and later ones with an old token get 401.
        case expireTokens
        /// `status` with Google's error JSON (`reason` and `message`), e.g. 429 rateLimitExceeded.
        case error(status: Int, reason: String, message: String, retryAfter: Int? = nil)
    }

    /// One query request as received.
    public struct QueryRequest: Sendable, Equatable {
        public var property: String
        public var token: String?
        public var startRow: Int
        public var rowLimit: Int
        public var startDate: String
        public var endDate: String
        public var dimensions: [String]
        /// The status it was answered with.
        public var status: Int
    }

    public let property: String
    public let rows: [Row]
    let serviceAccount: ServiceAccount?
    let authorizedUser: AuthorizedUser?
    /// The clock a JWT's times are checked against (a test's own clock, moved by hand).
    let now: @Sendable () -> Date
    let lock = NSLock()
    var validTokens: Set<String> = []
    var tokensIssued = 0
    var scripted: [Scripted] = []
    var queries: [QueryRequest] = []
    var grants: [String] = []
    var tokenURL = ""

    public init(property: String, rows: [Row], serviceAccount: ServiceAccount? = nil, authorizedUser: AuthorizedUser? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
        self.property = property
        self.rows = rows
        self.serviceAccount = serviceAccount
        self.authorizedUser = authorizedUser
    }

    /// Replaces the next query answers, in order, with these.
    public func script(_ answers: [Scripted]) {
        lock.withLock { scripted += answers }
    }

    /// The query requests so far, in arrival order.
    public var queryRequests: [QueryRequest] { lock.withLock { queries } }

    /// The grant types of the token requests that got a token, in order.
    public var tokenGrants: [String] { lock.withLock { grants } }

    /// `count` rows of `count / pagesPerQuery` queries, each shown with `pagesPerQuery` pages,
    /// with varied clicks, impressions and positions, sorted by clicks descending as the API
    /// sorts (ties: by query and page, so the order is stable across requests).
    public static func generatedRows(count: Int, pagesPerQuery: Int = 3) -> [Row] {
        var generator = SplitMix(seed: 31)
        let words = ["shoes", "running", "trail", "waterproof", "boots", "hiking", "women", "men", "kids", "sale",
                     "best", "cheap", "leather", "size", "guide", "review", "winter", "summer", "red", "black"]
        let rows = (0..<count).map { index -> Row in
            let query = index / pagesPerQuery
            let text = "\(words[query % 20]) \(words[(query / 20) % 20]) \(words[(query / 400) % 20]) \(query)"
            let impressions = 1 + Int(generator.next() % 5_000)
            let clicks = Int(generator.next() % UInt64(impressions / 4 + 1))
            let position = 1 + Double(generator.next() % 900) / 10
            return Row(query: text, page: "https://example.com/p/\((query * 7 + index % pagesPerQuery) % 997)/\(index % pagesPerQuery)",
                       clicks: clicks, impressions: impressions, position: position)
        }
        return rows.sorted { ($1.clicks, $0.query, $0.page) < ($0.clicks, $1.query, $1.page) }
    }

    /// Serves on 127.0.0.1 while `body` runs; `body` gets the root URL (`http://127.0.0.1:PORT`,
    /// no trailing slash: the token endpoint is `ROOT/token`, the API base is `ROOT`).
    public func serve<T>(_ body: (String) async throws -> T) async throws -> T {
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                var request = request
                let bytes = try await request.collectBody(upTo: 1 << 20)
                return self.respond(method: request.method, path: request.uri.path,
                                    authorization: request.headers[.authorization], body: Data(bytes.readableBytesView))
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: .init(label: "search-console-fixture", factory: { _ in SwiftLogNoOpLogHandler() }))
        let server = Task(executorPreference: Self.serverThread) { try await application.run() }
        defer { server.cancel() }
        var iterator = portStream.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else { throw CancellationError() }
        let root = "http://127.0.0.1:\(bound)"
        lock.withLock { tokenURL = root + "/token" }
        return try await body(root)
    }

    func respond(method: HTTPRequest.Method, path: String, authorization: String?, body: Data) -> Response {
        guard method == .post else { return json(405, ["error": ["code": 405, "message": "POST only"] as [String: Any]]) }
        if path == "/token" { return token(form: body) }
        let prefix = "/webmasters/v3/sites/", suffix = "/searchAnalytics/query"
        if path.hasPrefix(prefix), path.hasSuffix(suffix), path.count > prefix.count + suffix.count {
            let segment = String(path.dropFirst(prefix.count).dropLast(suffix.count))
            return query(segment: segment, authorization: authorization, body: body)
        }
        return json(404, ["error": ["code": 404, "message": "not found", "status": "NOT_FOUND"] as [String: Any]])
    }
}
