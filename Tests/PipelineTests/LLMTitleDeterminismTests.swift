import Foundation
import Persistence
import TestSupport
import Testing
@testable import Pipeline

/// LLM titles do not depend on how many requests run at once, on the order the server answers
/// them in, or on how many jobs were pending when the title worker looked: jobs are grouped into
/// requests of consecutive jobs, and proposals are accepted one after another in job order.
extension LLMTitleTests {
    /// A 400-keyword run with LLM titles at `concurrency` requests at a time against `server`.
    /// - Returns: each cluster's title and generator, and the primary keywords of every request sent.
    func titles(concurrency: Int, server: LocalChatServer, shared: TestProject) async throws -> (titles: [Int: String], requests: [[String]]) {
        let test = try TestProject(sharing: shared)
        var parameters = TestProject.parameters(batchSize: 50, clusters: 24)
        parameters.titles = .llm
        var settings = LLMSettings(baseURL: server.baseURL, model: "test-model")
        settings.clustersPerRequest = 3
        settings.maxConcurrentRequests = concurrency
        settings.retryBaseDelay = 0.01
        parameters.llm = settings
        let before = server.requestCount
        let created = try test.create(parameters)
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store)
        let titles = try test.store.currentTitles(projectID: created.project.id).mapValues { "\($0.title) [\($0.generator)]" }
        let requests = server.requests.dropFirst(before).map { LocalChatServer.primaryKeywords(of: $0) }
        return (titles, requests)
    }

    @Test func titlesAreTheSameWhateverTheConcurrencyAndTheOrderOfAnswers() async throws {
        // Given a server whose titles collide often ("Guide to" the primary keyword's first word,
        // so which cluster gets the model's title is decided by the order titles are accepted in)
        // and that answers every other request late, so requests sent together come back out of order
        let server = try LocalChatServer(fault: { $0 % 2 == 1 ? .delay(0.03) : nil }) { _, body in
            (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map {
                "Guide to " + ($0.split(separator: " ").first.map(String.init) ?? $0)
            }))
        }
        defer { server.stop() }
        let shared = try TestProject(keywords: 400, topics: 24)
        defer { shared.remove() }
        // When the same input runs with 1, 2 and 4 requests at a time
        let one = try await titles(concurrency: 1, server: server, shared: shared)
        let two = try await titles(concurrency: 2, server: server, shared: shared)
        let four = try await titles(concurrency: 4, server: server, shared: shared)
        // Then every cluster has the same title from the same generator
        #expect(!one.titles.isEmpty)
        #expect(two.titles == one.titles)
        #expect(four.titles == one.titles)
        // And the collisions were real: some titles are the model's, some built-in
        #expect(one.titles.values.contains { $0.hasSuffix("[llm:test-model]") })
        #expect(one.titles.values.contains { $0.hasSuffix("[builtin]") })
        // And the same clusters were asked together, three per request but maybe the last
        #expect(two.requests.sorted { $0.lexicographicallyPrecedes($1) } == one.requests.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(four.requests.sorted { $0.lexicographicallyPrecedes($1) } == one.requests.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(one.requests.dropLast().allSatisfy { $0.count == 3 })
    }
}
