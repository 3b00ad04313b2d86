import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A minimal HTTP/1.1 server on 127.0.0.1 that speaks just enough of the chat-completions
/// protocol for tests: each request's body goes to `respond`, which returns the status and the
/// JSON body to send. Every connection is closed after one response. `fault` can make a request
/// misbehave instead: answer only after a delay, never answer (a server that times out) or close
/// the connection without answering. `stop()` ends the server and every connection it holds: a
/// test stops its server when it ends, and no thread of it outlives the test.
public final class LocalChatServer: @unchecked Sendable {
    /// How a request misbehaves.
    public enum Fault: Sendable {
        /// The answer comes after this many seconds (or when the server stops, if sooner).
        case delay(Double)
        /// No answer: the connection is held open until the server stops.
        case holdUntilStopped
        /// The connection is closed once the request is read, with no answer.
        case closeWithoutAnswer
    }

    public let port: UInt16
    private let socketDescriptor: Int32
    private let respond: @Sendable (_ requestNumber: Int, _ body: [String: Any]) -> (status: Int, body: String)
    private let fault: @Sendable (_ requestNumber: Int) -> Fault?
    private let recorded = Mutex<[String]>([])
    /// Set once by `stop()`; held connections wait on it.
    private let stopSignal = NSCondition()
    private var isStopped = false

    /// The JSON bodies received so far, in order.
    public var requests: [[String: Any]] {
        recorded.withLock { $0 }.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] }
    }

    public init(fault: @escaping @Sendable (_ requestNumber: Int) -> Fault? = { _ in nil },
                respond: @escaping @Sendable (_ requestNumber: Int, _ body: [String: Any]) -> (status: Int, body: String)) throws {
        self.respond = respond
        self.fault = fault
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var bound = address
        let result = withUnsafePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0, listen(descriptor, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        socketDescriptor = descriptor
        port = UInt16(bigEndian: bound.sin_port)
        Thread.detachNewThread { [self] in serve() }
    }

    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    public var requestCount: Int { recorded.withLock { $0.count } }

    private func serve() {
        while true {
            let client = accept(socketDescriptor, nil, nil)
            guard client >= 0 else { return }
            // Each connection on its own thread, so a delayed answer does not hold up the others.
            Thread.detachNewThread { [self] in
                handle(client)
                close(client)
            }
        }
    }

    private func handle(_ client: Int32) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let count = read(client, &buffer, buffer.count)
            guard count > 0 else { return }
            data.append(contentsOf: buffer[0..<count])
            if headerEnd == nil, let range = findHeaderEnd(data) {
                headerEnd = range
                let header = String(decoding: data[0..<range], as: UTF8.self).lowercased()
                if let line = header.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }) {
                    contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headerEnd, data.count >= headerEnd + 4 + contentLength { break }
        }
        let bodyStart = headerEnd! + 4
        let text = String(decoding: data[bodyStart..<(bodyStart + contentLength)], as: UTF8.self)
        let body = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        let number = recorded.withLock { list in
            list.append(text)
            return list.count
        }
        switch fault(number) {
        case .closeWithoutAnswer?: return
        case .holdUntilStopped?:
            waitForStop(until: nil)
            return
        case .delay(let seconds)?:
            if waitForStop(until: Date().addingTimeInterval(seconds)) { return }
        case nil: break
        }
        let (status, responseBody) = respond(number, body)
        let reason = status == 200 ? "OK" : status == 429 ? "Too Many Requests" : "Error"
        let response = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: application/json\r\nContent-Length: \(responseBody.utf8.count)\r\n"
            + (status == 429 ? "Retry-After: 0\r\n" : "") + "Connection: close\r\n\r\n" + responseBody
        _ = response.withCString { write(client, $0, strlen($0)) }
    }

    private func findHeaderEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for index in 0...(data.count - 4) where data[index] == 13 && data[index + 1] == 10 && data[index + 2] == 13 && data[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Waits until the server stops, or until `deadline` (nil: no deadline).
    /// - Returns: whether the server stopped.
    @discardableResult
    private func waitForStop(until deadline: Date?) -> Bool {
        stopSignal.lock()
        defer { stopSignal.unlock() }
        while !isStopped {
            if let deadline {
                guard stopSignal.wait(until: deadline) else { return isStopped }
            } else {
                stopSignal.wait()
            }
        }
        return true
    }

    /// Stops accepting connections and ends the ones held or delayed (their clients see the
    /// connection close). Idempotent.
    public func stop() {
        stopSignal.lock()
        let wasStopped = isStopped
        isStopped = true
        stopSignal.broadcast()
        stopSignal.unlock()
        guard !wasStopped else { return }
        // Ends the accept loop (accept fails on a shut-down socket), which releases the server.
        shutdown(socketDescriptor, Int32(SHUT_RDWR))
        close(socketDescriptor)
    }

    deinit {
        stop()
    }

    /// A chat-completions answer whose message content is `{"titles": [...]}`.
    public static func answer(titles: [String]) -> String {
        let inner = try! JSONSerialization.data(withJSONObject: ["titles": titles])
        let outer: [String: Any] = ["id": "test", "object": "chat.completion",
                                    "choices": [["index": 0, "message": ["role": "assistant", "content": String(decoding: inner, as: UTF8.self)]]]]
        return String(decoding: try! JSONSerialization.data(withJSONObject: outer), as: UTF8.self)
    }

    /// The primary keywords a request asked titles for, in order.
    public static func primaryKeywords(of body: [String: Any]) -> [String] {
        guard let messages = body["messages"] as? [[String: Any]], let content = messages.last?["content"] as? String else { return [] }
        return content.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "primary keyword: "), let end = line.range(of: "; intent:") else { return nil }
            return String(line[range.upperBound..<end.lowerBound])
        }
    }
}
