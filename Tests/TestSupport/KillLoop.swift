import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL at chosen instants, as a crash or `kill -9` would end a process: the random-instant
/// campaign of scripts/kill-campaign.sh (`KillResumeTests`, `KillCampaignTests`) uses it; the
/// suite kills at commit boundaries instead (`KWCLUSTER_FAULT_POINT`). The waiting and the kill
/// happen on a thread of their own: the instant is kept even when the test process's shared
/// threads are all busy (a task's sleep then overshoots, and the kill came after the run ended),
/// and no shared thread is held while a process runs.
public enum KillLoop {
    /// What became of a process given a kill instant.
    public enum Outcome: Equatable, Sendable {
        /// The kill interrupted it.
        case killed
        /// It ended by itself, this many seconds after the wait for its kill began.
        case ended(afterSeconds: Double)

        public var killed: Bool { self == .killed }
    }

    /// Kills `process` with SIGKILL `seconds` after now unless it ended before, and waits for it to end.
    public static func kill(_ process: Process, after seconds: Double) async -> Outcome {
        await onOwnThread {
            let started = Date()
            let deadline = started.addingTimeInterval(max(0, seconds))
            // Polled, not slept through: a process that ends early tells how long runs really take.
            while Date() < deadline {
                guard process.isRunning else {
                    process.waitUntilExit()
                    return .ended(afterSeconds: Date().timeIntervalSince(started))
                }
                Thread.sleep(forTimeInterval: min(0.005, max(0, deadline.timeIntervalSinceNow)))
            }
            guard process.isRunning else {
                process.waitUntilExit()
                return .ended(afterSeconds: Date().timeIntervalSince(started))
            }
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return .killed
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
    /// killed at `fraction()` of `aim`'s run length if it still runs, and `start` is called again
    /// (it picks the command that continues the work, `resume` or the first command again). A
    /// process that ends before its kill teaches `aim` how long runs take now.
    /// - Returns: the kills that interrupted a process, and the exit status of the one that ended.
    public static func run(maxKills: Int, aim: inout KillAim, fraction: () -> Double,
                           start: () async throws -> Process) async throws -> (kills: Int, status: Int32) {
        var kills = 0
        while true {
            let process = try await start()
            if kills < maxKills {
                let outcome = await kill(process, after: aim.delay(at: fraction()))
                aim.learn(from: outcome)
                if outcome.killed {
                    kills += 1
                    continue
                }
            }
            try await waitForExit(process)
            return (kills, process.terminationStatus)
        }
    }
}

/// Where kills are aimed: at a fraction of the length of a run. The first length is that of an
/// uninterrupted reference run, which a loaded machine can slow down many times over (CI: a
/// crawl's reference ran so long that 0 of 6 kills landed in the faster runs after it); every run
/// that ends before its kill shortens it to what that run took.
public struct KillAim: Sendable {
    public private(set) var runSeconds: Double
    /// The earliest instant, so that a kill at fraction 0 still lets the process start.
    public let earliest: Double

    public init(runSeconds: Double, earliest: Double = 0.01) {
        self.runSeconds = max(runSeconds, 0.05)
        self.earliest = earliest
    }

    /// The instant `fraction` (0...1) of the way through a run, in seconds after its start.
    public func delay(at fraction: Double) -> Double { earliest + runSeconds * fraction }

    /// Shortens the run length to that of a process that ended before its kill.
    public mutating func learn(from outcome: KillLoop.Outcome) {
        guard case .ended(let seconds) = outcome else { return }
        runSeconds = max(min(runSeconds, seconds), 0.05)
    }
}
