import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#endif

/// One process at a time works on a project: an exclusive `flock` on a file beside the
/// database. The kernel releases it when the process ends, even by `kill -9`, so a crash never
/// leaves a stale lock behind.
public final class ProjectLock {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock of `project` for the database at `databasePath`, or throws at once when
    /// another process holds it.
    public init(databasePath: String, project: String) throws {
        path = databasePath + ".\(project).lock"
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PipelineError.failed("cannot create the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw PipelineError.failed("project '\(project)' is being processed by another kwcluster process (lock \(path)). Wait for it to finish, or stop it and run `kwcluster resume --project=\(project)`")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
