import Testing
@testable import Content

@Suite("ClusterSummarizer")
struct ClusterSummarizerTests {
    @Test("The primary keyword is the one with the highest volume")
    func primaryIsHighestVolume() {
        // Given a cluster whose most central keyword is not the biggest
        let keywords = [
            ClusterKeyword(text: "garden hose reel", volume: 900, similarity: 0.95),
            ClusterKeyword(text: "garden hose", volume: 40_000, similarity: 0.80),
            ClusterKeyword(text: "best garden hose", volume: 8_000, similarity: 0.90),
        ]
        // When it is summarised
        let summary = ClusterSummarizer.summarize(keywords)
        // Then the highest volume wins
        #expect(summary.primaryKeyword == "garden hose")
        #expect(summary.primaryVolume == 40_000)
    }

    @Test("Equal volumes go to the keyword closest to the centre")
    func tieGoesToClosest() {
        // Given two keywords of the same volume
        let keywords = [
            ClusterKeyword(text: "mulch types", volume: 500, similarity: 0.70),
            ClusterKeyword(text: "types of mulch", volume: 500, similarity: 0.92),
        ]
        // When the primary keyword is picked
        let primary = ClusterSummarizer.primaryKeyword(of: keywords)
        // Then the more central one wins
        #expect(primary.text == "types of mulch")
    }

    @Test("Unknown volumes rank below every known volume, zero included")
    func nilVolumesRankLast() {
        // Given a very central keyword without volume and a peripheral one with volume 0
        let keywords = [
            ClusterKeyword(text: "compost bin", volume: nil, similarity: 0.99),
            ClusterKeyword(text: "compost bins", volume: 0, similarity: 0.10),
        ]
        // When the primary keyword is picked
        let primary = ClusterSummarizer.primaryKeyword(of: keywords)
        // Then the known volume wins
        #expect(primary.text == "compost bins")
    }

    @Test("Without volumes the closest keyword wins, then the alphabetically first")
    func nilVolumesUseSimilarityThenText() {
        // Given keywords without volumes, two of them equally central
        let keywords = [
            ClusterKeyword(text: "leaf blower", volume: nil, similarity: 0.5),
            ClusterKeyword(text: "leaf blowers", volume: nil, similarity: 0.8),
            ClusterKeyword(text: "blower for leaves", volume: nil, similarity: 0.8),
        ]
        // When the primary keyword is picked in every input order
        let forward = ClusterSummarizer.primaryKeyword(of: keywords)
        let backward = ClusterSummarizer.primaryKeyword(of: keywords.reversed())
        // Then the tie between the two central ones goes to alphabetical order, always
        #expect(forward.text == "blower for leaves")
        #expect(backward.text == "blower for leaves")
    }

    @Test("Totals count unknown volumes as zero")
    func totals() {
        // Given a cluster with one unknown volume
        let keywords = [
            ClusterKeyword(text: "patio heater", volume: 12_000, similarity: 0.9),
            ClusterKeyword(text: "best patio heater", volume: 3_000, similarity: 0.8),
            ClusterKeyword(text: "patio heater propane", volume: nil, similarity: 0.7),
        ]
        // When it is summarised
        let summary = ClusterSummarizer.summarize(keywords)
        // Then the total skips the unknown volume and every keyword is counted
        #expect(summary.totalVolume == 15_000)
        #expect(summary.keywordCount == 3)
        #expect(summary.intent == .commercial)
    }

    @Test("The label drops intent modifiers, years and places", arguments: [
        ("best garden hose 2026", "garden hose"),
        ("how to grow tomatoes in pots", "grow tomatoes in pots"),
        ("lawn care near me", "lawn care"),
        ("landscaping companies in austin", "landscaping companies"),
        ("cheap raised garden beds for sale", "raised garden beds"),
        ("small garden ideas", "small garden"),
        ("gas vs charcoal grill", "gas vs charcoal grill"),
        ("how to build a raised garden bed with legs cheaply", "build raised garden bed"),
        ("how to clean a stainless steel grill grate", "stainless steel grill grate"),
    ])
    func label(keyword: String, expected: String) {
        // Given a primary keyword, when it is labelled, then only the topic words remain
        let label = TopicLabel.label(for: keyword)
        #expect(label == expected)
        #expect((1...4).contains(label.split(separator: " ").count))
    }

    @Test("A keyword made only of modifiers keeps its own words as label")
    func labelFallsBack() {
        // Given a keyword that is nothing but modifiers
        // When it is labelled
        let label = TopicLabel.label(for: "best deals near me")
        // Then the label is not empty
        #expect(label == "best deals near me")
    }
}
