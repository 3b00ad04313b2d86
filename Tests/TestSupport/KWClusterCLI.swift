import Foundation

/// Runs the built `kwcluster` binary, as a user would.
public enum KWClusterCLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Whether a signal ended the process (then `status` is the signal's number).
        public var signalled: Bool

        public init(status: Int32, stdout: String, stderr: String, signalled: Bool = false) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
            self.signalled = signalled
        }
    }

    /// The binary SwiftPM built beside the test bundle, or `$KWCLUSTER_BINARY` (the kill campaign
    /// runs the release binary).
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["KWCLUSTER_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let directory = Bundle.main.executableURL?.deletingLastPathComponent()
            ?? URL(fileURLWithPath: Swift.CommandLine.arguments[0]).deletingLastPathComponent()
        var candidate = directory.appendingPathComponent("kwcluster")
        if !FileManager.default.fileExists(atPath: candidate.path) {
            // On some platforms the test bundle sits one level deeper.
            candidate = directory.deletingLastPathComponent().appendingPathComponent("kwcluster")
        }
        return candidate
    }


    /// Runs to completion; `environment` entries are added to (or replace) this process's.
    public static func run(_ arguments: [String], executable: URL = binary, environment: [String: String] = [:]) throws -> Result {
        let process = try start(arguments, executable: executable, environment: environment)
        let out = process.out.fileHandleForReading.readDataToEndOfFile()
        let err = process.err.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Result(status: process.process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self), signalled: process.process.terminationReason == .uncaughtSignal)
    }

    /// Runs to completion on a thread of its own while the calling task waits: a server in this
    /// process keeps answering, and no thread of the shared pools (Swift's tasks, Dispatch's
    /// global queues) is held for the seconds a run takes. (Holding them starved the rest of the
    /// test process: an LLM test's request deadlines and task sleeps waited for a free thread.)
    public static func runOffThread(_ arguments: [String], executable: URL = binary, environment: [String: String] = [:]) async throws -> Result {
        try await KillLoop.onOwnThread { Swift.Result { try run(arguments, executable: executable, environment: environment) } }.get()
    }

    /// An executable SwiftPM built beside the test bundle (`fixture-site`), whatever `$KWCLUSTER_BINARY` says.
    public static func builtExecutable(_ name: String) -> URL {
        let directory = Bundle.main.executableURL?.deletingLastPathComponent()
            ?? URL(fileURLWithPath: Swift.CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: candidate.path)
            ? candidate : directory.deletingLastPathComponent().appendingPathComponent(name)
    }

    public struct Running {
        public var process: Process
        public var out: Pipe
        public var err: Pipe
    }

    /// Starts without waiting; output goes to pipes the caller drains or drops.
    public static func start(_ arguments: [String], executable: URL = binary, discardOutput: Bool = false,
                      environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe(), err = Pipe()
        if discardOutput {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        } else {
            process.standardOutput = out
            process.standardError = err
        }
        try process.run()
        return Running(process: process, out: out, err: err)
    }
}
