import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL at chosen instants, as a crash or `kill -9` would end a process: the kill tests of
/// `create`, `resume`, rescrapes, LLM-title runs and crawls share it. Waits by sleeping the task
/// (never a thread of the shared pool) so the rest of the test process keeps running.
public enum KillLoop {
    /// Kills `process` with SIGKILL `seconds` after now unless it ended before, and waits for it to end.
    /// - Returns: whether the kill interrupted it.
    public static func kill(_ process: Process, after seconds: Double) async throws -> Bool {
        try await Task.sleep(for: .seconds(max(0, seconds)))
        guard process.isRunning else { return false }
        Glibc.kill(process.processIdentifier, SIGKILL)
        try await waitForExit(process)
        return true
    }

    /// Waits for `process` to end, polling (a blocking wait would hold a thread of the shared pool).
    public static func waitForExit(_ process: Process) async throws {
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        process.waitUntilExit()
    }

    /// Starts processes with `start` until one runs to its end: each of the first `maxKills` is
    /// killed after `delay()` seconds if it still runs, and `start` is called again (it picks the
    /// command that continues the work, `resume` or the first command again).
    /// - Returns: the kills that interrupted a process, and the exit status of the one that ended.
    public static func run(maxKills: Int, delay: () -> Double, start: () async throws -> Process) async throws -> (kills: Int, status: Int32) {
        var kills = 0
        while true {
            let process = try await start()
            if kills < maxKills, try await kill(process, after: delay()) {
                kills += 1
                continue
            }
            try await waitForExit(process)
            return (kills, process.terminationStatus)
        }
    }
}
