import Foundation
import GRDB

/// How a project's keywords stand.
public struct KeywordCounts: Sendable, Hashable, Codable {
    public var total: Int
    public var assigned: Int
    public var absent: Int
    public var clusters: Int
    public var titled: Int

    public init(total: Int, assigned: Int, absent: Int, clusters: Int, titled: Int) {
        self.total = total
        self.assigned = assigned
        self.absent = absent
        self.clusters = clusters
        self.titled = titled
    }
}

extension SQLiteStore {
    /// The keywords a run processes, by id: those with no cluster yet, and those this run assigned.
    /// Only ids and volumes, so planning a million keywords stays small. The table is read in
    /// rowid order (NOT INDEXED): through the (project_id, text) index, SQLite would sort a
    /// million ids and look every row up at random (100k keywords: 0.17 s -> 0.03 s).
    /// - Complexity: O(keywords of the project)
    public func plannedKeywords(projectID: Int64, runID: Int64) throws(StoreError) -> [(id: Int64, volume: Int?)] {
        try read { db in
            var result: [(id: Int64, volume: Int?)] = []
            var rows = try RawStatement(db, sql: """
                SELECT k.id, k.volume FROM keywords k NOT INDEXED LEFT JOIN assignments a ON a.keyword_id = k.id
                WHERE k.project_id = ? AND (a.keyword_id IS NULL OR a.run_id = ?)
                ORDER BY k.id
                """)
            rows.bind(projectID)
            rows.bind(runID)
            while try rows.step() {
                result.append((rows.int64(0), rows.optionalInt(1)))
            }
            return result
        }
    }

