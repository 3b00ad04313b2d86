import Content
import Foundation
import Persistence
import Pipeline
import Testing
@testable import Reports

@Suite struct HtmlReportTests {
    /// The `<rect ... data-cluster=ID data-volume=V>` shapes of the treemap SVG, parsed back.
    static func treemapShapes(_ html: String) throws -> [(cluster: Int, volume: Int, width: Double, height: Double)] {
        let svgStart = try #require(html.range(of: "<svg class=\"treemap\""))
        let svgEnd = try #require(html.range(of: "</svg>", range: svgStart.upperBound..<html.endIndex))
        let svg = String(html[svgStart.lowerBound..<svgEnd.upperBound])
        let pattern = try NSRegularExpression(pattern:
            "<rect x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"([0-9.]+)\" height=\"([0-9.]+)\" fill=\"#[0-9a-f]{6}\" data-cluster=\"([0-9]+)\" data-volume=\"([0-9]+)\">")
        let text = svg as NSString
        return pattern.matches(in: svg, range: NSRange(location: 0, length: text.length)).map { match in
            let field = { (index: Int) in text.substring(with: match.range(at: index)) }
            return (Int(field(5))!, Int(field(6))!, Double(field(3))!, Double(field(4))!)
        }
    }

    /// The pillar groups of the treemap SVG: each hub rectangle and the topic shapes inside its group.
    static func pillarGroups(_ html: String) throws -> [(pillar: Int, x: Double, y: Double, width: Double, height: Double,
                                                         topics: [(cluster: Int, volume: Int, width: Double, height: Double)])] {
        let pattern = try NSRegularExpression(pattern:
            "<g class=\"pillar\" data-pillar=\"([0-9]+)\"><rect class=\"hub\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"([0-9.]+)\" height=\"([0-9.]+)\">")
        return try html.components(separatedBy: "</g>").compactMap { group in
            let text = group as NSString
            guard let match = pattern.firstMatch(in: group, range: NSRange(location: 0, length: text.length)) else { return nil }
            let field = { (index: Int) in text.substring(with: match.range(at: index)) }
            return (Int(field(1))!, Double(field(2))!, Double(field(3))!, Double(field(4))!, Double(field(5))!,
                    try treemapShapes("<svg class=\"treemap\"" + group + "</svg>"))
        }
    }

