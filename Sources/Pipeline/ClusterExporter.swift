import Content
import Foundation
import Persistence

/// The cluster-level export (one row per topic) and the Markdown content plan.
public enum ClusterExporter {
    /// The cluster-level columns, in order (documented in README).
    public static let csvColumns = columns(coverage: PageCoverage(), plans: [:]).map(\.name)

    /// The cluster-level columns and how a cluster fills them; the CSV export and the XLSX
    /// workbook both write these. The crawl's columns (`page_url`, `page_urls`,
    /// `possible_cannibalisation`) read `coverage` (empty for a project made from files only);
    /// `page_type` reads `plans` (``TopicPlans``); `pillar_id` and `pillar_title`, appended
    /// last, read `pillars` (``TopicPillars``).
    public static func columns(coverage: PageCoverage, plans: [Int: TopicPlan],
                               pillars: TopicPillars = .none) -> [ExportColumn<ClusterExportRow>] { [
        ExportColumn("cluster_id") { .integer($0.clusterID) },
        ExportColumn("title") { ExportValue($0.title) },
        ExportColumn("label") { .text($0.label) },
        ExportColumn("primary_keyword") { .text($0.primaryKeyword) },
        ExportColumn("intent") { .text($0.intent) },
        ExportColumn("keyword_count") { .integer($0.keywordCount) },
        ExportColumn("total_volume") { .integer($0.totalVolume) },
        ExportColumn("primary_volume") { ExportValue($0.primaryVolume) },
        ExportColumn("batch") { .integer($0.createdBatch) },
        ExportColumn("title_version") { ExportValue($0.titleVersion) },
        ExportColumn("cluster_version") { .integer($0.version) },
        ExportColumn("page_url") { ExportValue(coverage.pageURL(cluster: $0.clusterID)) },
        ExportColumn("page_urls") { row in
            let pages = coverage.pagesOfCluster[row.clusterID] ?? []
            return pages.isEmpty ? .empty : .text(pages.joined(separator: ";"))
        },
        ExportColumn("possible_cannibalisation") { .boolean(coverage.possibleCannibalisation(cluster: $0.clusterID)) },
        ExportColumn("page_type") { ExportValue(plans[$0.clusterID]?.pageType.rawValue) },
        ExportColumn("pillar_id") { ExportValue(pillars.pillarOfTopic[$0.clusterID]) },
        ExportColumn("pillar_title") { ExportValue(pillars.pillar(ofTopic: $0.clusterID)?.title) },
    ] }

    /// Writes one row per cluster; returns how many.
    @discardableResult
    public static func export(project: Project, format: KeywordExporter.Format, store: Store, to output: OutputBuffer,
                              completeness: KeywordExporter.Completeness) throws -> Int {
        let rows = try store.clusterExportRows(projectID: project.id)
        let coverage = try store.pageCoverage(projectID: project.id)
        let plans = try TopicPlans.read(projectID: project.id, rows: rows, store: store)
        let pillars = try TopicPillars.read(projectID: project.id, rows: rows, plans: plans, store: store)
        switch format {
        case .csv:
            output.write(csvColumns.joined(separator: ",") + "\n")
            let columns = columns(coverage: coverage, plans: plans, pillars: pillars)
            for row in rows {
                output.write(ExportColumn.csvLine(row, columns: columns))
            }
        case .json:
            output.write("{\"project\":\(JSONText.quoted(project.slug)),\"domain\":\(JSONText.quoted(project.domain)),")
            output.write("\"partial\":\(completeness.partial),\"last_completed_batch\":\(completeness.lastCompletedBatch),")
            output.write("\"total_batches\":\(completeness.totalBatches),\"clusters\":[")
            for (index, row) in rows.enumerated() {
                let fields = [
                    "\"cluster_id\":\(row.clusterID)", "\"title\":\(row.title.map(JSONText.quoted) ?? "null")",
                    "\"label\":\(JSONText.quoted(row.label))", "\"primary_keyword\":\(JSONText.quoted(row.primaryKeyword))",
                    "\"intent\":\(JSONText.quoted(row.intent))", "\"keyword_count\":\(row.keywordCount)",
                    "\"total_volume\":\(row.totalVolume)", "\"primary_volume\":\(row.primaryVolume.map(String.init) ?? "null")",
                    "\"batch\":\(row.createdBatch)", "\"title_version\":\(row.titleVersion.map(String.init) ?? "null")",
                    "\"cluster_version\":\(row.version)",
                    "\"page_url\":\(coverage.pageURL(cluster: row.clusterID).map(JSONText.quoted) ?? "null")",
                    "\"page_urls\":[\((coverage.pagesOfCluster[row.clusterID] ?? []).map(JSONText.quoted).joined(separator: ","))]",
                    "\"possible_cannibalisation\":\(coverage.possibleCannibalisation(cluster: row.clusterID))",
                    "\"page_type\":\(plans[row.clusterID].map { JSONText.quoted($0.pageType.rawValue) } ?? "null")",
                    "\"pillar_id\":\(pillars.pillarOfTopic[row.clusterID].map(String.init) ?? "null")",
                    "\"pillar_title\":\(pillars.pillar(ofTopic: row.clusterID).map { JSONText.quoted($0.title) } ?? "null")",
                ]
                output.write((index == 0 ? "\n" : ",\n") + "{" + fields.joined(separator: ",") + "}")
            }
            output.write("\n]}\n")
        }
        output.flush()
        return rows.count
    }

