import ArgumentParser
import Foundation
import Projects

struct Rollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a project to the state after batch N of its latest run; later batches become pending.",
        discussion: "Then `kwcluster resume` processes them again, with the same result as a run never rolled back."
    )

    @Option(help: "The project's slug, e.g. example-com.")
    var project: String

    @Option(help: "The last batch to keep.")
    var toBatch: Int

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await runReportingErrors {
            let (project, run) = try await RollBackProject.run(slug: self.project, toBatch: toBatch, database: common.database)
            print("rolled back run \(run.id) of \(project.slug) to batch \(toBatch) of \(run.totalBatches); `kwcluster resume --project=\(project.slug)` continues it")
        }
    }
}
