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

    @Test("many keywords, past every growth of the table, each found again", arguments: [false, true])
    func manyKeywords(reserved: Bool) {
        // Given 50,000 distinct keywords, with and without room reserved up front
        var merger = KeywordMerger()
        if reserved { merger.reserveCapacity(50_000) }
        let texts = (0..<50_000).map { "keyword \($0)" }
        // When each is added, then added again with a higher volume and another source
        let firstTime = texts.map { merger.add($0, metrics: KeywordMetrics(volume: 1), sources: ["a"]) }
        let secondTime = texts.reversed().map { merger.add($0, metrics: KeywordMetrics(volume: 2), sources: ["b"]) }
        // Then each was new once and known after, in first-seen order with both sources and the higher volume
        #expect(firstTime.allSatisfy { $0 })
        #expect(secondTime.allSatisfy { !$0 })
        #expect(merger.keywords.map(\.text) == texts)
        #expect(merger.keywords.allSatisfy { $0.sources == ["a", "b"] && $0.metrics.volume == 2 })
    }

    @Test("texts match as strings do: canonically equivalent spellings are one keyword")
    func canonicalEquivalence() {
        // Given "café" written with a precomposed é, and with e and a combining accent
        var merger = KeywordMerger()
        let precomposed = "caf\u{E9}"
        let combining = "cafe\u{301}"
        // When both are added, and sources added to the second spelling
        merger.add(precomposed, metrics: KeywordMetrics(), sources: ["a"])
        let isNew = merger.add(combining, metrics: KeywordMetrics(), sources: ["b"])
        merger.addSources(["c"], to: combining)
        merger.addSources(["d"], to: "cafe")
        // Then they are one keyword (as a dictionary keyed by the text would make them), and an
        // unknown text gains nothing
        #expect(!isNew)
        #expect(merger.keywords.map(\.text) == [precomposed])
        #expect(merger.keywords.first?.sources == ["a", "b", "c"])
    }

    @Test("two imports merge as files do: higher volume wins, every source kept, first-seen order")
    func mergedImports() {
        // Given a file import and a second source sharing one keyword
        let files = KeywordImport(keywords: [
            ImportedKeyword(text: "shoes", metrics: KeywordMetrics(volume: 10, intent: "commercial"), sources: ["a.csv"]),
            ImportedKeyword(text: "boots", metrics: KeywordMetrics(volume: 5), sources: ["a.csv", "b.csv"]),
        ], files: [], warnings: ["a"])
        let other = KeywordImport(keywords: [
            ImportedKeyword(text: "sandals", metrics: KeywordMetrics(), sources: ["crawl"]),
            ImportedKeyword(text: "boots", metrics: KeywordMetrics(volume: 9, url: "https://example.com/boots"), sources: ["crawl", "api"]),
        ], files: [], warnings: ["b"])
        // When they are merged
        let merged = files.merged(with: other)
        // Then the shared keyword has the second's higher-volume metrics and all three sources
        #expect(merged.keywords == [
            ImportedKeyword(text: "shoes", metrics: KeywordMetrics(volume: 10, intent: "commercial"), sources: ["a.csv"]),
            ImportedKeyword(text: "boots", metrics: KeywordMetrics(volume: 9, url: "https://example.com/boots"),
                            sources: ["a.csv", "b.csv", "crawl", "api"]),
            ImportedKeyword(text: "sandals", metrics: KeywordMetrics(), sources: ["crawl"]),
        ])
        #expect(merged.warnings == ["a", "b"])
    }
}
