import Foundation
import GRDB

/// A title made for a job, to be stored.
public struct MadeTitle: Sendable, Hashable {
    public var job: TitleJob
    public var title: String
    public var generator: String

    public init(job: TitleJob, title: String, generator: String) {
        self.job = job
        self.title = title
        self.generator = generator
    }
}

/// A title as stored in `generated_content`.
public struct StoredTitle: Sendable, Hashable {
    public var clusterID: Int
    public var title: String
    public var version: Int
    public var generator: String

    public init(clusterID: Int, title: String, version: Int, generator: String) {
        self.clusterID = clusterID
        self.title = title
        self.version = version
        self.generator = generator
    }
}

extension SQLiteStore {
    /// The oldest title job not done yet. Jobs are done strictly in id order, so the titles a
    /// run makes do not depend on timing.
    public func nextPendingTitleJob(projectID: Int64) throws(StoreError) -> TitleJob? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM title_jobs WHERE project_id = ? AND status = 'pending' ORDER BY id LIMIT 1
                """, arguments: [projectID]).map(TitleJob.init(row:))
        }
    }

    /// How many title jobs wait.
    public func pendingTitleJobCount(projectID: Int64) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM title_jobs WHERE project_id = ? AND status = 'pending'",
                             arguments: [projectID]) ?? 0
        }
    }

    /// The newest title of every cluster, by cluster id.
    public func currentTitles(projectID: Int64) throws(StoreError) -> [Int: StoredTitle] {
        try read { db in try currentTitles(projectID: projectID, db: db) }
    }

    func currentTitles(projectID: Int64, db: Database) throws -> [Int: StoredTitle] {
        var titles: [Int: StoredTitle] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT g.cluster_id, g.content, g.version, g.generator FROM generated_content g
            WHERE g.project_id = ? AND g.content_type = 'title'
              AND g.version = (SELECT MAX(version) FROM generated_content
                               WHERE project_id = g.project_id AND cluster_id = g.cluster_id AND content_type = 'title')
            """, arguments: [projectID])
        while let row = try rows.next() {
            let title = StoredTitle(clusterID: row[0], title: row[1], version: row[2], generator: row[3])
            titles[title.clusterID] = title
        }
        return titles
    }

    /// Stores several titles in ONE transaction, each as `saveTitle` does.
    /// - Complexity: O(titles)
    public func saveTitles(_ made: [MadeTitle], projectID: Int64) throws(StoreError) {
        try write { db in
            let done = try db.makeStatement(sql: "UPDATE title_jobs SET status = 'done' WHERE id = ? AND status = 'pending'")
            var newlyDone: [MadeTitle] = []
            for item in made {
                try done.execute(arguments: [item.job.id])
                if db.changesCount == 1 { newlyDone.append(item) }
            }
            try storeTitles(newlyDone, projectID: projectID, db: db)
        }
    }

    /// Stores each title as its cluster's title for the job's cluster version, and counts it in
    /// the job's batch (`batch_runs.titles_generated`): what `saveTitles` and title jobs stored
    /// done with their batch both write.
    func storeTitles(_ made: [MadeTitle], projectID: Int64, db: Database) throws {
        guard !made.isEmpty else { return }
        var insert = try RawStatement(db, sql: """
            INSERT OR REPLACE INTO generated_content (project_id, cluster_id, content_type, content, version, generator, run_id, batch_number)
            VALUES (?, ?, 'title', ?, ?, ?, ?, ?)
            """)
        var perBatch: [Int64: [Int: Int]] = [:]
        for item in made {
            insert.bind(projectID)
            insert.bind(item.job.clusterID)
            insert.bind(item.title)
            insert.bind(item.job.clusterVersion)
            insert.bind(item.generator)
            insert.bind(item.job.runID)
            insert.bind(item.job.batchNumber)
            try insert.execute()
            perBatch[item.job.runID, default: [:]][item.job.batchNumber, default: 0] += 1
        }
        for (run, batches) in perBatch {
            for (batch, count) in batches {
                try db.execute(sql: """
                    UPDATE batch_runs SET titles_generated = COALESCE(titles_generated, 0) + ? WHERE run_id = ? AND batch_number = ?
                    """, arguments: [count, run, batch])
            }
        }
    }
}

extension TitleJob {
    init(row: Row) {
        self.init(id: row["id"], clusterID: row["cluster_id"], clusterVersion: row["cluster_version"], runID: row["run_id"],
                  batchNumber: row["batch_number"], inputs: row["inputs"])
    }
}

extension SQLiteStore {
    /// How many title jobs of batches up to `batchNumber` wait.
    public func pendingTitleJobCount(projectID: Int64, upToBatch batchNumber: Int) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM title_jobs WHERE project_id = ? AND status = 'pending' AND batch_number <= ?
                """, arguments: [projectID, batchNumber]) ?? 0
        }
    }
}

extension SQLiteStore {
    /// How many title jobs a project has had in all.
    public func titleJobCount(projectID: Int64) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM title_jobs WHERE project_id = ?", arguments: [projectID]) ?? 0
        }
    }
}

extension SQLiteStore {
    /// The oldest `limit` title jobs not done yet, in id order.
    public func pendingTitleJobs(projectID: Int64, limit: Int) throws(StoreError) -> [TitleJob] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM title_jobs WHERE project_id = ? AND status = 'pending' ORDER BY id LIMIT ?
                """, arguments: [projectID, limit]).map(TitleJob.init(row:))
        }
    }
}
