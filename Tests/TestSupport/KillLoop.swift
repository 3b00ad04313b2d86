import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL at chosen instants, as a crash or `kill -9` would end a process: the kill tests of
/// `create`, `resume`, rescrapes, LLM-title runs and crawls share it. The waiting and the kill
/// happen on a thread of their own: the instant is kept even when the test process's shared
/// threads are all busy (a task's sleep then overshoots, and the kill came after the run ended),
/// and no shared thread is held while a process runs.
public enum KillLoop {
    /// Kills `process` with SIGKILL `seconds` after now unless it ended before, and waits for it to end.
    /// - Returns: whether the kill interrupted it.
    public static func kill(_ process: Process, after seconds: Double) async throws -> Bool {
        await onOwnThread {
            Thread.sleep(forTimeInterval: max(0, seconds))
            guard process.isRunning else {
                process.waitUntilExit()
                return false
            }
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return true
        }
    }

    /// Waits for `process` to end (on a thread of its own).
    public static func waitForExit(_ process: Process) async throws {
        await onOwnThread { process.waitUntilExit() }
    }

    /// Runs `work` on a new thread while the calling task waits.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
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
