import Foundation
import Persistence
import Pipeline

/// `export --format=xlsx`: one workbook with four sheets. Clusters holds the cluster-level
/// export's columns, Keywords the keyword-level export's columns (the same column lists as the
/// CSV export), Batches every batch of the latest run as `status --show-batches` shows it,
/// Pillars every pillar (hub page) with its topics' figures, largest volume first.
/// Rows are streamed from the store into the compressed file; memory stays flat whatever the
/// project's size (the clusters, the crawl's page coverage, and 1,000 rows per sheet for the
/// column widths).
public enum XlsxExporter {
    /// What a workbook holds.
    public struct Summary: Sendable, Equatable {
        public var clusters: Int
        public var keywords: Int
        public var batches: Int
        public var pillars: Int
        /// Text cells cut to Excel's 32,767 characters.
        public var truncatedCells: Int
    }

    /// The sheet names, in the workbook's order.
    public static let sheetNames = ["Clusters", "Keywords", "Batches", "Pillars"]

    /// Writes the workbook to `path`: first to a temporary file beside it, renamed when
    /// complete, so a failed export leaves no broken workbook behind.
    @discardableResult
    public static func export(project: Project, store: Store, to path: String) throws -> Summary {
        let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw PipelineError.failed("cannot write \(path): check that the folder exists and is writable")
        }
        do {
            let summary = try export(project: project, store: store, to: handle)
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
            return summary
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Writes the workbook to an open file or pipe (e.g. standard output, or an HTTP body via a
    /// pipe); writes are 64 KB or less.
    @discardableResult
    public static func export(project: Project, store: Store, to handle: FileHandle) throws -> Summary {
        try export(project: project, store: store) { try handle.write(contentsOf: $0) }
    }

    /// Writes the workbook's bytes, in order, to `sink`.
    /// - Throws: `XlsxError.tooManyRows` before writing anything when the project has more
    ///   keywords than a sheet holds; `ZipError.tooLarge` past 4 GB.
    /// - Complexity: O(keywords + clusters + batches); memory O(clusters)
    @discardableResult
    public static func export(project: Project, store: Store, sink: @escaping (Data) throws -> Void) throws -> Summary {
        let keywordTotal = try store.keywordCounts(projectID: project.id).total
        guard keywordTotal + 1 <= XlsxText.maximumRows else {
            throw XlsxError.tooManyRows(sheet: "Keywords", rows: keywordTotal + 1)
        }
        let zip = ZipWriter(sink: sink)
        var sheets: [XlsxWorkbook.Sheet] = []
        var truncated = 0

        func sheet<Row>(_ index: Int, columns: [ExportColumn<Row>], rows: ((Row) throws -> Void) throws -> Void) throws -> Int {
            try zip.beginEntry(XlsxWorkbook.path(ofSheet: index))
            let writer = try XlsxSheetWriter(name: sheetNames[index], columns: columns.map(\.name), zip: zip, selected: index == 0)
            try rows { row in try writer.append(columns.map { $0.value(row) }) }
            sheets.append(XlsxWorkbook.Sheet(name: writer.name, filterRange: try writer.finish()))
            try zip.endEntry()
            truncated += writer.truncatedCells
            return writer.rowCount
        }

        let coverage = try store.pageCoverage(projectID: project.id)
        let clusterRows = try store.clusterExportRows(projectID: project.id)
        let plans = try TopicPlans.read(projectID: project.id, rows: clusterRows, store: store)
        let pillars = try TopicPillars.read(projectID: project.id, rows: clusterRows, plans: plans, store: store)
        let clusters = try sheet(0, columns: ClusterExporter.columns(coverage: coverage, plans: plans, pillars: pillars)) { body in
            try clusterRows.forEach(body)
        }
        let keywords = try sheet(1, columns: KeywordExporter.columns(coverage: coverage, plans: plans, pillars: pillars)) { body in
            try store.forEachExportRow(projectID: project.id, body)
        }
        let status = try StatusReport.make(project: project, store: store, showBatches: true)
        let latest = status.runs.last
        let batches = try sheet(2, columns: batchColumns(runID: latest?.id)) { body in try (latest?.batches ?? []).forEach(body) }
        let pillarCount = try sheet(3, columns: pillarColumns) { body in try pillars.pillars.forEach(body) }
        try XlsxWorkbook.writeParts(sheets: sheets, title: "kwcluster: \(project.domain)", zip: zip)
        try zip.finish()
        return Summary(clusters: clusters, keywords: keywords, batches: batches, pillars: pillarCount, truncatedCells: truncated)
    }

    /// The Pillars sheet's columns.
    static var pillarColumns: [ExportColumn<TopicPillars.Pillar>] { [
        ExportColumn("pillar_id") { .integer($0.id) },
        ExportColumn("title") { .text($0.title) },
        ExportColumn("topics") { .integer($0.topics.count) },
        ExportColumn("keywords") { .integer($0.keywordCount) },
        ExportColumn("volume") { .integer($0.totalVolume) },
    ] }

    /// The Batches sheet's columns: `status --show-batches` for one run.
    static func batchColumns(runID: Int64?) -> [ExportColumn<StatusReport.Batch>] {
        [
            ExportColumn("run") { _ in ExportValue(runID.map(Int.init)) },
            ExportColumn("batch") { .integer($0.number) },
            ExportColumn("size") { .integer($0.size) },
            ExportColumn("status") { .text($0.status) },
            ExportColumn("keywords") { .integer($0.keywordsProcessed) },
            ExportColumn("clusters") { .integer($0.clustersGenerated) },
            ExportColumn("titles") { .integer($0.titlesGenerated) },
            ExportColumn("time_ms") { ExportValue($0.processingTimeMs) },
            ExportColumn("iterations") { ExportValue($0.iterations) },
            ExportColumn("inertia") { ExportValue($0.inertia) },
            ExportColumn("started_at") { ExportValue($0.startedAt) },
            ExportColumn("completed_at") { ExportValue($0.completedAt) },
            ExportColumn("error") { ExportValue($0.error) },
        ]
    }
}
