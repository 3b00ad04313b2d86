import Persistence
import Pipeline

/// `check`: whether a project's tables and checkpoints agree (read only, so no lock is taken:
/// a check beside a running process reports what it sees).
public enum CheckProject {
    public static func run(slug: String, database: ProjectDatabase) throws -> (Project, IntegrityCheck.Report) {
        let (store, project) = try database.openProject(slug)
        return (project, try IntegrityCheck.check(project: project, store: store))
    }
}
