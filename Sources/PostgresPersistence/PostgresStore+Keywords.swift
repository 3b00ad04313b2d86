import Foundation
import Persistence
import PostgresNIO

extension PostgresStore {
    public func plannedKeywords(projectID: Int64, runID: Int64) throws(StoreError) -> [(id: Int64, volume: Int?)] {
        try read { db in
            var result: [(id: Int64, volume: Int?)] = []
            try db.forEachRow("""
                SELECT k.id, k.volume FROM keywords k LEFT JOIN assignments a ON a.keyword_id = k.id
                WHERE k.project_id = \(projectID) AND (a.keyword_id IS NULL OR a.run_id = \(runID))
                ORDER BY k.id
                """, chunk: 50_000) { row in
                let (id, volume) = try row.decode((Int64, Int?).self)
                result.append((id, volume))
            }
            return result
        }
    }

    public func keywordIDSpan(projectID: Int64) throws(StoreError) -> (first: Int64, last: Int64, count: Int)? {
        try read { db in
            guard let row = try db.row("SELECT MIN(id), MAX(id), COUNT(*) FROM keywords WHERE project_id = $1", binds(projectID))
            else { return nil }
            let (first, last, count) = try row.decode((Int64?, Int64?, Int).self)
            guard let first, let last else { return nil }
            return (first, last, count)
        }
    }

    public func keywords(ids: [Int64]) throws(StoreError) -> [KeywordRow] {
        try read { db in
            var byID: [Int64: KeywordRow] = [:]
            byID.reserveCapacity(ids.count)
            for chunk in stride(from: 0, to: ids.count, by: 50_000) {
                let part = Array(ids[chunk..<min(chunk + 50_000, ids.count)])
                for row in try db.rows("SELECT id, text, volume FROM keywords WHERE id = ANY($1)", binds(part)) {
                    let (id, text, volume) = try row.decode((Int64, String, Int?).self)
                    byID[id] = KeywordRow(id: id, text: text, volume: volume)
                }
            }
            return ids.compactMap { byID[$0] }
        }
    }

    public func assignments(projectID: Int64) throws(StoreError) -> [Assignment] {
        try read { db in
            var result: [Assignment] = []
            try db.forEachRow("""
                SELECT keyword_id, cluster_id, similarity FROM assignments WHERE project_id = \(projectID) ORDER BY keyword_id
                """, chunk: 50_000) { row in
                let (keyword, cluster, similarity) = try row.decode((Int64, Int, Double).self)
                result.append(Assignment(keywordID: keyword, clusterID: cluster, similarity: Float(similarity)))
            }
            return result
        }
    }

    static let clusterColumns = """
        cluster_id, created_run_id, created_batch, keyword_count, total_volume, primary_keyword_id, primary_volume,
        primary_similarity, label, intent, intent_votes, version, updated_run_id, updated_batch
        """

    public func clusters(projectID: Int64) throws(StoreError) -> [ClusterRow] {
        try read { db in
            try db.rows("SELECT \(Self.clusterColumns) FROM clusters WHERE project_id = $1 ORDER BY cluster_id", binds(projectID))
                .map(Self.cluster)
        }
    }

    static func cluster(_ row: PostgresRow) throws -> ClusterRow {
        var c = Columns(row)
        return ClusterRow(clusterID: try c.next(), createdRunID: try c.next(), createdBatch: try c.next(), keywordCount: try c.next(),
                          totalVolume: try c.next(), primaryKeywordID: try c.next(), primaryVolume: try c.next(),
                          primarySimilarity: Float(try c.next(Double.self)), label: try c.next(), intent: try c.next(),
                          intentVotes: parseVotes(try c.next()), version: try c.next(), updatedRunID: try c.next(),
                          updatedBatch: try c.next())
    }

    private static func parseVotes(_ text: String) -> [Double] {
        text.dropFirst().dropLast().split(separator: ",").compactMap { Double($0) }
    }

