import Content
import Foundation
import Persistence

/// `export`: writes a project's keywords with their metrics, cluster and title, at any
/// moment. While a run is going the result is what the completed batches hold, and it says so.
public enum KeywordExporter {
    public enum Format: String, Sendable, CaseIterable { case csv, json }

    /// The keyword-level columns, in order (documented in README).
    public static let csvColumns = columns(coverage: PageCoverage(), plans: [:]).map(\.name)

    /// The keyword-level columns and how an export row fills them; the CSV export and the XLSX
    /// workbook both write these. The crawl's columns (`page_url`, `possible_cannibalisation`)
    /// read `coverage` (empty for a project made from files only); `page_type`, appended last,
    /// is the keyword's cluster's, from `plans` (``TopicPlans``); `pillar_id` and `pillar_title`,
    /// appended after it, are its cluster's pillar's (``TopicPillars``). Each call has its own
    /// cache of decoded source lists.
    public static func columns(coverage: PageCoverage, plans: [Int: TopicPlan],
                               pillars: TopicPillars = .none) -> [ExportColumn<ExportRow>] {
        let sources = SourcesCache()
        return [
            ExportColumn("keyword") { .text($0.keyword) },
            ExportColumn("volume") { ExportValue($0.metrics.volume) },
            ExportColumn("cluster_id") { ExportValue($0.clusterID) },
            ExportColumn("cluster_label") { ExportValue($0.clusterLabel) },
            ExportColumn("title") { ExportValue($0.title) },
            ExportColumn("intent") { ExportValue($0.clusterIntent) },
            ExportColumn("is_primary") { $0.clusterID == nil ? .empty : .boolean($0.isPrimary) },
            ExportColumn("similarity") { ExportValue($0.similarity) },
            ExportColumn("cpc") { ExportValue($0.metrics.cpc) },
            ExportColumn("difficulty") { ExportValue($0.metrics.difficulty) },
            ExportColumn("clicks") { ExportValue($0.metrics.clicks) },
            ExportColumn("impressions") { ExportValue($0.metrics.impressions) },
            ExportColumn("ctr") { ExportValue($0.metrics.ctr) },
            ExportColumn("position") { ExportValue($0.metrics.position) },
            ExportColumn("competition") { ExportValue($0.metrics.competition) },
            ExportColumn("source_intent") { ExportValue($0.metrics.intent) },
            ExportColumn("url") { ExportValue($0.metrics.url) },
            ExportColumn("parent_keyword") { ExportValue($0.metrics.parentKeyword) },
            ExportColumn("sources") { sources.list($0.sources) },
            ExportColumn("absent") { .boolean($0.isAbsent) },
            ExportColumn("batch") { ExportValue($0.batchNumber) },
            ExportColumn("title_version") { ExportValue($0.titleVersion) },
            ExportColumn("page_url") { ExportValue(coverage.pageOfKeyword[$0.keywordID]) },
            ExportColumn("possible_cannibalisation") { .boolean(cannibalisation($0, coverage)) },
            ExportColumn("page_type") { ExportValue(pageType($0, plans)) },
            ExportColumn("pillar_id") { ExportValue($0.clusterID.flatMap { pillars.pillarOfTopic[$0] }) },
            ExportColumn("pillar_title") { ExportValue($0.clusterID.flatMap(pillars.pillar(ofTopic:))?.title) },
        ]
    }

    /// Whether an export is partial, and what it holds.
    public struct Completeness: Sendable, Equatable {
        public var partial: Bool
        public var runID: Int64?
        public var lastCompletedBatch: Int
        public var totalBatches: Int
    }

    public static func completeness(project: Project, store: Store) throws -> Completeness {
        guard let run = try store.runs(projectID: project.id).last else {
            return Completeness(partial: false, runID: nil, lastCompletedBatch: 0, totalBatches: 0)
        }
        let batches = try store.batchRuns(runID: run.id)
        let last = batches.filter { $0.status == .completed }.map(\.batchNumber).max() ?? 0
        return Completeness(partial: run.status != .completed, runID: run.id, lastCompletedBatch: last, totalBatches: batches.count)
    }

