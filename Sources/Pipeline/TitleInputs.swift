import Content
import Foundation
import Persistence

/// The inputs of one title, stored in its job so the title depends only on the cluster as
/// it was at that version, never on when the job runs.
public struct TitleInputs: Codable, Equatable, Sendable {
    static let keywordLimit = 12

    public struct Keyword: Codable, Equatable, Sendable {
        public var text: String
        public var volume: Int?
        public var similarity: Float
    }

    public var summary: ClusterSummary
    public var keywords: [Keyword]

    init(row: ClusterRow, primaryKeyword: String, keywords: [ClusterKeyword]) {
        summary = ClusterSummary(primaryKeyword: primaryKeyword, label: row.label,
                                 intent: SearchIntent(rawValue: row.intent) ?? .informational, totalVolume: row.totalVolume,
                                 primaryVolume: row.primaryVolume, keywordCount: row.keywordCount)
        var seen = Set<String>()
        let ranked = keywords.sorted { a, b in
            let va = a.volume ?? -1, vb = b.volume ?? -1
            if va != vb { return va > vb }
            if a.similarity != b.similarity { return a.similarity > b.similarity }
            return a.text < b.text
        }
        self.keywords = ranked.filter { seen.insert($0.text).inserted }.prefix(Self.keywordLimit)
            .map { Keyword(text: $0.text, volume: $0.volume, similarity: $0.similarity) }
    }

    public var clusterKeywords: [ClusterKeyword] {
        keywords.map { ClusterKeyword(text: $0.text, volume: $0.volume, similarity: $0.similarity) }
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ json: String) throws -> TitleInputs {
        try JSONDecoder().decode(TitleInputs.self, from: Data(json.utf8))
    }
}
