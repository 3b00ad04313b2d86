import Persistence
import Pipeline

/// A project's run gone through to its end (or to `batchLimit`): what `create`, `resume` and
/// `rescrape` do once the run exists.
public enum RunProject {
    /// Runs (or continues) `runID` of `project`.
    /// - Parameter headStart: the first batch's fit made by `create` (see ``FirstBatchHeadStart``).
    public static func toEnd(project: Project, runID: Int64, store: Store, batchLimit: Int?,
                             headStart: FirstBatchHeadStart.Pending? = nil, progress: @escaping ProgressSink) async throws -> RunOutcome {
        try await ProjectRunner.run(project: project, runID: runID, store: store, batchLimit: batchLimit, headStart: headStart,
                                    progress: progress)
        return try RunOutcome(project: project, store: store)
    }
}

/// Where a project stands after its run: its keywords, clusters and titles.
public struct RunOutcome: Sendable {
    public var project: Project
    public var counts: KeywordCounts

    /// The project's counts as the store holds them now.
    public init(project: Project, store: Store) throws {
        self.project = project
        counts = try store.keywordCounts(projectID: project.id)
    }
}
