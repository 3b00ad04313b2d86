import ArgumentParser
import Foundation
import Pipeline

extension KeywordExporter.Format: ExpressibleByArgument {}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a project's keywords with their clusters and titles, at any moment.",
        discussion: "While a run is going, the export holds the completed batches and is marked partial."
    )

    @Option(help: "The project's slug, e.g. example-com.")
    var project: String

    @Option(help: "csv or json.")
    var format: KeywordExporter.Format = .csv

    @Option(help: "The file to write (default: standard output).")
    var output: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await runReportingErrors {
            let (store, project) = try common.openProject(self.project)
            let completeness = try KeywordExporter.completeness(project: project, store: store)
            let buffer = try OutputBuffer(path: output)
            let count = try KeywordExporter.export(project: project, format: format, store: store, to: buffer,
                                                   completeness: completeness)
            if completeness.partial {
                printNotice("partial export: run \(completeness.runID ?? 0) is not finished; this holds batches 1-\(completeness.lastCompletedBatch) of \(completeness.totalBatches)")
            }
            if let output, !common.quiet { printNotice("wrote \(count) keywords to \(output)") }
        }
    }
}
