import Content
import Foundation
import Persistence
import Testing
@testable import Pipeline

/// Title inputs are stored as JSON written by hand; they must read back exactly.
@Suite struct TitleInputsTests {
    static func inputs(texts: [String], volumes: [Int?], similarities: [Float], primaryVolume: Int?) -> TitleInputs {
        let row = ClusterRow(clusterID: 7, createdRunID: 1, createdBatch: 1, keywordCount: texts.count, totalVolume: 1234,
                             primaryKeywordID: 1, primaryVolume: primaryVolume, primarySimilarity: 0.9, label: texts[0],
                             intent: SearchIntent.local.rawValue, intentVotes: [0, 0, 0, 0, 1], version: 3, updatedRunID: 1,
                             updatedBatch: 1)
        let keywords = zip(texts, zip(volumes, similarities)).map {
            ClusterKeyword(text: $0.0, volume: $0.1.0, similarity: $0.1.1)
        }
        return TitleInputs(row: row, primaryKeyword: texts[0], keywords: keywords)
    }

    @Test func theJSONReadsBackExactly() throws {
        let awkward = ["best \"quoted\" tents", "back\\slash", "tab\there", "new\nline", "bell\u{7}char", "café crème",
                       "emoji 🌱 garden", "slash/and<tags>", "", "plain keyword"]
        let similarities: [Float] = [0.1, 1, 0, 0.87654321, 1e-7, 0.33333334, .leastNonzeroMagnitude, 0.5, 0.999999, 0.25]
        let volumes: [Int?] = [nil, 0, 10, 1_000_000, nil, 5, Int.max, 3, nil, 1]
        for primaryVolume in [nil, 42] as [Int?] {
            let value = Self.inputs(texts: awkward, volumes: volumes, similarities: similarities, primaryVolume: primaryVolume)
            let json = value.json()
            #expect(try TitleInputs.decode(json) == value, "\(json)")
            // The same value as Foundation's encoder gives, and valid JSON for any reader.
            let foundation = try JSONEncoder().encode(value)
            #expect(try JSONDecoder().decode(TitleInputs.self, from: foundation) == TitleInputs.decode(json))
            #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
        }
    }

    @Test func encodingManyOnAllCoresKeepsTheOrder() {
        let all = (0 ..< 1_000).map {
            Self.inputs(texts: ["keyword \($0)"], volumes: [$0], similarities: [Float($0) / 1_000], primaryVolume: $0)
        }
        #expect(TitleInputs.json(all) == all.map { $0.json() })
    }
}
