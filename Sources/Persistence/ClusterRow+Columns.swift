/// How a `ClusterRow` is stored: its columns of `clusters` (after `project_id`), the values
/// written to them in that order, and the row read back by name. A new column of a topic is
/// added here (and by a migration, and as a property of `ClusterRow`): both stores write and
/// read it from these three lists.
extension ClusterRow {
    static let columns = [
        "cluster_id", "created_run_id", "created_batch", "keyword_count", "total_volume", "primary_keyword_id",
        "primary_volume", "primary_similarity", "label", "intent", "intent_votes", "version", "updated_run_id", "updated_batch",
    ]

    /// The values of `columns`, in order.
    var values: [SQLValue] {
        [.integer(Int64(clusterID)), .integer(createdRunID), .integer(Int64(createdBatch)), .integer(Int64(keywordCount)),
         .integer(Int64(totalVolume)), .integer(primaryKeywordID), primaryVolume.sqlValue, .real(Double(primarySimilarity)),
         .text(label), .text(intent), .text("[" + intentVotes.map { String($0) }.joined(separator: ",") + "]"),
         .integer(Int64(version)), .integer(updatedRunID), .integer(Int64(updatedBatch))]
    }

    init(row: SQLRow) throws {
        self.init(clusterID: try row["cluster_id"], createdRunID: try row["created_run_id"], createdBatch: try row["created_batch"],
                  keywordCount: try row["keyword_count"], totalVolume: try row["total_volume"],
                  primaryKeywordID: try row["primary_keyword_id"], primaryVolume: try row["primary_volume"],
                  primarySimilarity: try row["primary_similarity"], label: try row["label"], intent: try row["intent"],
                  intentVotes: Self.parseVotes(try row["intent_votes"]), version: try row["version"],
                  updatedRunID: try row["updated_run_id"], updatedBatch: try row["updated_batch"])
    }

    private static func parseVotes(_ text: String) -> [Double] {
        text.dropFirst().dropLast().split(separator: ",").compactMap { Double($0) }
    }
}
