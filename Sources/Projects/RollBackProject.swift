import Persistence
import Pipeline

/// `rollback`: the project's latest run restored to the state after one of its batches, under
/// the project's lock; `resume` then redoes the later batches.
public enum RollBackProject {
    /// - Returns: the run rolled back.
    public static func run(slug: String, toBatch batch: Int, database: ProjectDatabase) async throws -> (Project, ProcessingRun) {
        let (store, project) = try database.openProject(slug)
        return try await database.withProjectLock(project.slug) {
            (project, try RunRollback.rollback(project: project, toBatch: batch, store: store))
        }
    }
}
