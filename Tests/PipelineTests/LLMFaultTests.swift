import Foundation
import TestSupport
import Testing
@testable import Pipeline

/// An LLM server that times out, answers malformed JSON or closes the connection: the run still
/// completes, every cluster gets a title (built-in for the failed requests), nothing crashes.
extension LLMTitleTests {
    /// Runs against `server` and checks that every cluster is titled and which generator made the titles.
    func expectBuiltInTitles(from server: LocalChatServer, timeoutSeconds: Double = 60) async throws {
        let (test, created) = try await run(server: server, timeoutSeconds: timeoutSeconds)
        defer { test.remove() }
        #expect(try test.store.run(id: created.runID)?.status == .completed)
        let counts = try test.store.keywordCounts(projectID: created.project.id)
        let titles = try test.store.currentTitles(projectID: created.project.id)
        #expect(counts.clusters > 0)
        #expect(titles.count == counts.clusters)
        #expect(titles.values.allSatisfy { $0.generator == "builtin" })
        #expect(server.requestCount > 0)
    }

    @Test func aServerThatTimesOutGivesBuiltInTitles() async throws {
        // Given a server that never answers (it holds each connection until the run's end stops it),
        // and a 0.3 s request timeout
        let server = try LocalChatServer(fault: { _ in .holdUntilStopped }) { _, body in
            (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map { "Late \($0)" }))
        }
        try await expectBuiltInTitles(from: server, timeoutSeconds: 0.3)
    }

    @Test func malformedJSONGivesBuiltInTitles() async throws {
        // Given a server whose 200 answers are not JSON, or JSON of the wrong shape
        let server = try LocalChatServer { number, _ in
            (200, number % 2 == 0 ? "{\"choices\": [{\"message\": {\"content\": \"{not json\"}}]" : "{\"choices\": 7}")
        }
        try await expectBuiltInTitles(from: server)
    }

    @Test func aServerThatClosesTheConnectionGivesBuiltInTitles() async throws {
        // Given a server that reads each request and hangs up without an answer
        let server = try LocalChatServer(fault: { _ in .closeWithoutAnswer }) { _, _ in (200, "{}") }
        try await expectBuiltInTitles(from: server)
    }
}
