import Ingest
import Persistence
import PostgresNIO

extension PostgresStore {
    public func recordedSources(projectID: Int64) throws(StoreError) -> [String] {
        try read { db in
            var seen = Set<String>()
            return try db.rows("SELECT path FROM keyword_files WHERE project_id = $1 ORDER BY id", binds(projectID))
                .map { try $0.decode(String.self) }.filter { seen.insert($0).inserted }
        }
    }

    public func importRescrape(projectID: Int64, imported: KeywordImport, parameters: String, seed: Int64,
                               batchSizes: (_ newKeywords: Int) -> [Int]) throws(StoreError) -> RescrapeImport {
        try write { db in
            var known: [String: Int64] = [:]
            try db.forEachRow("SELECT id, text FROM keywords WHERE project_id = \(projectID)", chunk: 50_000) { row in
                let (id, text) = try row.decode((Int64, String).self)
                known[text] = id
            }
            try insertFiles(imported.files, projectID: projectID, db: db)
            let newKeywords = imported.keywords.filter { known[$0.text] == nil }
            let run = NewRun(kind: .rescrape, parameters: parameters, seed: seed, batchSizes: batchSizes(newKeywords.count))
            let runID = try insertRun(run, projectID: projectID, totalKeywords: newKeywords.count, db: db)
            let updates = imported.keywords.compactMap { keyword in known[keyword.text].map { (id: $0, keyword: keyword) } }
            try db.insertRows("""
                UPDATE keywords AS k SET volume = v.volume::BIGINT, cpc = v.cpc::DOUBLE PRECISION,
                       difficulty = v.difficulty::DOUBLE PRECISION, clicks = v.clicks::BIGINT, impressions = v.impressions::BIGINT,
                       ctr = v.ctr::DOUBLE PRECISION, position = v.position::DOUBLE PRECISION,
                       competition = v.competition::DOUBLE PRECISION, intent = v.intent::TEXT, url = v.url::TEXT,
                       parent_keyword = v.parent_keyword::TEXT, sources = v.sources, is_absent = 0,
                       last_run_id = \(runID)
                FROM (
                """, columns: 13, count: updates.count, suffix: """
                ) AS v(id, volume, cpc, difficulty, clicks, impressions, ctr, position, competition, intent, url, parent_keyword, sources)
                WHERE k.id = v.id
                """) { index, b in
                let (id, keyword) = updates[index]
                let m = keyword.metrics
                b.append(id)
                b.add(m.volume.map(Int64.init))
                b.add(m.cpc)
                b.add(m.difficulty)
                b.add(m.clicks.map(Int64.init))
                b.add(m.impressions.map(Int64.init))
                b.add(m.ctr)
                b.add(m.position)
                b.add(m.competition)
                b.add(m.intent)
                b.add(m.url)
                b.add(m.parentKeyword)
                b.append(JSONText.array(keyword.sources))
            }
            try insertKeywords(newKeywords, order: Array(newKeywords.indices), projectID: projectID, runID: runID, db: db)
            let absent = try db.run("""
                UPDATE keywords SET is_absent = 1 WHERE project_id = $1 AND (last_run_id IS NULL OR last_run_id <> $2)
                """, binds(projectID, runID))
            return RescrapeImport(runID: runID, newKeywords: newKeywords.count, updatedKeywords: updates.count, absentKeywords: absent)
        }
    }

    public func commitRescrapeStart(_ commit: BatchCommit, projectID: Int64) throws(StoreError) {
        try write { db in
            try upsert(clusters: commit.changedClusters, projectID: projectID, db: db)
            try insertTitleJobs(commit.titleJobs, projectID: projectID, db: db)
            try insertCheckpoint(commit.checkpoint, db: db)
        }
    }

    public func recordClusterChanges(runID: Int64, projectID: Int64) throws(StoreError) {
        try write { db in
            try db.run("""
                UPDATE processing_runs SET
                  new_clusters = (SELECT COUNT(*) FROM clusters WHERE project_id = $1 AND created_run_id = $2),
                  changed_clusters = (SELECT COUNT(*) FROM clusters WHERE project_id = $1 AND created_run_id <> $2 AND updated_run_id = $2),
                  unchanged_clusters = (SELECT COUNT(*) FROM clusters WHERE project_id = $1 AND updated_run_id <> $2)
                WHERE id = $2
                """, binds(projectID, runID))
        }
    }

    public func rollback(runID: Int64, projectID: Int64, toBatch batchNumber: Int, assignments: [Assignment],
                         clusters: [ClusterRow]) throws(StoreError) {
        try write { db in
            let arguments = binds(runID, batchNumber)
            try db.run("DELETE FROM assignments WHERE run_id = $1 AND batch_number > $2", arguments)
            try db.insertRows("UPDATE assignments AS a SET cluster_id = v.cluster_id, similarity = v.similarity FROM (",
                              columns: 3, count: assignments.count,
                              suffix: ") AS v(keyword_id, cluster_id, similarity) WHERE a.keyword_id = v.keyword_id") { index, b in
                b.append(assignments[index].keywordID)
                b.append(Int64(assignments[index].clusterID))
                b.append(Double(assignments[index].similarity))
            }
            try db.run("DELETE FROM batch_checkpoints WHERE run_id = $1 AND batch_number > $2", arguments)
            try db.run("DELETE FROM batch_logs WHERE run_id = $1 AND batch_number > $2", arguments)
            try db.run("DELETE FROM generated_content WHERE run_id = $1 AND batch_number > $2", arguments)
            try db.run("DELETE FROM title_jobs WHERE run_id = $1 AND batch_number > $2", arguments)
            try db.run("""
                UPDATE batch_runs SET status = 'pending', keywords_processed = 0, clusters_generated = 0, titles_generated = 0,
                       started_at = NULL, completed_at = NULL, error_message = NULL, processing_time_ms = NULL
                WHERE run_id = $1 AND batch_number > $2
                """, arguments)
            try db.run("""
                UPDATE processing_runs SET status = 'pending', completed_at = NULL, refinement_iterations = NULL, error_message = NULL
                WHERE id = $1
                """, binds(runID))
            try db.run("DELETE FROM clusters WHERE project_id = $1", binds(projectID))
            try upsert(clusters: clusters, projectID: projectID, db: db)
        }
    }
}
