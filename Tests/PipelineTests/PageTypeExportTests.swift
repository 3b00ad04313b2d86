import Content
import Foundation
import Persistence
import Testing
@testable import Pipeline

/// Four topics whose page types differ, clustered for real: a local landing page, a
/// definition, a comparison and someone else's brand.
struct PageTypeProject {
    static let lines = [
        "car accident lawyer corpus christi,900", "corpus christi car accident attorney,300",
        "car accident lawyers corpus christi,200", "best car accident lawyer corpus christi,100",
        "what is a tort,500", "tort definition,300", "tort meaning,200", "define tort,100",
        "kayak vs canoe,400", "canoe vs kayak,300", "kayak or canoe,150", "canoe or kayak which is better,100",
        "morgan and morgan,800", "morgan and morgan phone number,300", "morgan and morgan login,200",
        "morgan and morgan reviews,100",
    ]
    /// The page type each topic's primary keyword should have.
    static let expected: [String: String] = [
        "car accident lawyer corpus christi": "local_service", "what is a tort": "definition",
        "kayak vs canoe": "comparison", "morgan and morgan": "no_page",
    ]

    let folder: URL
    let store: Store
    let created: ProjectCreator.Created

    /// The project, created with `parameters` changed by `adjust`, not run yet.
    init(_ adjust: (inout RunParameters) -> Void = { _ in }) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-pagetype-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("keywords.csv").path
        try (["Keyword,Volume"] + Self.lines).joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        store = try SQLiteStore.inMemory()
        var parameters = TestProject.parameters(batchSize: 50, clusters: 4)
        adjust(&parameters)
        created = try ProjectCreator.create(domain: "example.com", files: [file], column: nil, parameters: parameters, store: store)
    }

    func run() async throws {
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: store)
    }

    /// One export as text: `cluster` level or keyword level, or the Markdown plan.
    func export(_ format: KeywordExporter.Format?, cluster: Bool) throws -> String {
        let path = folder.appendingPathComponent("export-\(UUID().uuidString)").path
        do {
            let output = try OutputBuffer(path: path)
            let project = created.project
            let completeness = try KeywordExporter.completeness(project: project, store: store)
            switch (format, cluster) {
            case (nil, _): try ClusterExporter.markdown(project: project, store: store, to: output, completeness: completeness)
            case (let format?, true): try ClusterExporter.export(project: project, format: format, store: store, to: output,
                                                                  completeness: completeness)
            case (let format?, false): try KeywordExporter.export(project: project, format: format, store: store, to: output,
                                                                   completeness: completeness)
            }
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// The rows of a JSON export (`clusters` or `keywords`).
    func jsonRows(cluster: Bool) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(try export(.json, cluster: cluster).utf8)) as? [String: Any]
        return try #require(object?[cluster ? "clusters" : "keywords"] as? [[String: Any]])
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

@Suite struct PageTypeExportTests {
    /// Existing columns never move: page_type came after them, then pillar_id and pillar_title.
    @Test func pageTypeIsAppendedAfterTheExistingColumns() {
        #expect(ClusterExporter.csvColumns == [
            "cluster_id", "title", "label", "primary_keyword", "intent", "keyword_count", "total_volume", "primary_volume",
            "batch", "title_version", "cluster_version", "page_url", "page_urls", "possible_cannibalisation", "page_type",
            "pillar_id", "pillar_title",
        ])
        #expect(KeywordExporter.csvColumns == [
            "keyword", "volume", "cluster_id", "cluster_label", "title", "intent", "is_primary", "similarity", "cpc",
            "difficulty", "clicks", "impressions", "ctr", "position", "competition", "source_intent", "url",
            "parent_keyword", "sources", "absent", "batch", "title_version", "page_url", "possible_cannibalisation",
            "page_type", "pillar_id", "pillar_title",
        ])
    }

    @Test func everyExportCarriesEachTopicsPageType() async throws {
        // Given four topics of different page types, clustered
        let project = try PageTypeProject()
        defer { project.remove() }
        try await project.run()
        // When their clusters are exported as JSON
        let clusters = try project.jsonRows(cluster: true)
        var byCluster: [Int: String] = [:]
        var byPrimary: [String: String] = [:]
        for cluster in clusters {
            let id = try #require(cluster["cluster_id"] as? Int)
            byCluster[id] = cluster["page_type"] as? String
            byPrimary[try #require(cluster["primary_keyword"] as? String)] = cluster["page_type"] as? String
        }
        // Then each topic has its page type
        #expect(byPrimary == PageTypeProject.expected)
        // And the cluster CSV's page_type field (before the appended pillar_id and pillar_title)
        // is the same page type, row by row
        let csvLines = try project.export(.csv, cluster: true).split(separator: "\n").dropFirst()
        #expect(csvLines.count == clusters.count)
        for line in csvLines {
            let fields = PillarRunTests.fields(line)
            #expect(fields[fields.count - 3] == Int(fields[0]).flatMap { byCluster[$0] }, "\(line)")
        }
        // And every keyword's row, CSV or JSON, has its cluster's page type
        let keywords = try project.jsonRows(cluster: false)
        #expect(keywords.count == PageTypeProject.lines.count)
        for keyword in keywords {
            let cluster = try #require(keyword["cluster_id"] as? Int)
            #expect(keyword["page_type"] as? String == byCluster[cluster], "\(keyword["keyword"] ?? "")")
        }
        let keywordLines = try project.export(.csv, cluster: false).split(separator: "\n").dropFirst()
        for line in keywordLines {
            let fields = PillarRunTests.fields(line)
            #expect(fields[fields.count - 3] == Int(fields[2]).flatMap { byCluster[$0] }, "\(line)")
        }
    }

    @Test func theMarkdownPlanShowsPageTypesAndListsUntargetedTopicsLast() async throws {
        // Given the four topics, clustered
        let project = try PageTypeProject()
        defer { project.remove() }
        try await project.run()
        // When the Markdown plan is written
        let plan = try project.export(nil, cluster: true)
        let sections = plan.components(separatedBy: "\n## ")
        // Then the last section lists the brand with why it is not targeted, and nothing else
        let last = try #require(sections.last)
        #expect(last.hasPrefix("Not targeted (1 topics"), "\(last)")
        #expect(last.contains("- **morgan and morgan** — someone else's brand ("), "\(last)")
        // And the other sections show each topic's page type (and a local page's place), never the brand
        let targeted = sections.dropLast().joined()
        #expect(targeted.contains("— car accident lawyer corpus christi (page type local_service (Corpus Christi, TX); volume 900"),
                "\(targeted)")
        #expect(targeted.contains("— what is a tort (page type definition; volume 500"), "\(targeted)")
        #expect(targeted.contains("— kayak vs canoe (page type comparison; volume 400"), "\(targeted)")
        #expect(!targeted.contains("morgan"))
    }
}
