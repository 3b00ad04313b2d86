import ArgumentParser
import Foundation
import Persistence
import Pipeline
import Reports

extension KeywordExporter.Format: ExpressibleByArgument {}

/// What `export` writes: the formats of the keyword and cluster levels, the Markdown plan, and
/// the XLSX workbook (both levels and the batches in one file).
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json, md, html, xlsx
}

enum ExportLevel: String, ExpressibleByArgument, CaseIterable {
    case keyword, cluster
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a project's keywords with their clusters and titles, at any moment.",
        discussion: "While a run is going, the export holds the completed batches and is marked partial."
    )

    @Option(help: "The project's slug, e.g. example-com.")
    var project: String

    @Option(help: "csv, json, md (a Markdown content plan grouped by intent), html (a self-contained report: treemap and cluster table) or xlsx (a workbook: Clusters, Keywords, Batches).")
    var format: ExportFormat = .csv

    @Option(help: "keyword (one row per keyword) or cluster (one row per topic).")
    var level: ExportLevel = .keyword

    @Option(help: "Only the keywords of clusters this run (an id from `status`) created, grew or retitled.")
    var changedIn: Int64?

    @Option(help: "html: the keywords listed under each cluster, highest volume first (the CSV holds all).")
    var keywordsPerCluster: Int = ReportData.defaultKeywordsPerCluster

    @Option(help: "The file to write (default: standard output; xlsx needs a file unless standard output is a pipe).")
    var output: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await runReportingErrors {
            let (store, project) = try common.openProject(self.project)
            if let changedIn, try store.run(id: changedIn)?.projectID != project.id {
                throw PipelineError.failed("run \(changedIn) is not a run of \(project.slug); `kwcluster status --project=\(project.slug)` lists its runs")
            }
            if changedIn != nil, level == .cluster || format == .md || format == .html || format == .xlsx {
                throw ValidationError("--changed-in works with the keyword level (csv or json)")
            }
            guard (1...10_000).contains(keywordsPerCluster) else {
                throw ValidationError("--keywords-per-cluster must be 1-10000")
            }
            let completeness = try KeywordExporter.completeness(project: project, store: store)
            if format == .xlsx {
                return try exportWorkbook(project: project, store: store, completeness: completeness)
            }
            let buffer = try OutputBuffer(path: output)
            let count: Int
            switch (format, level) {
            case (.html, _):
                let data = try ReportData.load(project: project, store: store, keywordsPerCluster: keywordsPerCluster)
                buffer.write(HtmlReport.render(data))
                buffer.flush()
                count = data.clusters.count
            case (.xlsx, _):
                preconditionFailure("the workbook is written above")
            case (.md, _):
                count = try ClusterExporter.markdown(project: project, store: store, to: buffer, completeness: completeness)
            case (.csv, .keyword), (.json, .keyword):
                count = try KeywordExporter.export(project: project, format: format == .csv ? .csv : .json, store: store,
                                                   to: buffer, completeness: completeness, changedIn: changedIn)
            case (.csv, .cluster), (.json, .cluster):
                count = try ClusterExporter.export(project: project, format: format == .csv ? .csv : .json, store: store,
                                                   to: buffer, completeness: completeness)
            }
            if completeness.partial {
                printNotice("partial export: run \(completeness.runID ?? 0) is not finished; this holds batches 1-\(completeness.lastCompletedBatch) of \(completeness.totalBatches)")
            }
            if let output, !common.quiet {
                printNotice("wrote \(count) \(level == .cluster || format == .md || format == .html ? "topics" : "keywords") to \(output)")
            }
        }
    }

    /// `--format=xlsx`: the workbook to --output, or to standard output when that is not a
    /// terminal (binary bytes on a terminal would only garble it).
    private func exportWorkbook(project: Project, store: Store, completeness: KeywordExporter.Completeness) throws {
        let summary: XlsxExporter.Summary
        if let output {
            summary = try XlsxExporter.export(project: project, store: store, to: output)
        } else if isatty(STDOUT_FILENO) == 0 {
            summary = try XlsxExporter.export(project: project, store: store, to: FileHandle.standardOutput)
        } else {
            throw ValidationError("--format=xlsx writes a binary workbook: give --output=FILE.xlsx (or redirect standard output to a file)")
        }
        if completeness.partial {
            printNotice("partial export: run \(completeness.runID ?? 0) is not finished; this holds batches 1-\(completeness.lastCompletedBatch) of \(completeness.totalBatches)")
        }
        if summary.truncatedCells > 0 {
            printNotice("\(summary.truncatedCells) text cells were longer than Excel's 32,767 characters and were cut")
        }
        if let output, !common.quiet {
            printNotice("wrote \(summary.clusters) topics, \(summary.keywords) keywords, \(summary.batches) batches and \(summary.pillars) pillars to \(output)")
        }
    }
}