    public func keywordCounts(projectID: Int64) throws(StoreError) -> KeywordCounts {
        try read { db in
            let row = try db.row("""
                SELECT (SELECT COUNT(*) FROM keywords WHERE project_id = $1),
                       (SELECT COUNT(*) FROM keywords WHERE project_id = $1 AND is_absent = 1),
                       (SELECT COUNT(*) FROM assignments WHERE project_id = $1),
                       (SELECT COUNT(*) FROM clusters WHERE project_id = $1),
                       (SELECT COUNT(DISTINCT cluster_id) FROM generated_content WHERE project_id = $1 AND content_type = 'title')
                """, binds(projectID))!
            var c = Columns(row)
            let total: Int = try c.next()
            let absent: Int = try c.next()
            return KeywordCounts(total: total, assigned: try c.next(), absent: absent, clusters: try c.next(), titled: try c.next())
        }
    }

    public func vectors(keywordIDs: [Int64], model: String) throws(StoreError) -> [Int64: [Float]] {
        try read { db in
            var result: [Int64: [Float]] = [:]
            for chunk in stride(from: 0, to: keywordIDs.count, by: 10_000) {
                let part = Array(keywordIDs[chunk..<min(chunk + 10_000, keywordIDs.count)])
                for row in try db.rows("SELECT keyword_id, vector FROM keyword_vectors WHERE model = $1 AND keyword_id = ANY($2)",
                                       binds(model, part)) {
                    let (id, buffer) = try row.decode((Int64, ByteBuffer).self)
                    result[id] = Self.floats(Array(buffer.readableBytesView))
                }
            }
            return result
        }
    }

    /// Little-endian Float32 bytes as floats (an array's storage is aligned for Float).
    private static func floats(_ bytes: [UInt8]) -> [Float] {
        bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    public func saveVectors(_ vectors: [Int64: [Float]], model: String) throws(StoreError) {
        try write { db in
            let ids = vectors.keys.sorted()
            try db.insertRows("INSERT INTO keyword_vectors (keyword_id, model, vector)", columns: 3, count: ids.count,
                              suffix: "ON CONFLICT (keyword_id, model) DO UPDATE SET vector = excluded.vector") { index, b in
                b.append(ids[index])
                b.append(model)
                b.append(vectors[ids[index]]!.withUnsafeBytes { ByteBuffer(bytes: $0) })
            }
        }
    }

    public func topKeywords(projectID: Int64, clusterIDs: [Int], limit: Int) throws(StoreError) -> [Int: [ClusterMember]] {
        try read { db in
            var result: [Int: [ClusterMember]] = [:]
            for clusterID in clusterIDs { result[clusterID] = [] }
            guard !clusterIDs.isEmpty else { return result }
            // One query for all clusters: each cluster's members ranked as SQLite's per-cluster query orders them.
            for row in try db.rows("""
                SELECT cluster_id, id, text, volume, similarity FROM (
                  SELECT a.cluster_id, k.id, k.text, k.volume, a.similarity,
                         ROW_NUMBER() OVER (PARTITION BY a.cluster_id
                                            ORDER BY k.volume IS NULL, k.volume DESC, a.similarity DESC, k.id) AS rank
                  FROM assignments a JOIN keywords k ON k.id = a.keyword_id
                  WHERE a.project_id = $1 AND a.cluster_id = ANY($2)) ranked
                WHERE rank <= $3 ORDER BY cluster_id, rank
                """, binds(projectID, clusterIDs.map(Int64.init), limit)) {
                let (cluster, id, text, volume, similarity) = try row.decode((Int, Int64, String, Int?, Double).self)
                result[cluster, default: []].append(ClusterMember(keywordID: id, text: text, volume: volume, similarity: Float(similarity)))
            }
            return result
        }
    }

    public func assignmentRuns(projectID: Int64) throws(StoreError) -> [Int64: Int64] {
        try read { db in
            var result: [Int64: Int64] = [:]
            try db.forEachRow("SELECT keyword_id, run_id FROM assignments WHERE project_id = \(projectID)", chunk: 50_000) { row in
                let (keyword, run) = try row.decode((Int64, Int64).self)
                result[keyword] = run
            }
            return result
        }
    }

    public func keywordVolumes(projectID: Int64) throws(StoreError) -> [Int64: Int] {
        try read { db in
            var result: [Int64: Int] = [:]
            try db.forEachRow("SELECT id, volume FROM keywords WHERE project_id = \(projectID)", chunk: 50_000) { row in
                let (id, volume) = try row.decode((Int64, Int?).self)
                result[id] = volume ?? 0
            }
            return result
        }
    }
}
