import FaultPoints
import TestSupport
import Testing

/// What the crash tests share: running the CLI with a fault point armed, and the exports (keyword
/// and cluster level) of a project with the integrity check's verdict.
enum CrashWalk {
    /// Runs `arguments` in a child process, killed at `point` ("NAME:N") when given.
    static func run(_ arguments: [String], crashAt point: String? = nil) async throws -> KWClusterCLI.Result {
        try await KWClusterCLI.runOffThread(arguments, environment: point.map { [FaultPoint.variable: $0] } ?? [:])
    }

    /// Both exports of project `slug` in `db`, after checking both exports and `check` succeed.
    static func exports(project slug: String, db: String) async throws -> String {
        let keywords = try await run(["export", "--project=\(slug)", "--db=\(db)"])
        let clusters = try await run(["export", "--project=\(slug)", "--db=\(db)", "--level=cluster"])
        let check = try await run(["check", "--project=\(slug)", "--db=\(db)"])
        #expect(keywords.status == 0 && clusters.status == 0, "\(keywords.stderr)\(clusters.stderr)")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        return keywords.stdout + clusters.stdout
    }
}