    /// Writes the export; returns how many keywords it holds.
    @discardableResult
    public static func export(project: Project, format: Format, store: Store, to output: OutputBuffer,
                              completeness: Completeness, changedIn runID: Int64? = nil) throws -> Int {
        var count = 0
        let coverage = try store.pageCoverage(projectID: project.id)
        let (plans, pillars) = try TopicPillars.readWithPlans(projectID: project.id, store: store)
        switch format {
        case .csv:
            output.write(csvColumns.joined(separator: ",") + "\n")
            let columns = columns(coverage: coverage, plans: plans, pillars: pillars)
            try store.forEachExportRow(projectID: project.id, changedIn: runID) { row in
                output.write(ExportColumn.csvLine(row, columns: columns))
                count += 1
            }
        case .json:
            output.write("{\"project\":\(jsonString(project.slug)),\"domain\":\(jsonString(project.domain)),")
            output.write("\"partial\":\(completeness.partial),\"last_completed_batch\":\(completeness.lastCompletedBatch),")
            output.write("\"total_batches\":\(completeness.totalBatches),\"keywords\":[")
            try store.forEachExportRow(projectID: project.id, changedIn: runID) { row in
                output.write((count == 0 ? "\n" : ",\n") + jsonObject(row, coverage: coverage, plans: plans, pillars: pillars))
                count += 1
            }
            output.write("\n]}\n")
        }
        output.flush()
        return count
    }

    /// A keyword's sources (a JSON array of paths) as a `;`-separated list, decoded once per
    /// distinct list: most keywords of an export share one.
    final class SourcesCache {
        private var lists: [String: ExportValue] = [:]

        func list(_ json: String) -> ExportValue {
            if let list = lists[json] { return list }
            let list = ExportValue.text((try? JSONDecoder().decode([String].self, from: Data(json.utf8)))?.joined(separator: ";") ?? json)
            lists[json] = list
            return list
        }
    }

    /// Whether the keyword's cluster draws on several pages of the site.
    static func cannibalisation(_ row: ExportRow, _ coverage: PageCoverage) -> Bool {
        row.clusterID.map(coverage.possibleCannibalisation(cluster:)) ?? false
    }

    /// The page type of the keyword's cluster, or nil for an unclustered keyword.
    static func pageType(_ row: ExportRow, _ plans: [Int: TopicPlan]) -> String? {
        row.clusterID.flatMap { plans[$0] }?.pageType.rawValue
    }

    static func jsonObject(_ row: ExportRow, coverage: PageCoverage, plans: [Int: TopicPlan],
                           pillars: TopicPillars = .none) -> String {
        var parts: [String] = ["\"keyword\":\(jsonString(row.keyword))"]
        func add(_ key: String, _ value: String?) { parts.append("\"\(key)\":\(value ?? "null")") }
        add("volume", row.metrics.volume.map(String.init))
        add("cluster_id", row.clusterID.map(String.init))
        add("cluster_label", row.clusterLabel.map(jsonString))
        add("title", row.title.map(jsonString))
        add("intent", row.clusterIntent.map(jsonString))
        add("is_primary", row.clusterID == nil ? nil : String(row.isPrimary))
        add("similarity", row.similarity.map { String($0) })
        add("cpc", row.metrics.cpc.map { String($0) })
        add("difficulty", row.metrics.difficulty.map { String($0) })
        add("clicks", row.metrics.clicks.map(String.init))
        add("impressions", row.metrics.impressions.map(String.init))
        add("ctr", row.metrics.ctr.map { String($0) })
        add("position", row.metrics.position.map { String($0) })
        add("competition", row.metrics.competition.map { String($0) })
        add("source_intent", row.metrics.intent.map(jsonString))
        add("url", row.metrics.url.map(jsonString))
        add("parent_keyword", row.metrics.parentKeyword.map(jsonString))
        add("sources", row.sources)
        add("absent", String(row.isAbsent))
        add("batch", row.batchNumber.map(String.init))
        add("title_version", row.titleVersion.map(String.init))
        add("page_url", coverage.pageOfKeyword[row.keywordID].map(jsonString))
        add("possible_cannibalisation", String(cannibalisation(row, coverage)))
        add("page_type", pageType(row, plans).map(jsonString))
        add("pillar_id", row.clusterID.flatMap { pillars.pillarOfTopic[$0] }.map(String.init))
        add("pillar_title", row.clusterID.flatMap(pillars.pillar(ofTopic:)).map { jsonString($0.title) })
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func jsonString(_ value: String) -> String { JSONText.quoted(value) }
}
