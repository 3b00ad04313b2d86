import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP answer, read whole (the API's pages are a few MB at most).
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
}

/// POSTs a body and reads the answer; failing to reach the server is a ``SearchConsoleError``.
struct HTTPExchange: Sendable {
    var client: HTTPClient
    /// The longest an answer may take.
    var timeout: TimeAmount = .seconds(120)
    /// The largest answer read (25,000 rows of long URLs fit many times over).
    static let maxBody = 64 * 1024 * 1024

    func post(_ url: String, contentType: String, body: Data, bearer: String? = nil) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: "User-Agent", value: "kwcluster (Search Console import)")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: Self.maxBody)
            return HTTPAnswer(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
        } catch let error as SearchConsoleError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let host = URL(string: url)?.host ?? url
            throw SearchConsoleError(.network, subject: url, problem: "no answer from \(host) (\(error))",
                                     hint: "check the network connection and the endpoint (--gsc-api-url / --gsc-token-url), then run the command again")
        }
    }
}
