import Clustering
import Foundation
import Lab
import Pipeline
import TestSupport
import Testing

/// The product's central promise: kill the process at any instant, resume, and get exactly the
/// result of a run never interrupted. Random instants are a campaign, run by
/// scripts/kill-campaign.sh (which sets `KWCLUSTER_KILL_INSTANTS`), not by the suite: the suite
/// kills lexical creates and rescrapes at every commit boundary instead (``CrashPointTests``).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["KWCLUSTER_KILL_INSTANTS"] != nil))
struct KillResumeTests {
    let folder: URL
    let keywordFile: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        keywordFile = folder.appendingPathComponent("keywords.csv").path
        let keywords = SyntheticKeywordSet.generate(count: 2_000, topics: 60, seed: 3)
        try SyntheticKeywordSet.csv(keywords).write(toFile: keywordFile, atomically: true, encoding: .utf8)
    }

    func createArguments(_ db: String) -> [String] {
        ["create", "--domain=example.com", "--keywords=\(keywordFile)", "--db=\(db)", "--batch-size=50", "--clusters=60", "--vectors=lexical", "--quiet"]
    }

    func projectExists(_ db: String) async throws -> Bool {
        guard FileManager.default.fileExists(atPath: db) else { return false }
        return try await KWClusterCLI.runOffThread(["status", "--project=example-com", "--db=\(db)"]).status == 0
    }

    @Test func killedRunsResumeToAByteIdenticalExport() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given the export of a run never interrupted
        let reference = folder.appendingPathComponent("reference.sqlite").path
        let started = Date()
        let created = try await KWClusterCLI.runOffThread(createArguments(reference))
        // Kill instants are spread over the length of an uninterrupted run.
        var aim = KillAim(runSeconds: Date().timeIntervalSince(started))
        #expect(created.status == 0, "\(created.stderr)")
        let expected = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(reference)"])
        #expect(expected.status == 0)
        #expect(expected.stdout.split(separator: "\n").count == 2_001)

        var generator = SeededGenerator(seed: 2026)
        var killsLanded = 0
        // 6 attempts in CI; scripts/kill-campaign.sh sets KWCLUSTER_KILL_INSTANTS for the full campaign.
        let attempts = Int(ProcessInfo.processInfo.environment["KWCLUSTER_KILL_INSTANTS"] ?? "") ?? 6
        for attempt in 0..<attempts {
            // When processes are killed with SIGKILL at random instants, up to three times per attempt, and resumed
            let db = folder.appendingPathComponent("killed-\(attempt).sqlite").path
            let fraction: () -> Double = { Double(generator.nextIndex(below: 700)) / 1_000 }
            let (kills, status) = try await KillLoop.run(maxKills: 3, aim: &aim, fraction: fraction) { () async throws -> Process in
                let resume: [String] = ["resume", "--project=example-com", "--db=\(db)", "--quiet"]
                let arguments = try await projectExists(db) ? resume : createArguments(db)
                return try KWClusterCLI.start(arguments, discardOutput: true).process
            }
            killsLanded += kills
            #expect(status == 0, "attempt \(attempt)")
            // Then the export is byte-identical and the integrity check passes
            let export = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)"])
            #expect(export.stdout == expected.stdout, "attempt \(attempt) after \(kills) kills")
            let check = try await KWClusterCLI.runOffThread(["check", "--project=example-com", "--db=\(db)"])
            #expect(check.status == 0, "\(check.stderr)")
        }
        // And the kills really interrupted runs
        print("kill campaign lexical: \(killsLanded) of \(attempts * 3) kills interrupted a run")
        #expect(killsLanded >= attempts * 2 / 3, "only \(killsLanded) kills interrupted a run")
    }
}
