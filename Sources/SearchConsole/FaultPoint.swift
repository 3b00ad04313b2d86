import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A test's way to kill the process at a chosen instant, deterministically:
/// `KWCLUSTER_FAULT_POINT=NAME:N` makes the process kill itself (SIGKILL, as `kill -9` would)
/// the N-th time it reaches the point NAME. Without the variable nothing happens.
public enum FaultPoint {
    public static let variable = "KWCLUSTER_FAULT_POINT"

    /// The point and count the variable names, read once.
    static let armed: (name: String, count: Int)? = {
        guard let value = ProcessInfo.processInfo.environment[variable], let colon = value.lastIndex(of: ":"),
              let count = Int(value[value.index(after: colon)...]) else { return nil }
        return (String(value[..<colon]), count)
    }()

    /// Kills the process when `name` is the armed point and `count` its count.
    public static func reached(_ name: String, count: Int) {
        guard let armed, armed.name == name, armed.count == count else { return }
        kill(getpid(), SIGKILL)
    }
}
