extension SQLStore {
    /// Every topic's pillar and every pillar id given so far (empty for a project made before
    /// pillars, until its next run computes them).
    public func pillars(projectID: Int64) throws(StoreError) -> StoredPillars {
        try read { db in try pillars(projectID: projectID, db: db) }
    }

    func pillars(projectID: Int64, db: SQLConnection) throws -> StoredPillars {
        var stored = StoredPillars()
        try db.forEachRow("SELECT cluster_id, pillar_id, siblings FROM topic_pillars WHERE project_id = ?", projectID) { row in
            let topic = TopicPillar(clusterID: try row["cluster_id"], pillarID: try row["pillar_id"],
                                    siblings: Self.siblings(try row["siblings"]))
            stored.topics[topic.clusterID] = topic
        }
        try db.forEachRow("SELECT pillar_id FROM pillars WHERE project_id = ?", projectID) { row in
            stored.pillarIDs.insert(try row["pillar_id"])
        }
        return stored
    }

    /// Writes a batch's pillar changes (in the caller's transaction).
    func write(pillars changes: PillarChanges, projectID: Int64, runID: Int64, batchNumber: Int, db: SQLConnection) throws {
        try db.insertRows("INSERT INTO pillars (project_id, pillar_id, created_run_id, created_batch)", columns: 4,
                          count: changes.newPillars.count) { index, values in
            values += [.integer(projectID), .integer(Int64(changes.newPillars[index])), .integer(runID), .integer(Int64(batchNumber))]
        }
        try db.insertRows("INSERT INTO topic_pillars (project_id, cluster_id, pillar_id, siblings)", columns: 4,
                          count: changes.topics.count, suffix: """
            ON CONFLICT (project_id, cluster_id) DO UPDATE SET pillar_id = excluded.pillar_id, siblings = excluded.siblings
            """) { index, values in
            let topic = changes.topics[index]
            values += [.integer(projectID), .integer(Int64(topic.clusterID)), .integer(Int64(topic.pillarID)),
                       .text(Self.siblingsText(topic.siblings))]
        }
    }

    /// Replaces every pillar of the project by what `changes` (one per batch of `runID`, in
    /// order from its first) made (a rollback), in the caller's transaction.
    func replace(pillars changes: [(batchNumber: Int, changes: PillarChanges)], projectID: Int64, runID: Int64,
                 db: SQLConnection) throws {
        try db.execute("DELETE FROM topic_pillars WHERE project_id = ?", projectID)
        try db.execute("DELETE FROM pillars WHERE project_id = ?", projectID)
        for batch in changes {
            try write(pillars: batch.changes, projectID: projectID, runID: runID, batchNumber: batch.batchNumber, db: db)
        }
    }

    static func siblingsText(_ siblings: [Int]) -> String {
        "[" + siblings.map(String.init).joined(separator: ",") + "]"
    }

    static func siblings(_ text: String) -> [Int] {
        text.dropFirst().dropLast().split(separator: ",").compactMap { Int($0) }
    }
}
