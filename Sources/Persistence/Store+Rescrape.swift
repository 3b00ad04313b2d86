import Foundation
import GRDB
import Ingest

/// What a rescrape import changed.
public struct RescrapeImport: Sendable {
    public var runID: Int64
    public var newKeywords: Int
    public var updatedKeywords: Int
    public var absentKeywords: Int

    public init(runID: Int64, newKeywords: Int, updatedKeywords: Int, absentKeywords: Int) {
        self.runID = runID
        self.newKeywords = newKeywords
        self.updatedKeywords = updatedKeywords
        self.absentKeywords = absentKeywords
    }
}

extension SQLiteStore {

    /// The paths of the files a project was imported from, in first-import order.
    public func recordedSources(projectID: Int64) throws(StoreError) -> [String] {
        try read { db in
            var seen = Set<String>()
            return try String.fetchAll(db, sql: "SELECT path FROM keyword_files WHERE project_id = ? ORDER BY id",
                                       arguments: [projectID]).filter { seen.insert($0).inserted }
        }
    }

    /// Brings a new export into a project in ONE transaction: known keywords get the new metrics
    /// and sources (and are no longer absent), new keywords are added, keywords missing from the
    /// export are kept and marked absent, and a rescrape run is created with its batches planned
    /// by the caller for the new keywords.
    /// - Complexity: O(keywords of the export + keywords of the project)
    public func importRescrape(projectID: Int64, imported: KeywordImport, parameters: String, seed: Int64,
                               batchSizes: (_ newKeywords: Int) -> [Int]) throws(StoreError) -> RescrapeImport {
        try write { db in
            var known: [String: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, text FROM keywords WHERE project_id = ?", arguments: [projectID])
            while let row = try rows.next() { known[row[1]] = row[0] }
            try insertFiles(imported.files, projectID: projectID, db: db)
            let newKeywords = imported.keywords.filter { known[$0.text] == nil }
            let run = NewRun(kind: .rescrape, parameters: parameters, seed: seed, batchSizes: batchSizes(newKeywords.count))
            let runID = try insertRun(run, projectID: projectID, totalKeywords: newKeywords.count, db: db)
            let update = try db.makeStatement(sql: """
                UPDATE keywords SET volume = ?, cpc = ?, difficulty = ?, clicks = ?, impressions = ?, ctr = ?, position = ?,
                       competition = ?, intent = ?, url = ?, parent_keyword = ?, sources = ?, is_absent = 0, last_run_id = ?
                WHERE id = ?
                """)
            var updated = 0
            for keyword in imported.keywords {
                guard let id = known[keyword.text] else { continue }
                let m = keyword.metrics
                try update.execute(arguments: [m.volume, m.cpc, m.difficulty, m.clicks, m.impressions, m.ctr, m.position,
                                               m.competition, m.intent, m.url, m.parentKeyword, JSONText.array(keyword.sources),
                                               runID, id])
                updated += 1
            }
            try insertKeywords(newKeywords, order: Array(newKeywords.indices), projectID: projectID, runID: runID, db: db)
            try db.execute(sql: """
                UPDATE keywords SET is_absent = 1 WHERE project_id = ? AND (last_run_id IS NULL OR last_run_id != ?)
                """, arguments: [projectID, runID])
            let absent = db.changesCount
            return RescrapeImport(runID: runID, newKeywords: newKeywords.count, updatedKeywords: updated, absentKeywords: absent)
        }
    }

    /// Writes the start of a rescrape run in ONE transaction: the cluster rows recomputed with
    /// the new metrics, title jobs for clusters whose primary keyword or intent changed, and the
    /// checkpoint (batch 0) holding the model the run starts from.
    public func commitRescrapeStart(_ commit: BatchCommit, projectID: Int64) throws(StoreError) {
        try write { db in
            try upsert(clusters: commit.changedClusters, projectID: projectID, db: db)
            try insertTitleJobs(commit.titleJobs, projectID: projectID, db: db)
            try insertCheckpoint(commit.checkpoint, db: db)
        }
    }

    /// Records how many clusters a run created, changed and left alone.
    public func recordClusterChanges(runID: Int64, projectID: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE processing_runs SET
                  new_clusters = (SELECT COUNT(*) FROM clusters WHERE project_id = ? AND created_run_id = ?),
                  changed_clusters = (SELECT COUNT(*) FROM clusters WHERE project_id = ? AND created_run_id != ? AND updated_run_id = ?),
                  unchanged_clusters = (SELECT COUNT(*) FROM clusters WHERE project_id = ? AND updated_run_id != ?)
                WHERE id = ?
                """, arguments: [projectID, runID, projectID, runID, runID, projectID, runID, runID])
        }
    }
}
