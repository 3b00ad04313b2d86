import Foundation
import TestSupport
import Persistence
import Testing
@testable import Pipeline

@Suite(.serialized) struct LLMTitleTests {
    func run(server: LocalChatServer, maxRequests: Int? = nil, timeoutSeconds: Double = 60) async throws -> (TestProject, ProjectCreator.Created) {
        let test = try TestProject(keywords: 120, topics: 6)
        var parameters = TestProject.parameters(batchSize: 50, clusters: 6)
        parameters.titles = .llm
        var settings = LLMSettings(baseURL: server.baseURL, model: "test-model")
        settings.clustersPerRequest = 3
        settings.maxConcurrentRequests = 2
        settings.retryBaseDelay = 0.01
        settings.maxRetries = 3
        settings.maxRequests = maxRequests
        settings.timeoutSeconds = timeoutSeconds
        parameters.llm = settings
        let created = try test.create(parameters)
        // The server ends with the run (what it received stays readable).
        defer { server.stop() }
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store)
        return (test, created)
    }

    @Test func titlesComeFromTheServerSeveralClustersPerRequest() async throws {
        // Given a server that titles every topic "Guide to <primary keyword>"
        let server = try LocalChatServer { _, body in
            (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map { "Guide to \($0)" }))
        }
        // When a run uses it
        let (test, created) = try await run(server: server)
        defer { test.remove() }
        // Then every cluster has the server's title, recorded as made by the model
        let titles = try test.store.currentTitles(projectID: created.project.id)
        #expect(!titles.isEmpty)
        #expect(titles.values.allSatisfy { $0.title.hasPrefix("Guide to ") && $0.generator == "llm:test-model" })
        // And requests carried up to three clusters each, with the model named
        let first = try #require(server.requests.first)
        #expect(first["model"] as? String == "test-model")
        #expect(server.requests.allSatisfy { (1...3).contains(LocalChatServer.primaryKeywords(of: $0).count) })
    }

    @Test func a429IsRetriedThenSucceeds() async throws {
        // Given a server that answers 429 to its first two requests
        let server = try LocalChatServer { number, body in
            if number <= 2 { return (429, "{\"error\":{\"message\":\"rate limited\"}}") }
            return (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map { "Retried \($0)" }))
        }
        // When a run uses it
        let (test, created) = try await run(server: server)
        defer { test.remove() }
        // Then the retried requests gave the titles: none fell back to the built-in generator
        let titles = try test.store.currentTitles(projectID: created.project.id)
        #expect(!titles.isEmpty)
        #expect(titles.values.allSatisfy { $0.title.hasPrefix("Retried ") })
        #expect(server.requestCount > 2)
    }

    @Test func aFailingClusterGetsABuiltInTitle() async throws {
        // Given a server that always fails with 500
        let server = try LocalChatServer { _, _ in (500, "{}") }
        // When a run uses it
        let (test, created) = try await run(server: server)
        defer { test.remove() }
        // Then every cluster still has a title, from the built-in generator
        let counts = try test.store.keywordCounts(projectID: created.project.id)
        let titles = try test.store.currentTitles(projectID: created.project.id)
        #expect(titles.count == counts.clusters)
        #expect(titles.values.allSatisfy { $0.generator == "builtin" })
    }

    @Test func reachingTheBudgetPausesTitleWorkWithoutFailingTheRun() async throws {
        // Given a server that works, and a budget of one request
        let server = try LocalChatServer { _, body in
            (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map { "Budget \($0)" }))
        }
        // When a run uses it
        let (test, created) = try await run(server: server, maxRequests: 1)
        defer { test.remove() }
        // Then the run completed, one request was sent, and title jobs wait instead of failing
        #expect(try test.store.run(id: created.runID)?.status == .completed)
        #expect(server.requestCount == 1)
        #expect(try test.store.pendingTitleJobCount(projectID: created.project.id) > 0)
        let titles = try test.store.currentTitles(projectID: created.project.id)
        #expect(titles.values.allSatisfy { $0.title.hasPrefix("Budget ") })
    }
}
