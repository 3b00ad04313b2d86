import Content
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How to reach an OpenAI-compatible chat-completions server for titles. Stored with the run
/// (never the key, which comes from `OPENAI_API_KEY`).
public struct LLMSettings: Sendable, Codable, Equatable {
    /// E.g. `https://api.openai.com/v1` or a local server; `/chat/completions` is appended.
    public var baseURL: String
    public var model: String
    public var clustersPerRequest: Int = 5
    public var maxConcurrentRequests: Int = 2
    /// HTTP requests one process may send (retries included); then title work pauses. On
    /// workers, the run's worker and its title workers share it.
    public var maxRequests: Int?
    public var maxRetries: Int = 4
    /// The first retry waits this long, then twice as long each time (a `Retry-After` header wins).
    public var retryBaseDelay: Double = 0.5
    public var timeoutSeconds: Double = 60

    public init(baseURL: String, model: String) {
        self.baseURL = baseURL
        self.model = model
    }
}

/// Titles from a language model, a few clusters per request, with bounded concurrency, retries
/// with backoff on 429 and 5xx, and a request budget. A cluster whose request fails gets a
/// built-in title (the worker's fallback).
public final class LLMTitleBackend: TitleBackend {
    public let settings: LLMSettings
    private let apiKey: String?
    private let year: Int
    /// Where `maxRequests` is counted: this process, or the run's processes together.
    private let budget: any LLMRequestBudget

    public init(settings: LLMSettings, apiKey: String?, year: Int, budget: any LLMRequestBudget = ProcessRequestBudget()) {
        self.settings = settings
        self.apiKey = apiKey
        self.year = year
        self.budget = budget
    }

    public var name: String { "llm:\(settings.model)" }
    public var jobsPerRound: Int { jobsPerRequest * max(1, settings.maxConcurrentRequests) }
    public var jobsPerRequest: Int { max(1, settings.clustersPerRequest) }

    public func titles(for inputs: [TitleInputs], avoiding used: UsedTitles) async throws -> [String?] {
        let size = max(1, settings.clustersPerRequest)
        var chunks = stride(from: 0, to: inputs.count, by: size).map { Array(inputs[$0..<min($0 + size, inputs.count)]) }
        // Only as many requests as the budget has left; the inputs after them wait for `resume`.
        let allowed = try await reserveRequests(upTo: chunks.count)
        chunks = Array(chunks.prefix(allowed))
        var results = Array(repeating: [String?](), count: chunks.count)
        try await withThrowingTaskGroup(of: (Int, [String?]).self) { group in
            for (index, chunk) in chunks.enumerated() {
                group.addTask { (index, try await self.request(chunk)) }
            }
            for try await (index, titles) in group { results[index] = titles }
        }
        return results.flatMap { $0 }
    }

