import Foundation
import Testing
@testable import Ingest

/// `KeywordMetrics` stores its optionals compactly (sentinels, the texts out of line); it must
/// read, compare, hash and encode as eleven plain optionals would.
@Suite("KeywordMetrics")
struct KeywordMetricsTests {
    static let full = KeywordMetrics(
        volume: 0, cpc: -0.0, difficulty: 100, clicks: Int.max, impressions: -7, ctr: 0.4561, position: 1e-300,
        competition: 0.83, intent: "commercial, transactional", url: "https://example.com/ä?q=1", parentKeyword: "shoes"
    )

    @Test("every value reads back as given, including the edges next to the missing markers")
    func valuesRoundTrip() {
        // Given metrics with every field set, some at extremes
        let metrics = Self.full
        // Then each reads back exactly (bit for bit for the decimals)
        #expect(metrics.volume == 0)
        #expect(metrics.cpc?.bitPattern == (-0.0).bitPattern)
        #expect(metrics.difficulty == 100)
        #expect(metrics.clicks == Int.max)
        #expect(metrics.impressions == -7)
        #expect(metrics.ctr == 0.4561)
        #expect(metrics.position == 1e-300)
        #expect(metrics.competition == 0.83)
        #expect(metrics.intent == "commercial, transactional")
        #expect(metrics.url == "https://example.com/ä?q=1")
        #expect(metrics.parentKeyword == "shoes")
        // And Int.min + 1 and a NaN (Double.nan's own bits) are values, not "missing"
        let edges = KeywordMetrics(volume: Int.min + 1, cpc: .nan, difficulty: .infinity)
        #expect(edges.volume == Int.min + 1)
        #expect(edges.cpc?.bitPattern == Double.nan.bitPattern)
        #expect(edges.difficulty == .infinity)
    }

    @Test("a missing value reads nil, and setting nil removes a value")
    func missing() {
        // Given empty metrics and full ones
        var metrics = Self.full
        let empty = KeywordMetrics()
        // Then the empty ones have no value at all
        #expect([empty.volume, empty.clicks, empty.impressions].allSatisfy { $0 == nil })
        #expect([empty.cpc, empty.difficulty, empty.ctr, empty.position, empty.competition].allSatisfy { $0 == nil })
        #expect(empty.intent == nil && empty.url == nil && empty.parentKeyword == nil)
        // When each field of the full ones is set to nil, one at a time
        metrics.volume = nil
        #expect(metrics.volume == nil && metrics.clicks == Int.max)
        metrics.cpc = nil
        #expect(metrics.cpc == nil && metrics.difficulty == 100)
        metrics.url = nil
        // Then only that field goes (the other texts stay)
        #expect(metrics.url == nil && metrics.intent == "commercial, transactional" && metrics.parentKeyword == "shoes")
        metrics.intent = nil
        metrics.parentKeyword = nil
        metrics.clicks = nil
        metrics.impressions = nil
        metrics.difficulty = nil
        metrics.ctr = nil
        metrics.position = nil
        metrics.competition = nil
        // And with every field cleared they equal empty metrics
        #expect(metrics == empty)
    }

    @Test("setting one text keeps the other two")
    func textSetters() {
        // Given metrics with only a URL
        var metrics = KeywordMetrics(url: "https://example.com/a")
        // When the intent and the parent keyword are set
        metrics.intent = "informational"
        metrics.parentKeyword = "running"
        // Then all three are there
        #expect(metrics == KeywordMetrics(intent: "informational", url: "https://example.com/a", parentKeyword: "running"))
    }

    @Test("equality and hashing are by value, NaN unequal to itself as in an optional")
    func equalityAndHashing() {
        // Given equal metrics built apart (texts in separate instances)
        let first = KeywordMetrics(volume: 10, cpc: 0.5, intent: "commercial")
        var second = KeywordMetrics(volume: 10)
        second.cpc = 0.5
        second.intent = String("commer" + "cial")
        // Then they are equal and hash alike; one different field makes them differ
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != KeywordMetrics(volume: 10, cpc: 0.5, intent: "Commercial"))
        #expect(first != KeywordMetrics(volume: 10, cpc: 0.5))
        #expect(first != KeywordMetrics(volume: 11, cpc: 0.5, intent: "commercial"))
        #expect(KeywordMetrics(volume: 0) != KeywordMetrics())
        #expect(KeywordMetrics(cpc: .nan) != KeywordMetrics(cpc: .nan))
        #expect(Set([first, second, KeywordMetrics()]).count == 2)
    }

    @Test("JSON names each present value and leaves out missing ones, and reads back")
    func codable() throws {
        // Given partial metrics
        let metrics = KeywordMetrics(volume: 1_200, ctr: 0.25, url: "https://example.com/")
        // When encoded with sorted keys
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(metrics), as: UTF8.self)
        // Then only the present values are there, under their names
        #expect(json == #"{"ctr":0.25,"url":"https://example.com/","volume":1200}"#)
        // And decoding gives the same metrics, for these and for full ones
        #expect(try JSONDecoder().decode(KeywordMetrics.self, from: Data(json.utf8)) == metrics)
        #expect(try JSONDecoder().decode(KeywordMetrics.self, from: try encoder.encode(Self.full)) == Self.full)
    }

    @Test("described by value")
    func description() {
        #expect(KeywordMetrics(volume: 5, cpc: 0.25, intent: "local").description
            == #"KeywordMetrics(volume: Optional(5), cpc: Optional(0.25), difficulty: nil, clicks: nil, impressions: nil, "#
            + #"ctr: nil, position: nil, competition: nil, intent: Optional("local"), url: nil, parentKeyword: nil)"#)
    }

    @Test("an imported keyword takes at most 96 bytes in an array")
    func compact() {
        // The point of the compact storage: 1,000,000 keywords in 96 MB instead of 200 MB
        #expect(MemoryLayout<KeywordMetrics>.stride <= 72)
        #expect(MemoryLayout<ImportedKeyword>.stride <= 96)
    }

    @Test("rows with the same texts share one instance; a file with a text per row is bounded")
    func sharedTexts() {
        // Given a file's cache
        var cache = MetricTextsCache()
        // When rows ask for texts
        let first = cache.texts(intent: "commercial", url: nil, parentKeyword: nil)
        let again = cache.texts(intent: String("commer" + "cial"), url: nil, parentKeyword: nil)
        let other = cache.texts(intent: "commercial", url: "https://example.com/", parentKeyword: nil)
        // Then equal texts share an instance, different ones do not, and no texts is nil
        #expect(first != nil && first === again)
        #expect(other !== first)
        #expect(other?.url == "https://example.com/" && other?.intent == "commercial")
        #expect(cache.texts(intent: nil, url: nil, parentKeyword: nil) == nil)
        // And past its capacity new combinations still get their texts, unshared
        for index in 0..<MetricTextsCache.capacity {
            _ = cache.texts(intent: nil, url: "https://example.com/\(index)", parentKeyword: nil)
        }
        let late = cache.texts(intent: nil, url: "https://example.com/late", parentKeyword: "late")
        #expect(late?.url == "https://example.com/late" && late?.parentKeyword == "late")
        #expect(cache.texts(intent: nil, url: "https://example.com/late", parentKeyword: "late") !== late)
        #expect(cache.texts(intent: "commercial", url: nil, parentKeyword: nil) === first)
    }
}
