import ArgumentParser
import Foundation
import Pipeline

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
            let (store, project) = try common.openProject(self.project)
            let report = try IntegrityCheck.check(project: project, store: store)
            if report.problems.isEmpty {
                print("ok: \(project.slug): \(report.checkedRuns) run(s), \(report.checkedKeywords) assigned keywords, checkpoints consistent")
            } else {
                for problem in report.problems { printError(problem) }
                throw PipelineError.failed("\(report.problems.count) problem(s) in \(project.slug)")
            }
        }
    }
}
