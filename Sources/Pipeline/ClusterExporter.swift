import Foundation
import Persistence

/// The cluster-level export (one row per topic) and the Markdown content plan.
public enum ClusterExporter {
    /// The cluster-level columns, in order (documented in README).
    public static let csvColumns = [
        "cluster_id", "title", "label", "primary_keyword", "intent", "keyword_count", "total_volume", "primary_volume",
        "batch", "title_version", "cluster_version", "page_url", "page_urls", "possible_cannibalisation",
    ]

    /// Writes one row per cluster; returns how many.
    @discardableResult
    public static func export(project: Project, format: KeywordExporter.Format, store: Store, to output: OutputBuffer,
                              completeness: KeywordExporter.Completeness) throws -> Int {
        let rows = try store.clusterExportRows(projectID: project.id)
        let coverage = try store.pageCoverage(projectID: project.id)
        switch format {
        case .csv:
            output.write(csvColumns.joined(separator: ",") + "\n")
            for row in rows {
                output.write([
                    String(row.clusterID), CSVField.text(row.title ?? ""), CSVField.text(row.label), CSVField.text(row.primaryKeyword),
                    row.intent, String(row.keywordCount), String(row.totalVolume), CSVField.number(row.primaryVolume),
                    String(row.createdBatch), CSVField.number(row.titleVersion), String(row.version),
                    CSVField.text(coverage.pageURL(cluster: row.clusterID) ?? ""),
                    CSVField.text((coverage.pagesOfCluster[row.clusterID] ?? []).joined(separator: ";")),
                    coverage.possibleCannibalisation(cluster: row.clusterID) ? "true" : "false",
                ].joined(separator: ",") + "\n")
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
                ]
                output.write((index == 0 ? "\n" : ",\n") + "{" + fields.joined(separator: ",") + "}")
            }
            output.write("\n]}\n")
        }
        output.flush()
        return rows.count
    }

    /// A Markdown content plan: topics grouped by intent, largest total volume first, each with
    /// its title, primary keyword and top keywords.
    @discardableResult
    public static func markdown(project: Project, store: Store, to output: OutputBuffer,
                                completeness: KeywordExporter.Completeness, keywordsPerTopic: Int = 5) throws -> Int {
        let rows = try store.clusterExportRows(projectID: project.id)
        var top: [Int: [String]] = [:]
        try store.forEachExportRow(projectID: project.id) { row in
            guard let cluster = row.clusterID, top[cluster, default: []].count < keywordsPerTopic else { return }
            top[cluster, default: []].append(row.keyword)
        }
        output.write("# Content plan: \(project.domain)\n\n")
        if completeness.partial {
            output.write("_Partial: batches 1-\(completeness.lastCompletedBatch) of \(completeness.totalBatches) are done._\n\n")
        }
        output.write("\(rows.count) topics, \(rows.map(\.keywordCount).reduce(0, +)) keywords.\n")
        for intent in ["commercial", "transactional", "local", "informational", "navigational"] {
            let topics = rows.filter { $0.intent == intent }
                .sorted { $0.totalVolume != $1.totalVolume ? $0.totalVolume > $1.totalVolume : $0.clusterID < $1.clusterID }
            guard !topics.isEmpty else { continue }
            output.write("\n## \(intent.capitalized) (\(topics.count) topics, volume \(topics.map(\.totalVolume).reduce(0, +)))\n\n")
            for topic in topics {
                let title = (topic.title ?? topic.label).replacingOccurrences(of: "|", with: "\\|")
                let keywords = (top[topic.clusterID] ?? []).joined(separator: ", ")
                output.write("- **\(title)** — \(topic.primaryKeyword) (volume \(topic.primaryVolume.map(String.init) ?? "?"), "
                             + "\(topic.keywordCount) keywords, total \(topic.totalVolume)): \(keywords)\n")
            }
        }
        output.flush()
        return rows.count
    }
}
