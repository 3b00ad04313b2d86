extension SQLStore {
    /// The keywords a run processes, by id: those with no cluster yet, and those this run assigned.
    /// Only ids and volumes, so planning a million keywords stays small. On SQLite the table is
    /// read in rowid order (NOT INDEXED): through the (project_id, text) index, SQLite would sort
    /// a million ids and look every row up at random (100k keywords: 0.17 s -> 0.03 s).
    /// - Complexity: O(keywords of the project)
    public func plannedKeywords(projectID: Int64, runID: Int64) throws(StoreError) -> [(id: Int64, volume: Int?)] {
        try read { db in
            var result: [(id: Int64, volume: Int?)] = []
            try db.stream("""
                SELECT k.id, k.volume FROM keywords k \(db.dialect.notIndexed) LEFT JOIN assignments a ON a.keyword_id = k.id
                WHERE k.project_id = ? AND (a.keyword_id IS NULL OR a.run_id = ?)
                ORDER BY k.id
                """, projectID, runID) { row in
                result.append((try row["id"], try row["volume"]))
            }
            return result
        }
    }

    /// The smallest and largest id of the project's keywords and their number (nil without any).
    public func keywordIDSpan(projectID: Int64) throws(StoreError) -> (first: Int64, last: Int64, count: Int)? {
        try read { db in
            try db.row("SELECT MIN(id) AS first_id, MAX(id) AS last_id, COUNT(*) AS total FROM keywords WHERE project_id = ?",
                       projectID) { row -> (first: Int64, last: Int64, count: Int)? in
                guard let first: Int64 = try row["first_id"], let last: Int64 = try row["last_id"] else { return nil }
                return (first, last, try row["total"])
            } ?? nil
        }
    }

    /// The keywords with these ids, in the order given.
    /// - Complexity: O(ids)
    public func keywords(ids: [Int64]) throws(StoreError) -> [KeywordRow] {
        try read { db in
            var byID: [Int64: KeywordRow] = [:]
            byID.reserveCapacity(ids.count)
            for chunk in stride(from: 0, to: ids.count, by: 10_000) {
                let part = ids[chunk..<min(chunk + 10_000, ids.count)]
                try db.forEachRow("SELECT id, text, volume FROM keywords WHERE id IN (\(db.placeholders(part.count)))",
                                  part.map(SQLValue.integer)) { row in
                    let keyword = KeywordRow(id: try row["id"], text: try row["text"], volume: try row["volume"])
                    byID[keyword.id] = keyword
                }
            }
            return ids.compactMap { byID[$0] }
        }
    }

    /// Every assigned keyword of the project with its cluster, by keyword id.
    /// - Complexity: O(assigned keywords)
    public func assignments(projectID: Int64) throws(StoreError) -> [Assignment] {
        try read { db in
            var result: [Assignment] = []
            try db.stream("SELECT keyword_id, cluster_id, similarity FROM assignments WHERE project_id = ? ORDER BY keyword_id",
                          projectID) { row in
                result.append(Assignment(keywordID: try row["keyword_id"], clusterID: try row["cluster_id"],
                                         similarity: try row["similarity"]))
            }
            return result
        }
    }

    /// The project's clusters, by id.
    public func clusters(projectID: Int64) throws(StoreError) -> [ClusterRow] {
        try read { db in
            var result: [ClusterRow] = []
            try db.stream("SELECT * FROM clusters WHERE project_id = ? ORDER BY cluster_id", projectID) { row in
                result.append(try ClusterRow(row: row))
            }
            return result
        }
    }

    /// Keyword, cluster and title counts.
    public func keywordCounts(projectID: Int64) throws(StoreError) -> KeywordCounts {
        try read { db in
            // One pass over the table in rowid order on SQLite: through the (project_id, text)
            // index, reading is_absent would cost a random row lookup per keyword (100k: 0.11 s -> 0.01 s).
            try db.row("""
                SELECT (SELECT COUNT(*) FROM keywords \(db.dialect.notIndexed) WHERE project_id = ?) AS total,
                       (SELECT COALESCE(SUM(is_absent), 0) FROM keywords \(db.dialect.notIndexed) WHERE project_id = ?) AS absent,
                       (SELECT COUNT(*) FROM assignments WHERE project_id = ?) AS assigned,
                       (SELECT COUNT(*) FROM clusters WHERE project_id = ?) AS clusters,
                       (SELECT COUNT(DISTINCT cluster_id) FROM generated_content WHERE project_id = ? AND content_type = 'title') AS titled
                """, projectID, projectID, projectID, projectID, projectID) { row in
                KeywordCounts(total: try row["total"], assigned: try row["assigned"], absent: try row["absent"],
                              clusters: try row["clusters"], titled: try row["titled"])
            }!
        }
    }

    /// The stored vectors of these keywords for `model`, as floats (``StoredVector/floats``), by keyword id.
    public func vectors(keywordIDs: [Int64], model: String) throws(StoreError) -> [Int64: [Float]] {
        try storedVectors(keywordIDs: keywordIDs, model: model).mapValues(\.floats)
    }

    /// The stored vectors of these keywords for `model`, as stored, by keyword id.
    public func storedVectors(keywordIDs: [Int64], model: String) throws(StoreError) -> [Int64: StoredVector] {
        try read { db in
            var result: [Int64: StoredVector] = [:]
            for chunk in stride(from: 0, to: keywordIDs.count, by: 10_000) {
                let part = keywordIDs[chunk..<min(chunk + 10_000, keywordIDs.count)]
                try db.forEachRow("SELECT keyword_id, encoding, vector FROM keyword_vectors WHERE model = ? AND keyword_id IN (\(db.placeholders(part.count)))",
                                  [.text(model)] + part.map(SQLValue.integer)) { row in
                    let id: Int64 = try row["keyword_id"]
                    let name: String = try row["encoding"]
                    guard let encoding = StoredVector.Encoding(rawValue: name) else {
                        throw StoreError("the stored vector of keyword \(id) has the unknown encoding '\(name)'",
                                         hint: "a newer kwcluster wrote it; use that version")
                    }
                    result[id] = try StoredVector(encoding: encoding, bytes: try row["vector"])
                }
            }
            return result
        }
    }

    /// Stores vectors as float32 so they are never computed twice.
    public func saveVectors(_ vectors: [Int64: [Float]], model: String) throws(StoreError) {
        try saveVectors(vectors.mapValues(StoredVector.float32), model: model)
    }

    /// Stores vectors, each in its encoding, so they are never computed twice.
    public func saveVectors(_ vectors: [Int64: StoredVector], model: String) throws(StoreError) {
        try write { db in
            let ids = vectors.keys.sorted()
            try db.insertRows("INSERT INTO keyword_vectors (keyword_id, model, encoding, vector)", columns: 4, count: ids.count,
                              suffix: "ON CONFLICT (keyword_id, model) DO UPDATE SET encoding = excluded.encoding, vector = excluded.vector") { index, values in
                let vector = vectors[ids[index]]!
                values += [.integer(ids[index]), .text(model), .text(vector.encoding.rawValue), .blob(vector.bytes)]
            }
        }
    }

    /// The `limit` highest-volume members of each cluster (ties: closest to the centre, then
    /// import order), by cluster id, read in one query.
    /// - Complexity: O(members of the clusters) with the cluster index
    public func topKeywords(projectID: Int64, clusterIDs: [Int], limit: Int) throws(StoreError) -> [Int: [ClusterMember]] {
        try read { db in
            var result: [Int: [ClusterMember]] = [:]
            for clusterID in clusterIDs { result[clusterID] = [] }
            for chunk in stride(from: 0, to: clusterIDs.count, by: 10_000) {
                let part = clusterIDs[chunk..<min(chunk + 10_000, clusterIDs.count)]
                try db.forEachRow("""
                    SELECT cluster_id, id, text, volume, similarity FROM (
                      SELECT a.cluster_id, k.id, k.text, k.volume, a.similarity,
                             ROW_NUMBER() OVER (PARTITION BY a.cluster_id
                                                ORDER BY k.volume IS NULL, k.volume DESC, a.similarity DESC, k.id) AS rank
                      FROM assignments a JOIN keywords k ON k.id = a.keyword_id
                      WHERE a.project_id = ? AND a.cluster_id IN (\(db.placeholders(part.count)))) ranked
                    WHERE rank <= ? ORDER BY cluster_id, rank
                    """, [.integer(projectID)] + part.map { .integer(Int64($0)) } + [.integer(Int64(limit))]) { row in
                    result[try row["cluster_id"], default: []].append(
                        ClusterMember(keywordID: try row["id"], text: try row["text"], volume: try row["volume"],
                                      similarity: try row["similarity"]))
                }
            }
            return result
        }
    }

    /// The run that assigned each assigned keyword, by keyword id.
    public func assignmentRuns(projectID: Int64) throws(StoreError) -> [Int64: Int64] {
        try read { db in
            var result: [Int64: Int64] = [:]
            try db.stream("SELECT keyword_id, run_id FROM assignments WHERE project_id = ?", projectID) { row in
                result[try row["keyword_id"]] = try row["run_id"]
            }
            return result
        }
    }

    /// Every keyword's volume, by id (the table read in rowid order on SQLite, as in ``plannedKeywords(projectID:runID:)``).
    public func keywordVolumes(projectID: Int64) throws(StoreError) -> [Int64: Int] {
        try read { db in
            var result: [Int64: Int] = [:]
            try db.stream("SELECT id, volume FROM keywords \(db.dialect.notIndexed) WHERE project_id = ?", projectID) { row in
                result[try row["id"]] = try row["volume"] as Int? ?? 0
            }
            return result
        }
    }
}
