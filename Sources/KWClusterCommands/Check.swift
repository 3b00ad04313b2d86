import ArgumentParser
import Foundation
import Pipeline
import Projects

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify a project's integrity; exits 1 on a problem.",
        discussion: "Every processed keyword assigned exactly once, checkpoints consistent with the tables, the latest checkpoint restorable."
    )

    @Option(help: "The project's slug, e.g. example-com.")
    var project: String

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await runReportingErrors {
            let (project, report) = try CheckProject.run(slug: self.project, database: common.database)
            if report.problems.isEmpty {
                print("ok: \(project.slug): \(report.checkedRuns) run(s), \(report.checkedKeywords) assigned keywords, checkpoints consistent")
            } else {
                for problem in report.problems { printError(problem) }
                throw PipelineError.failed("\(report.problems.count) problem(s) in \(project.slug)")
            }
        }
    }
}
