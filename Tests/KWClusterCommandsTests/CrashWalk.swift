import FaultPoints
import Foundation
import TestSupport
import Testing

/// What the crash tests share: running the CLI with a fault point armed, the exports (keyword and
/// cluster level) of a project with the integrity check's verdict, and the walk itself: a command
/// killed at each chosen point in turn, each time on a fresh database, then resumed.
enum CrashWalk {
    /// Runs `arguments` in a child process, killed at `point` ("NAME:N") when given.
    static func run(_ arguments: [String], crashAt point: String? = nil,
                    environment: [String: String] = [:]) async throws -> KWClusterCLI.Result {
        var environment = environment
        if let point { environment[FaultPoint.variable] = point }
        return try await KWClusterCLI.runOffThread(arguments, environment: environment)
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

    /// The planned batches of the project's last run (`status --json`), to aim at its last batch.
    static func lastRunBatches(project slug: String, db: String) async throws -> Int {
        let status = try await run(["status", "--project=\(slug)", "--db=\(db)", "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let runs = try #require(json["runs"] as? [[String: Any]], "\(status.stdout)")
        return try #require(runs.last?["total_batches"] as? Int, "\(status.stdout)")
    }

    /// A point and the count it is armed at, "NAME:N".
    static func point(_ name: FaultPoint.Name, _ count: Int) -> String { "\(name.rawValue):\(count)" }

    /// Kills `command` at each of `points` in turn, each time on a database `prepare` makes (named
    /// for the point by `database`), resumes it and compares the exports with `expected`: every
    /// point must be reached (the kill lands), and the resumed project must export exactly what a
    /// run never interrupted exports.
    static func walk(_ points: [String], project slug: String, database: (String) -> String,
                     prepare: (String) async throws -> Void = { _ in }, command: (String) -> [String],
                     environment: [String: String] = [:], expected: String,
                     afterEach: (String) async throws -> Void = { _ in }) async throws {
        for point in points {
            let db = database(point.replacingOccurrences(of: ":", with: "-"))
            try await prepare(db)
            let crashed = try await run(command(db), crashAt: point, environment: environment)
            #expect(crashed.signalled && crashed.status == SIGKILL, "\(point) was not reached: \(crashed.stderr)")
            guard crashed.signalled else { continue }
            let resumed = try await run(["resume", "--project=\(slug)", "--db=\(db)", "--quiet"], environment: environment)
            #expect(resumed.status == 0 && !resumed.signalled, "resume after \(point): \(resumed.stderr)")
            let exports = try await exports(project: slug, db: db)
            let differing = zip(exports.split(separator: "\n"), expected.split(separator: "\n")).first { $0 != $1 }
            #expect(exports == expected, "killed at \(point), then resumed: \(differing.map { "\($0.0) | expected \($0.1)" } ?? "lengths differ")")
            try await afterEach(point)
        }
    }
}
