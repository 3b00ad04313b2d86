import Foundation
import Persistence
import TestSupport
import Testing
@testable import Pipeline

/// The language model is told each topic's page type and place.
extension LLMTitleTests {
    /// Each topic line of a request's prompt, by primary keyword.
    static func topicLines(of body: [String: Any]) -> [String: String] {
        guard let messages = body["messages"] as? [[String: Any]], let content = messages.last?["content"] as? String else { return [:] }
        var lines: [String: String] = [:]
        for line in content.split(separator: "\n").map(String.init) {
            guard let start = line.range(of: "primary keyword: "), let end = line.range(of: "; intent:") else { continue }
            lines[String(line[start.upperBound..<end.lowerBound])] = line
        }
        return lines
    }

    @Test func thePromptGivesEachTopicsPageTypeAndPlace() async throws {
        // Given a server that titles every topic, and four topics of different page types
        let server = try LocalChatServer { _, body in
            (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map { "Model Title for \($0)" }))
        }
        defer { server.stop() }
        let project = try PageTypeProject { parameters in
            parameters.titles = .llm
            var settings = LLMSettings(baseURL: server.baseURL, model: "test-model")
            settings.clustersPerRequest = 4
            settings.retryBaseDelay = 0.01
            parameters.llm = settings
        }
        defer { project.remove() }
        // When a run titles them through the server
        try await project.run()
        // Then the last request about each topic names its page type and place
        var lines: [String: String] = [:]
        for body in server.requests { lines.merge(Self.topicLines(of: body)) { _, newer in newer } }
        let local = try #require(lines["car accident lawyer corpus christi"], "\(lines)")
        #expect(local.contains("; page type: local_service; place: Corpus Christi, TX; other keywords: "), "\(local)")
        #expect(lines["what is a tort"]?.contains("; page type: definition; place: none; ") == true, "\(lines)")
        #expect(lines["kayak vs canoe"]?.contains("; page type: comparison; place: none; ") == true, "\(lines)")
        #expect(lines["morgan and morgan"]?.contains("; page type: no_page; place: none; ") == true, "\(lines)")
        // And it is the page type the exports give the topic
        for cluster in try project.jsonRows(cluster: true) {
            let primary = try #require(cluster["primary_keyword"] as? String)
            let pageType = try #require(cluster["page_type"] as? String)
            #expect(lines[primary]?.contains("; page type: \(pageType); ") == true, "\(primary): \(lines[primary] ?? "no request")")
        }
        // And the instructions explain the page types
        let prompt = try #require((server.requests.last?["messages"] as? [[String: Any]])?.last?["content"] as? String)
        #expect(prompt.contains("a local_service title names the service and the place as given"))
    }
}