    /// One chat-completions request for `inputs`, retried on 429, 5xx and network errors.
    /// - Returns: one title per input, or nils when the server never gave a usable answer.
    func request(_ inputs: [TitleInputs]) async throws -> [String?] {
        let failed = [String?](repeating: nil, count: inputs.count)
        guard let url = URL(string: settings.baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/chat/completions") else {
            return failed
        }
        var request = URLRequest(url: url, timeoutInterval: settings.timeoutSeconds)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let apiKey, !apiKey.isEmpty { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        request.httpBody = try JSONSerialization.data(withJSONObject: body(for: inputs), options: [.sortedKeys])
        for attempt in 0...max(0, settings.maxRetries) {
            // The first attempt was reserved by `titles`; a retry past the budget gives up (built-in fallback).
            if attempt > 0, (try? await reserveRequests(upTo: 1)) == nil { return failed }
            var delay = settings.retryBaseDelay * pow(2, Double(attempt))
            do {
                let (data, response) = try await Self.data(for: request, timeout: settings.timeoutSeconds)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if status == 200 { return Self.parseTitles(data, count: inputs.count) ?? failed }
                guard status == 429 || (500...599).contains(status) else { return failed }
                if let retryAfter = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Retry-After"),
                   let seconds = Double(retryAfter) {
                    delay = seconds
                }
            } catch {
                // A network error: retried like a 5xx.
            }
            if attempt < settings.maxRetries { try await Task.sleep(for: .seconds(min(delay, 30))) }
        }
        return failed
    }

    struct TimedOut: Error {}

    /// The response to `request`, or `TimedOut` after `timeout` seconds. FoundationNetworking on
    /// Linux does not always end a request whose server accepted it but never answers, so the
    /// deadline is kept here, by a thread of the request's own that waits for the answer or the
    /// deadline and cancels the request when the deadline comes first. (A Dispatch timer waited
    /// for a free thread of the shared pool: in a process whose pool was busy with blocking work,
    /// the test suite, a 0.3 s deadline fired after the server's 10 s answer.)
    static func data(for request: URLRequest, timeout: Double) async throws -> (Data, URLResponse) {
        let pending = PendingResponse()
        return try await withCheckedThrowingContinuation { continuation in
            pending.set(continuation)
            let task = URLSession.shared.dataTask(with: request) { data, response, error in
                if let data, let response {
                    pending.finish(with: .success((data, response)))
                } else {
                    pending.finish(with: .failure(error ?? TimedOut()))
                }
            }
            let deadline = Date(timeIntervalSinceNow: timeout)
            // The task is released on this thread before it ends (see ``ThreadBody``).
            let watch = ThreadBody {
                if !pending.waitForAnswer(until: deadline), pending.finish(with: .failure(TimedOut())) { task.cancel() }
            }
            Thread.detachNewThread { watch.run() }
            task.resume()
        }
    }

    /// A continuation resumed once: by the response or by the deadline, whichever comes first.
    final class PendingResponse: @unchecked Sendable {
        private let condition = NSCondition()
        private var continuation: CheckedContinuation<(Data, URLResponse), any Error>?
        private var finished = false

        func set(_ continuation: CheckedContinuation<(Data, URLResponse), any Error>) {
            condition.withLock { self.continuation = continuation }
        }

        /// Resumes the continuation unless it was resumed before; returns whether it did.
        @discardableResult
        func finish(with result: Result<(Data, URLResponse), any Error>) -> Bool {
            let waiting = condition.withLock { () -> CheckedContinuation<(Data, URLResponse), any Error>? in
                defer {
                    continuation = nil
                    finished = true
                    condition.broadcast()
                }
                return finished ? nil : continuation
            }
            waiting?.resume(with: result)
            return waiting != nil
        }

        /// Blocks the calling thread until the continuation is resumed or `deadline` passes;
        /// returns whether it was resumed.
        func waitForAnswer(until deadline: Date) -> Bool {
            condition.withLock {
                while !finished, condition.wait(until: deadline) {}
                return finished
            }
        }
    }

    /// Reserves up to `wanted` requests of the budget; throws when none is left.
    private func reserveRequests(upTo wanted: Int) async throws -> Int {
        let granted = try await budget.reserve(upTo: wanted, limit: settings.maxRequests)
        if granted == 0, wanted > 0, let limit = settings.maxRequests {
            throw TitleBudgetReached(description: "the LLM request budget of \(limit) requests is used up (--llm-max-requests)")
        }
        return granted
    }

    func body(for inputs: [TitleInputs]) -> [String: Any] {
        var lines: [String] = []
        for (index, input) in inputs.enumerated() {
            // Keywords as their files spell them ("VA disability"), so the model keeps the capitals.
            let others = input.keywords.filter { $0.text != input.summary.primaryKeyword }.map { $0.written ?? $0.text }.prefix(8)
            let primary = input.keywords.first { $0.text == input.summary.primaryKeyword }?.written ?? input.summary.primaryKeyword
            let plan = input.plan
            lines.append("\(index + 1). primary keyword: \(primary); intent: \(input.summary.intent.rawValue); "
                         + "page type: \(plan.pageType.rawValue); place: \(plan.place ?? "none"); "
                         + "other keywords: \(others.joined(separator: ", "))")
        }
        let instructions = """
        Write one working title per topic below, for an SEO content plan. Each title must contain the \
        primary keyword (or its words in order), read as natural English in title case, stay within 60 characters, \
        and suit the search intent and the page type (\(PageType.allCases.map(\.rawValue).joined(separator: ", "))); \
        a local_service title names the service and the place as given; use the year \(year) only where it helps. No two titles may be the same. \
        Reply with JSON only: {"titles": ["...", ...]} with exactly \(inputs.count) titles, in the topics' order.
        """
        return [
            "model": settings.model,
            "temperature": 0,
            "messages": [
                ["role": "system", "content": "You are an SEO editor who writes concise, accurate page titles."],
                ["role": "user", "content": instructions + "\n\n" + lines.joined(separator: "\n")],
            ],
        ]
    }

    /// The titles in a chat-completions response whose message content holds `{"titles": [...]}`.
    static func parseTitles(_ data: Data, count: Int) -> [String?]? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let choices = object["choices"] as? [[String: Any]],
              let message = choices.first?["message"] as? [String: Any],
              let content = message["content"] as? String,
              let start = content.firstIndex(of: "{"), let end = content.lastIndex(of: "}"),
              let inner = try? JSONSerialization.jsonObject(with: Data(content[start...end].utf8)) as? [String: Any],
              let titles = inner["titles"] as? [String], titles.count == count else { return nil }
        return titles.map { $0.isEmpty ? nil : $0 }
    }
}
