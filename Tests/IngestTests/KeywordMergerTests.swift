import Testing
@testable import Ingest

@Suite("KeywordMerger")
struct KeywordMergerTests {
    @Test("highest volume wins; a missing volume loses; ties keep the first")
    func highestVolumeWins() {
        // Given rows of one keyword with no, low, high and equal volumes
        var merger = KeywordMerger()
        // When they are added
        let isNew = merger.add("shoes", metrics: KeywordMetrics(cpc: 9), sources: ["a"])
        merger.add("shoes", metrics: KeywordMetrics(volume: 10, cpc: 1), sources: ["a"])
        merger.add("shoes", metrics: KeywordMetrics(volume: 50, cpc: 2), sources: ["b"])
        let isNewAgain = merger.add("shoes", metrics: KeywordMetrics(volume: 50, cpc: 3), sources: ["c"])
        merger.add("shoes", metrics: KeywordMetrics(volume: 20, cpc: 4), sources: ["a"])
        // Then the first volume-50 row's metrics stay and the sources are listed once each
        #expect(isNew)
        #expect(!isNewAgain)
        #expect(merger.keywords == [ImportedKeyword(text: "shoes", metrics: KeywordMetrics(volume: 50, cpc: 2), sources: ["a", "b", "c"])])
    }

    @Test("keywords stay in first-seen order")
    func order() {
        // Given interleaved keywords
        var merger = KeywordMerger()
        // When they are added
        for text in ["b", "a", "b", "c", "a"] {
            merger.add(text, metrics: KeywordMetrics(), sources: ["f"])
        }
        // Then the order is that of first appearance
        #expect(merger.keywords.map(\.text) == ["b", "a", "c"])
    }
}
