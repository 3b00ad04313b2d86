#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The commit boundaries at which a test can end the process deterministically, as `kill -9`
/// would: `KWCLUSTER_FAULT_POINT=NAME:N` makes the process SIGKILL itself the time it reaches
/// the point NAME with count N (a batch number, a page number, a round). Compiled into release
/// builds and inert without the variable: one comparison of a value read once.
///
/// Points (see `FaultPoint.Name`): inside a batch's transaction before it commits, after it
/// commits, after a title round is stored, after the refinement commits, after a project or a
/// rescrape import is stored, after a crawled page is stored, after a worker completes an item. Tests walk every point of a run in order and compare the export
/// after `resume` with an uninterrupted run's (Tests/KWClusterCommandsTests/CrashPointTests).
public enum FaultPoint {
    public static let variable = "KWCLUSTER_FAULT_POINT"

    /// The named commit boundaries.
    public enum Name: String, CaseIterable, Sendable {
        /// Inside a batch's transaction, everything written, before COMMIT (count: batch number).
        case batchBeforeCommit = "batch-before-commit"
        /// Right after a batch's transaction committed (count: batch number).
        case batchCommitted = "batch-committed"
        /// Right after the title worker stored a round of titles (count: the round, from 1).
        case titlesStored = "titles-stored"
        /// Right after the refinement's transaction committed (count: 1).
        case refinementCommitted = "refinement-committed"
        /// Right after `create` stored the project, its keywords and its planned run (count: 1).
        case projectCreated = "project-created"
        /// Right after a rescrape's import and planned run were stored (count: 1).
        case rescrapeImported = "rescrape-imported"
        /// Right after a rescrape's start (old keywords re-read, clusters rebuilt) committed (count: 1).
        case rescrapeStarted = "rescrape-started"
        /// Right after a page of a Search Console import and the import's advance committed
        /// (count: the pages the import has stored, from 1).
        case searchPageStored = "search-page-stored"
        /// Right after a crawl stored a page's outcome and the links it found (count: the pages
        /// this process stored, from 1).
        case crawlPageStored = "crawl-page-stored"
        /// Right after a crawl was marked crawled, before its keywords are imported (count: 1).
        case crawlFinished = "crawl-finished"
        /// Right after a worker marked a work item done (count: the items this process completed, from 1).
        case workItemCompleted = "work-item-completed"
    }

    /// The point and count the variable names, read once.
    static let armed: (name: String, count: Int)? = {
        guard let raw = getenv(variable) else { return nil }
        let value = String(cString: raw)
        guard let colon = value.lastIndex(of: ":"), let count = Int(value[value.index(after: colon)...]) else { return nil }
        return (String(value[..<colon]), count)
    }()

    /// How many times this process passed each point counted by ``passed(_:)``.
    private static let passes = Mutex<[Name: Int]>([:])

    /// Counts a pass of `name` in this process, and kills the process when the armed count is
    /// this pass: for boundaries that have no number of their own (a crawl's pages, a worker's items).
    public static func passed(_ name: Name) {
        guard let armed, armed.name == name.rawValue else { return }
        let count = passes.withLock { counts in
            counts[name, default: 0] += 1
            return counts[name]!
        }
        reached(name, count: count)
    }

    /// Kills the process when `name` with `count` is the armed point.
    public static func reached(_ name: Name, count: Int) {
        reached(name.rawValue, count: count)
    }

    /// Kills the process when `name` with `count` is the armed point (a point named elsewhere).
    public static func reached(_ name: String, count: Int) {
        guard let armed, armed.name == name, armed.count == count else { return }
        kill(getpid(), SIGKILL)
    }
}
