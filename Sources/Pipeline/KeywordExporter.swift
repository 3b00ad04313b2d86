import Foundation
import Persistence

/// `export`: writes a project's keywords with their metrics, cluster and title, at any
/// moment. While a run is going the result is what the completed batches hold, and it says so.
public enum KeywordExporter {
    public enum Format: String, Sendable, CaseIterable { case csv, json }

    /// The keyword-level columns, in order (documented in README).
    public static let csvColumns = [
        "keyword", "volume", "cluster_id", "cluster_label", "title", "intent", "is_primary", "similarity",
        "cpc", "difficulty", "clicks", "impressions", "ctr", "position", "competition", "source_intent", "url",
        "parent_keyword", "sources", "absent", "batch", "title_version", "page_url", "possible_cannibalisation",
    ]

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
        switch format {
        case .csv:
            output.write(csvColumns.joined(separator: ",") + "\n")
            var sources = SourcesCache()
            try store.forEachExportRow(projectID: project.id, changedIn: runID) { row in
                output.write(csvLine(row, sources: &sources, coverage: coverage))
                count += 1
            }
        case .json:
            output.write("{\"project\":\(jsonString(project.slug)),\"domain\":\(jsonString(project.domain)),")
            output.write("\"partial\":\(completeness.partial),\"last_completed_batch\":\(completeness.lastCompletedBatch),")
            output.write("\"total_batches\":\(completeness.totalBatches),\"keywords\":[")
            try store.forEachExportRow(projectID: project.id, changedIn: runID) { row in
                output.write((count == 0 ? "\n" : ",\n") + jsonObject(row, coverage: coverage))
                count += 1
            }
            output.write("\n]}\n")
        }
        output.flush()
        return count
    }

    static func csvLine(_ row: ExportRow, sources: inout SourcesCache, coverage: PageCoverage) -> String {
        let fields: [String] = [
            CSVField.text(row.keyword), CSVField.number(row.metrics.volume), CSVField.number(row.clusterID),
            CSVField.text(row.clusterLabel ?? ""), CSVField.text(row.title ?? ""), CSVField.text(row.clusterIntent ?? ""),
            row.clusterID == nil ? "" : (row.isPrimary ? "true" : "false"), CSVField.number(row.similarity),
            CSVField.number(row.metrics.cpc), CSVField.number(row.metrics.difficulty), CSVField.number(row.metrics.clicks),
            CSVField.number(row.metrics.impressions), CSVField.number(row.metrics.ctr), CSVField.number(row.metrics.position),
            CSVField.number(row.metrics.competition), CSVField.text(row.metrics.intent ?? ""), CSVField.text(row.metrics.url ?? ""),
            CSVField.text(row.metrics.parentKeyword ?? ""), sources.csvField(row.sources), row.isAbsent ? "true" : "false",
            CSVField.number(row.batchNumber), CSVField.number(row.titleVersion),
            CSVField.text(coverage.pageOfKeyword[row.keywordID] ?? ""), cannibalisation(row, coverage) ? "true" : "false",
        ]
        return fields.joined(separator: ",") + "\n"
    }

    /// The CSV field of a keyword's sources (a JSON array of paths) as a `;`-separated list,
    /// decoded once per distinct list: most keywords of an export share one.
    struct SourcesCache {
        private var fields: [String: String] = [:]

        mutating func csvField(_ json: String) -> String {
            if let field = fields[json] { return field }
            let list = (try? JSONDecoder().decode([String].self, from: Data(json.utf8)))?.joined(separator: ";") ?? json
            let field = CSVField.text(list)
            fields[json] = field
            return field
        }
    }

    /// Whether the keyword's cluster draws on several pages of the site.
    static func cannibalisation(_ row: ExportRow, _ coverage: PageCoverage) -> Bool {
        row.clusterID.map(coverage.possibleCannibalisation(cluster:)) ?? false
    }

    static func jsonObject(_ row: ExportRow, coverage: PageCoverage) -> String {
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
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func jsonString(_ value: String) -> String { JSONText.quoted(value) }
}
