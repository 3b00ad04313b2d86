import Clustering
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
        /// The keyword with the words its project's files capitalise spelled their way ("va
        /// disability" → "VA disability"); nil when it holds none.
        public var written: String?
    }

    public var summary: ClusterSummary
    public var keywords: [Keyword]

    init(row: ClusterRow, primaryKeyword: String, keywords: [ClusterKeyword], spellings: [String: String] = [:]) {
        self.init(summary: ClusterSummary(primaryKeyword: primaryKeyword, label: row.label,
                                          intent: SearchIntent(rawValue: row.intent) ?? .informational,
                                          totalVolume: row.totalVolume, primaryVolume: row.primaryVolume,
                                          keywordCount: row.keywordCount),
                  keywords: keywords, spellings: spellings)
    }

    /// The inputs of a cluster summarised as `summary` whose members include `keywords`: the
    /// `keywordLimit` keywords of highest volume (then similarity, then text), each text once.
    /// `spellings` (by lower-case word, see `Store.writtenSpellings`) spell the kept keywords' words.
    init(summary: ClusterSummary, keywords: [ClusterKeyword], spellings: [String: String] = [:]) {
        self.summary = summary
        var seen = Set<String>()
        let ranked = keywords.sorted { a, b in
            let va = a.volume ?? -1, vb = b.volume ?? -1
            if va != vb { return va > vb }
            if a.similarity != b.similarity { return a.similarity > b.similarity }
            return a.text < b.text
        }
        self.keywords = ranked.filter { seen.insert($0.text).inserted }.prefix(Self.keywordLimit)
            .map { Keyword(text: $0.text, volume: $0.volume, similarity: $0.similarity,
                           written: Self.written($0.text, spellings: spellings)) }
    }

    /// `text` with each word `spellings` holds spelled its way, or nil when it holds none.
    static func written(_ text: String, spellings: [String: String]) -> String? {
        guard !spellings.isEmpty else { return nil }
        var changed = false
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map { word -> Substring in
            guard let spelling = spellings[String(word)] else { return word }
            changed = true
            return Substring(spelling)
        }
        return changed ? words.joined(separator: " ") : nil
    }

    public var clusterKeywords: [ClusterKeyword] {
        keywords.map { ClusterKeyword(text: $0.text, volume: $0.volume, similarity: $0.similarity, asWritten: $0.written) }
    }

    /// The topic's page type and place, from the inputs its title is made from.
    public var plan: TopicPlan { TopicPlan(summary: summary, keywords: clusterKeywords) }

    /// The inputs as JSON with sorted keys, written directly (a title job is stored per
    /// cluster, 4,323 for the first batch of 100k keywords; `JSONEncoder` took 20 µs for each).
    /// `decode` reads it back exactly: similarities (cosines, always finite) are written in
    /// Swift's shortest round-trip form.
    func json() -> String {
        var out = "{\"keywords\":["
        for (index, keyword) in keywords.enumerated() {
            if index > 0 { out += "," }
            out += "{\"similarity\":\(keyword.similarity),\"text\":"
            out += JSONText.quoted(keyword.text)
            if let volume = keyword.volume { out += ",\"volume\":\(volume)" }
            if let written = keyword.written { out += ",\"written\":" + JSONText.quoted(written) }
            out += "}"
        }
        out += "],\"summary\":{\"intent\":"
        out += JSONText.quoted(summary.intent.rawValue)
        out += ",\"keywordCount\":\(summary.keywordCount),\"label\":"
        out += JSONText.quoted(summary.label)
        out += ",\"primaryKeyword\":"
        out += JSONText.quoted(summary.primaryKeyword)
        if let volume = summary.primaryVolume { out += ",\"primaryVolume\":\(volume)" }
        out += ",\"totalVolume\":\(summary.totalVolume)}}"
        return out
    }

    /// `json()` of each of `all`, encoded on all cores.
    static func json(_ all: [TitleInputs]) -> [String] {
        mapChunks(count: all.count, chunkSize: 256) { range in range.map { all[$0].json() } }.flatMap { $0 }
    }

    public static func decode(_ json: String) throws -> TitleInputs {
        try JSONDecoder().decode(TitleInputs.self, from: Data(json.utf8))
    }
}