    /// A Markdown content plan. Topics a page should target are grouped by pillar, largest total
    /// volume first: each pillar's hub page, then its spoke pages (the topics, largest first), each
    /// with its title, page type (and place), primary keyword and top keywords, and the internal
    /// links it carries (to its hub and its nearest siblings by centre). Topics without a pillar (a
    /// project made before pillars, until its next run) follow, grouped by intent; then, last,
    /// the topics no page should target ("Not targeted"), each with why.
    @discardableResult
    public static func markdown(project: Project, store: Store, to output: OutputBuffer,
                                completeness: KeywordExporter.Completeness, keywordsPerTopic: Int = 5) throws -> Int {
        let rows = try store.clusterExportRows(projectID: project.id)
        let plans = try TopicPlans.read(projectID: project.id, rows: rows, store: store)
        let pillars = try TopicPillars.read(projectID: project.id, rows: rows, plans: plans, store: store)
        var top: [Int: [String]] = [:]
        try store.forEachExportRow(projectID: project.id) { row in
            guard let cluster = row.clusterID, top[cluster, default: []].count < keywordsPerTopic else { return }
            top[cluster, default: []].append(row.keyword)
        }
        output.write("# Content plan: \(project.domain)\n\n")
        if completeness.partial {
            output.write("_Partial: batches 1-\(completeness.lastCompletedBatch) of \(completeness.totalBatches) are done._\n\n")
        }
        output.write("\(rows.count) topics, \(rows.map(\.keywordCount).reduce(0, +)) keywords")
        output.write(pillars.count > 0 ? ", \(pillars.count) pillars.\n" : ".\n")
        let largestFirst = rows.sorted {
            $0.totalVolume != $1.totalVolume ? $0.totalVolume > $1.totalVolume : $0.clusterID < $1.clusterID
        }
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.clusterID, $0) })
        let notTargeted = largestFirst.filter { plans[$0.clusterID]?.pageType == .noPage }
        let targeted = largestFirst.filter { plans[$0.clusterID]?.pageType != .noPage }
        func figures(_ topic: ClusterExportRow) -> String {
            "volume \(topic.primaryVolume.map(String.init) ?? "?"), \(topic.keywordCount) keywords, total \(topic.totalVolume)"
        }
        func keywords(_ topic: ClusterExportRow) -> String { (top[topic.clusterID] ?? []).joined(separator: ", ") }
        func section(_ name: String, _ topics: [ClusterExportRow]) {
            output.write("\n## \(name) (\(topics.count) topics, volume \(topics.map(\.totalVolume).reduce(0, +)))\n\n")
        }
        func title(_ topic: ClusterExportRow) -> String { markdownText(topic.title ?? topic.label) }
        func item(_ topic: ClusterExportRow) -> String {
            let plan = plans[topic.clusterID]
            let page = plan.map { "page type \($0.pageType.rawValue)" + ($0.place.map { " (\(markdownText($0)))" } ?? "") + "; " } ?? ""
            return "- **\(title(topic))** — \(topic.primaryKeyword) (\(page)\(figures(topic))): \(keywords(topic))\n"
        }
        let isTargeted = Set(targeted.map(\.clusterID))
        for pillar in pillars.pillars {
            let spokes = pillar.topics.filter(isTargeted.contains).compactMap { byID[$0] }
            guard !spokes.isEmpty else { continue }
            section("Pillar \(pillar.id): \(markdownText(pillar.title))", spokes)
            output.write("Hub page: **\(markdownText(pillar.title))** (page type hub; \(pillar.keywordCount) keywords, "
                         + "total \(pillar.totalVolume)), linking to its \(spokes.count) spoke pages.\n\n")
            for spoke in spokes {
                output.write(item(spoke))
                let siblings = (pillars.siblings[spoke.clusterID] ?? []).filter(isTargeted.contains).compactMap { byID[$0] }
                let links = ["hub **\(markdownText(pillar.title))**"] + siblings.map { "**\(title($0))**" }
                output.write("  - links: " + links.joined(separator: ", ") + "\n")
            }
        }
        let withoutPillar = targeted.filter { pillars.pillarOfTopic[$0.clusterID] == nil }
        for intent in ["commercial", "transactional", "local", "informational", "navigational"] {
            let topics = withoutPillar.filter { $0.intent == intent }
            guard !topics.isEmpty else { continue }
            section(intent.capitalized, topics)
            for topic in topics { output.write(item(topic)) }
        }
        if !notTargeted.isEmpty {
            section("Not targeted", notTargeted)
            output.write("No page should target these topics.\n\n")
            for topic in notTargeted {
                let reason = plans[topic.clusterID]?.noPageReason?.explanation ?? "not targeted"
                output.write("- **\(markdownText(topic.primaryKeyword))** — \(reason) (\(figures(topic))): \(keywords(topic))\n")
            }
        }
        output.flush()
        return rows.count
    }

    /// Text inside a Markdown list item, its table-breaking `|` escaped as before.
    static func markdownText(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