    /// The smallest and largest id of the project's keywords and their number (nil without any).
    public func keywordIDSpan(projectID: Int64) throws(StoreError) -> (first: Int64, last: Int64, count: Int)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT MIN(id), MAX(id), COUNT(*) FROM keywords WHERE project_id = ?",
                                             arguments: [projectID]),
                  let first: Int64 = row[0], let last: Int64 = row[1] else { return nil }
            return (first, last, row[2])
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
                let placeholders = Array(repeating: "?", count: part.count).joined(separator: ",")
                var rows = try RawStatement(db, sql: "SELECT id, text, volume FROM keywords WHERE id IN (\(placeholders))")
                for id in part { rows.bind(id) }
                while try rows.step() {
                    let keyword = KeywordRow(id: rows.int64(0), text: rows.text(1), volume: rows.optionalInt(2))
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
            let rows = try Row.fetchCursor(db, sql: """
                SELECT keyword_id, cluster_id, similarity FROM assignments WHERE project_id = ? ORDER BY keyword_id
                """, arguments: [projectID])
            while let row = try rows.next() {
                result.append(Assignment(keywordID: row[0], clusterID: row[1], similarity: Float(row[2] as Double)))
            }
            return result
        }
    }

    /// The project's clusters, by id.
    public func clusters(projectID: Int64) throws(StoreError) -> [ClusterRow] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM clusters WHERE project_id = ? ORDER BY cluster_id", arguments: [projectID])
                .map(ClusterRow.init(row:))
        }
    }

    /// Keyword, cluster and title counts.
    public func keywordCounts(projectID: Int64) throws(StoreError) -> KeywordCounts {
        try read { db in
            // One pass over the table in rowid order: through the (project_id, text) index, reading
            // is_absent would cost a random row lookup per keyword (100k keywords: 0.11 s -> 0.01 s).
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*), COALESCE(SUM(is_absent), 0) FROM keywords NOT INDEXED WHERE project_id = ?
                """, arguments: [projectID])
            let total: Int = row?[0] ?? 0
            let absent: Int = row?[1] ?? 0
            let assigned = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assignments WHERE project_id = ?",
                                            arguments: [projectID]) ?? 0
            let clusters = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clusters WHERE project_id = ?",
                                            arguments: [projectID]) ?? 0
            let titled = try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT cluster_id) FROM generated_content WHERE project_id = ? AND content_type = 'title'
                """, arguments: [projectID]) ?? 0
            return KeywordCounts(total: total, assigned: assigned, absent: absent, clusters: clusters, titled: titled)
        }
    }

    /// The stored vectors of these keywords for `model` (little-endian Float32 blobs), by keyword id.
    public func vectors(keywordIDs: [Int64], model: String) throws(StoreError) -> [Int64: [Float]] {
        try read { db in
            var result: [Int64: [Float]] = [:]
            for chunk in stride(from: 0, to: keywordIDs.count, by: 10_000) {
                let part = Array(keywordIDs[chunk..<min(chunk + 10_000, keywordIDs.count)])
                let placeholders = Array(repeating: "?", count: part.count).joined(separator: ",")
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT keyword_id, vector FROM keyword_vectors WHERE model = ? AND keyword_id IN (\(placeholders))
                    """, arguments: StatementArguments([model] as [any DatabaseValueConvertible] + part))
                while let row = try rows.next() {
                    let data: Data = row[1]
                    result[row[0]] = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
                }
            }
            return result
        }
    }

    /// Stores vectors so they are never computed twice.
    public func saveVectors(_ vectors: [Int64: [Float]], model: String) throws(StoreError) {
        try write { db in
            let statement = try db.makeStatement(sql: "INSERT OR REPLACE INTO keyword_vectors (keyword_id, model, vector) VALUES (?, ?, ?)")
            for id in vectors.keys.sorted() {
                let data = vectors[id]!.withUnsafeBufferPointer { Data(buffer: $0) }
                try statement.execute(arguments: [id, model, data])
            }
        }
    }
}

extension ClusterRow {
    init(row: Row) {
        self.init(clusterID: row["cluster_id"], createdRunID: row["created_run_id"], createdBatch: row["created_batch"],
                  keywordCount: row["keyword_count"], totalVolume: row["total_volume"], primaryKeywordID: row["primary_keyword_id"],
                  primaryVolume: row["primary_volume"], primarySimilarity: Float(row["primary_similarity"] as Double),
                  label: row["label"], intent: row["intent"], intentVotes: Self.parseVotes(row["intent_votes"]),
                  version: row["version"], updatedRunID: row["updated_run_id"], updatedBatch: row["updated_batch"])
    }

    private static func parseVotes(_ text: String) -> [Double] {
        text.dropFirst().dropLast().split(separator: ",").compactMap { Double($0) }
    }
}

/// A member of a cluster, as titles need it.
public struct ClusterMember: Sendable, Hashable {
    public var keywordID: Int64
    public var text: String
    public var volume: Int?
    public var similarity: Float

    public init(keywordID: Int64, text: String, volume: Int?, similarity: Float) {
        self.keywordID = keywordID
        self.text = text
        self.volume = volume
        self.similarity = similarity
    }
}

extension SQLiteStore {
    /// The `limit` highest-volume members of each cluster (ties: closest to the centre, then
    /// import order), by cluster id, read in one transaction.
    /// - Complexity: O(members of the clusters) with the cluster index
    public func topKeywords(projectID: Int64, clusterIDs: [Int], limit: Int) throws(StoreError) -> [Int: [ClusterMember]] {
        try read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT k.id, k.text, k.volume, a.similarity FROM assignments a JOIN keywords k ON k.id = a.keyword_id
                WHERE a.project_id = ? AND a.cluster_id = ?
                ORDER BY k.volume IS NULL, k.volume DESC, a.similarity DESC, k.id LIMIT ?
                """)
            var result: [Int: [ClusterMember]] = [:]
            for clusterID in clusterIDs {
                result[clusterID] = try Row.fetchAll(statement, arguments: [projectID, clusterID, limit]).map {
                    ClusterMember(keywordID: $0[0], text: $0[1], volume: $0[2], similarity: Float($0[3] as Double))
                }
            }
            return result
        }
    }
}

extension SQLiteStore {
    /// The run that assigned each assigned keyword, by keyword id.
    public func assignmentRuns(projectID: Int64) throws(StoreError) -> [Int64: Int64] {
        try read { db in
            var result: [Int64: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT keyword_id, run_id FROM assignments WHERE project_id = ?",
                                           arguments: [projectID])
            while let row = try rows.next() { result[row[0]] = row[1] }
            return result
        }
    }

    /// Every keyword's volume, by id (the table read in rowid order, as in ``plannedKeywords(projectID:runID:)``).
    public func keywordVolumes(projectID: Int64) throws(StoreError) -> [Int64: Int] {
        try read { db in
            var result: [Int64: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, volume FROM keywords NOT INDEXED WHERE project_id = ?",
                                           arguments: [projectID])
            while let row = try rows.next() { result[row[0]] = row[1] ?? 0 }
            return result
        }
    }
}
