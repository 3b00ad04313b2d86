import Foundation
import Persistence
import Pipeline
import Reports

/// A file the dashboard offers for download, written by the same exporter as `kwcluster export`.
/// Adding a format is one entry in `all`.
public struct DashboardDownload: Sendable {
    /// The file name after the project slug, e.g. `keywords.csv` -> `example-com-keywords.csv`.
    public var name: String
    public var label: String
    public var contentType: String
    public var write: @Sendable (Project, Store, OutputBuffer) throws -> Void

    /// Every download, in the order the dashboard lists them.
    public static let all: [DashboardDownload] = [
        .init(name: "keywords.csv", label: "Keywords (CSV)", contentType: "text/csv; charset=utf-8") { project, store, output in
            try KeywordExporter.export(project: project, format: .csv, store: store, to: output,
                                       completeness: try KeywordExporter.completeness(project: project, store: store))
        },
        .init(name: "keywords.json", label: "Keywords (JSON)", contentType: "application/json") { project, store, output in
            try KeywordExporter.export(project: project, format: .json, store: store, to: output,
                                       completeness: try KeywordExporter.completeness(project: project, store: store))
        },
        .init(name: "clusters.csv", label: "Clusters (CSV)", contentType: "text/csv; charset=utf-8") { project, store, output in
            try ClusterExporter.export(project: project, format: .csv, store: store, to: output,
                                       completeness: try KeywordExporter.completeness(project: project, store: store))
        },
        .init(name: "plan.md", label: "Content plan (Markdown)", contentType: "text/markdown; charset=utf-8") { project, store, output in
            try ClusterExporter.markdown(project: project, store: store, to: output,
                                         completeness: try KeywordExporter.completeness(project: project, store: store))
        },
        .init(name: "report.html", label: "Report (HTML)", contentType: "text/html; charset=utf-8") { project, store, output in
            output.write(HtmlReport.render(try ReportData.load(project: project, store: store)))
            output.flush()
        },
        .init(name: "workbook.xlsx", label: "Workbook (XLSX)",
              contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") { project, store, output in
            try XlsxExporter.export(project: project, store: store) { output.write($0) }
            output.flush()
        },
    ]

    public static func named(_ name: String) -> DashboardDownload? {
        all.first { $0.name == name }
    }

    /// The file's bytes. The exporters write to a file, so this goes through a temporary file.
    /// - Complexity: O(the export); memory O(the file)
    func data(project: Project, store: Store) throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-download-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let output = try OutputBuffer(path: path)
            try write(project, store, output)
            output.flush()
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