    @Test func treemapHoldsOneShapePerClusterWithItsVolumeFromTheStore() async throws {
        let fixture = try await ReportFixture.make(pillars: .count(3))
        defer { fixture.remove() }
        let html = HtmlReport.render(try ReportData.load(project: fixture.project, store: fixture.store))
        let shapes = try Self.treemapShapes(html)
        let stored = try fixture.store.clusterExportRows(projectID: fixture.project.id)
        #expect(stored.count > 1)
        #expect(shapes.count == stored.count)
        #expect(Dictionary(uniqueKeysWithValues: shapes.map { ($0.cluster, $0.volume) })
                == Dictionary(uniqueKeysWithValues: stored.map { ($0.clusterID, $0.totalVolume) }))
        // Topics are nested in their pillars: the groups are the stored pillars, each holding its topics.
        let pillars = try fixture.store.pillars(projectID: fixture.project.id)
        let groups = try Self.pillarGroups(html)
        #expect(groups.count == 3)
        #expect(groups.flatMap { $0.topics.map(\.cluster) }.sorted() == stored.map(\.clusterID).sorted())
        let totalVolume = Double(stored.map(\.totalVolume).reduce(0, +))
        let drawing = HtmlTreemap.width * HtmlTreemap.height
        for group in groups {
            #expect(group.topics.allSatisfy { pillars.topics[$0.cluster]?.pillarID == group.pillar })
            // A pillar's area follows its volume's share of the drawing (to rounding) ...
            let volume = Double(group.topics.map(\.volume).reduce(0, +))
            #expect(abs(group.width * group.height / drawing - volume / totalVolume) < 0.002)
            // ... and inside it, each topic's area follows its share of the pillar's volume.
            let inner = group.topics.map { $0.width * $0.height }.reduce(0, +)
            for topic in group.topics {
                #expect(abs(topic.width * topic.height / inner - Double(topic.volume) / volume) < 0.002)
                #expect(topic.width <= group.width && topic.height <= group.height)
            }
        }
        // Every cluster has its table row, which the treemap links to.
        for row in stored {
            #expect(html.contains("<tr id=\"c\(row.clusterID)\">"))
            #expect(html.contains("<a href=\"#c\(row.clusterID)\"><rect"))
        }
        #expect(!html.contains("Partial report"))
    }

    @Test func userTextIsEscapedEverywhere() async throws {
        let fixture = try await ReportFixture.make()
        defer { fixture.remove() }
        var data = try ReportData.load(project: fixture.project, store: fixture.store)
        let linked = try #require(data.clusters.firstIndex { $0.pageURL?.hasPrefix("https://example.com/a?") == true })
        let other = try #require(data.clusters.indices.first { $0 != linked })
        data.clusters[other].pageURL = "javascript:alert(1)"
        let html = HtmlReport.render(data)
        // The only script element is the report's own, at the end.
        #expect(html.components(separatedBy: "<script>").count == 2)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<b>bold</b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; running shoes"))
        #expect(html.contains("shoes &quot;quoted&quot; &amp; &#39;single&#39; &lt;b&gt;bold&lt;/b&gt;"))
        // A javascript: URL is shown as text, never as a link; an http URL's quotes are escaped.
        #expect(!html.contains("href=\"javascript:"))
        #expect(html.contains("javascript:alert(1)"))
        #expect(html.contains("href=\"https://example.com/a?b=1&amp;c=&quot;2&quot;\""))
    }

    @Test func partialReportSaysSoAtTheTopAndHoldsTheCompletedBatches() async throws {
        let fixture = try await ReportFixture.make(batchLimit: 2)
        defer { fixture.remove() }
        let data = try ReportData.load(project: fixture.project, store: fixture.store)
        #expect(data.isPartial)
        let html = HtmlReport.render(data)
        let notice = try #require(html.range(of: "Partial report: run \(fixture.runID) is not finished — batches 1–2 of \(data.batches.count)"))
        let treemap = try #require(html.range(of: "<svg class=\"treemap\""))
        #expect(notice.lowerBound < treemap.lowerBound)
        #expect(try Self.treemapShapes(html).count == data.clusters.count)
        #expect(data.assignedCount < data.keywordCount)
        // The timeline has one bar per batch, completed and pending alike.
        #expect(html.components(separatedBy: "data-status=\"completed\"").count - 1 == 2)
        #expect(html.components(separatedBy: "data-status=\"pending\"").count - 1 == data.batches.count - 2)
    }

    @Test func keywordListsAreCappedWithANote() async throws {
        let fixture = try await ReportFixture.make()
        defer { fixture.remove() }
        let data = try ReportData.load(project: fixture.project, store: fixture.store, keywordsPerCluster: 3)
        #expect(data.clusters.allSatisfy { $0.keywords.count == min(3, $0.keywordCount) })
        #expect(data.clusters.allSatisfy { $0.keywords.first?.isPrimary == true && $0.keywords.first?.text == $0.primaryKeyword })
        let html = HtmlReport.render(data)
        let capped = try #require(data.clusters.first { $0.keywordCount > 3 })
        #expect(html.contains("Top 3 of \(HtmlText.grouped(capped.keywordCount)) keywords by volume"))
        #expect(data.clusters.map(\.totalVolume) == data.clusters.map(\.totalVolume).sorted(by: >))
    }

    @Test func theTableShowsEachTopicsPageTypeAsTheExportsGiveIt() async throws {
        let fixture = try await ReportFixture.make()
        defer { fixture.remove() }
        let data = try ReportData.load(project: fixture.project, store: fixture.store)
        let html = HtmlReport.render(data)
        #expect(html.contains("<th data-sort=\"text\">Page type</th>"))
        // Each row's page type is the cluster-level export's page_type for that cluster.
        let rows = try fixture.store.clusterExportRows(projectID: fixture.project.id)
        let exported = try TopicPlans.read(projectID: fixture.project.id, rows: rows, store: fixture.store)
        #expect(data.plans == exported)
        for cluster in data.clusters {
            let row = try #require(html.components(separatedBy: "<tr id=\"c\(cluster.clusterID)\">").last?.components(separatedBy: "</tr>").first)
            let plan = try #require(exported[cluster.clusterID])
            #expect(row.contains("<td class=\"page-type\""), "\(row)")
            #expect(row.contains(">" + plan.pageType.rawValue.replacingOccurrences(of: "_", with: " ")), "\(row)")
        }
    }

    @Test func aPageTypeCellNamesTheTypeThePlaceAndWhyNot() {
        func plan(_ texts: [String]) -> TopicPlan {
            let keywords = texts.enumerated().map { ClusterKeyword(text: $1, volume: 1_000 / ($0 + 1), similarity: 0.9) }
            return TopicPlan(summary: ClusterSummarizer.summarize(keywords), keywords: keywords)
        }
        #expect(HtmlClusterTable.pageTypeCell(plan(["car accident lawyer corpus christi"]))
                == "<td class=\"page-type\">local service<br><small>Corpus Christi, TX</small></td>")
        #expect(HtmlClusterTable.pageTypeCell(plan(["texas car accident laws"])) == "<td class=\"page-type\">article</td>")
        #expect(HtmlClusterTable.pageTypeCell(plan(["comedian injured in car accident"]))
                == "<td class=\"page-type\" title=\"Not targeted: news\">no page</td>")
        #expect(HtmlClusterTable.pageTypeCell(nil) == "<td></td>")
    }

    @Test func textHelpers() {
        #expect(HtmlText.grouped(0) == "0")
        #expect(HtmlText.grouped(999) == "999")
        #expect(HtmlText.grouped(1000) == "1,000")
        #expect(HtmlText.grouped(-1234567) == "-1,234,567")
        #expect(HtmlText.coordinate(12.345) == "12.35" || HtmlText.coordinate(12.345) == "12.34")
        #expect(HtmlText.coordinate(3.1) == "3.1")
        #expect(HtmlText.coordinate(3.05) == "3.05")
        #expect(HtmlText.coordinate(7) == "7")
        #expect(HtmlText.safeLink("JavaScript:alert(1)") == nil)
        #expect(HtmlText.safeLink("data:text/html,x") == nil)
        #expect(HtmlText.truncated("abcdef", to: 4) == "abc…")
        #expect(HtmlTreemap.wrapped("Best Bird Feeder in 2026", width: 10, lines: 2) == ["Best Bird", "Feeder in…"])
        #expect(HtmlTreemap.wrapped("abcdefghijkl mno", width: 5, lines: 3) == ["abcd…"])
        #expect(HtmlTreemap.wrapped("ab cdefghijkl", width: 5, lines: 3) == ["ab", "cdef…"])
        #expect(HtmlTreemap.wrapped("a b", width: 10, lines: 2) == ["a b"])
        #expect(HtmlTreemap.wrapped("a b", width: 1, lines: 2).isEmpty)
    }
}

@Suite struct PillarReportTests {
    @Test func theTableAndTheHeaderNameEachTopicsPillar() async throws {
        let fixture = try await ReportFixture.make(pillars: .count(3))
        defer { fixture.remove() }
        let data = try ReportData.load(project: fixture.project, store: fixture.store)
        let html = HtmlReport.render(data)
        #expect(data.pillars.count == 3)
        #expect(html.contains("<li><b>3</b>pillars</li>"))
        #expect(html.contains("<th data-sort=\"text\">Pillar</th>"))
        for cluster in data.clusters {
            let pillar = try #require(data.pillars.pillar(ofTopic: cluster.clusterID))
            let row = try #require(html.components(separatedBy: "<tr id=\"c\(cluster.clusterID)\">").last?.components(separatedBy: "</tr>").first)
            #expect(row.contains("<td class=\"pillar\">\(HtmlText.escape(pillar.title))</td>"), "\(row)")
        }
    }

    /// Usable at 5,000 topics: one shape per topic inside about 500 titled pillar groups, in a
    /// document of a size a browser opens at once.
    @Test func aTreemapOfFiveThousandTopicsStaysNestedAndCompact() throws {
        let topics = (0 ..< 5_000).map { index in
            ReportCluster(clusterID: index, title: "Topic \(index) Guide", label: "topic \(index)", primaryKeyword: "topic \(index)",
                          intent: index % 3 == 0 ? "commercial" : "informational", keywordCount: 20, totalVolume: 100 + (index * 7919) % 5_000,
                          pageURL: nil, keywords: [])
        }
        var stored = StoredPillars()
        for index in topics.indices { stored.topics[index] = TopicPillar(clusterID: index, pillarID: index / 10 + 1, siblings: []) }
        stored.pillarIDs = Set(1...500)
        var summaries: [Int: ClusterSummary] = [:]
        for topic in topics {
            summaries[topic.clusterID] = ClusterSummary(primaryKeyword: topic.primaryKeyword, label: topic.label, intent: .informational,
                                                        totalVolume: topic.totalVolume, primaryVolume: nil, keywordCount: 20)
        }
        let pillars = TopicPillars(stored: stored, summaries: summaries, plans: [:])
        let svg = HtmlTreemap.svg(topics, pillars: pillars)
        let groups = try HtmlReportTests.pillarGroups(svg)
        #expect(groups.count == 500)
        #expect(groups.map(\.topics.count).reduce(0, +) == 5_000)
        #expect(Set(pillars.pillars.map(\.title)).count == 500)
        #expect(svg.utf8.count < 3_000_000, "\(svg.utf8.count) bytes")
    }
}
