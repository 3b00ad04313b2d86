import Content
import Persistence
import Testing
@testable import Pipeline

/// Built-in titles drafted on all cores must be exactly those made one after another.
struct BuiltInTitleRoundTests {
    let generator = BuiltInTitleGenerator(year: 2026)

    /// `count` jobs over fewer clusters and fewer primary keywords than jobs, so drafts collide
    /// (identical inputs draft identical titles) and some clusters are titled twice in a round.
    func jobs(_ count: Int) -> (inputs: [TitleInputs], clusters: [Int]) {
        let subjects = ["running shoes", "trail running shoes", "how to clean suede shoes", "best hiking boots",
                        "shoe repair near me", "waterproof boots", "kids sandals"]
        let cities = ["boston", "denver", "austin"]
        var inputs: [TitleInputs] = [], clusters: [Int] = []
        for j in 0..<count {
            let primary = subjects[j % subjects.count] + (j % 5 == 0 ? " \(cities[j % cities.count])" : "")
            let row = ClusterRow(clusterID: j % (count - 9), createdRunID: 1, createdBatch: 1, keywordCount: 3, totalVolume: 300,
                                 primaryKeywordID: Int64(j), primaryVolume: 200, primarySimilarity: 0.9, label: primary,
                                 intent: j % 3 == 0 ? "commercial" : "informational", intentVotes: [], version: 1,
                                 updatedRunID: 1, updatedBatch: 1)
            let keywords = [ClusterKeyword(text: primary, volume: 200, similarity: 0.9),
                            ClusterKeyword(text: "cheap " + primary, volume: 60, similarity: 0.8),
                            ClusterKeyword(text: primary + " for women", volume: 40, similarity: 0.7)]
            inputs.append(TitleInputs(row: row, primaryKeyword: primary, keywords: keywords))
            clusters.append(j % (count - 9))
        }
        return (inputs, clusters)
    }

    /// The reference: each job frees its cluster's title, then takes one no earlier job holds.
    func oneByOne(_ inputs: [TitleInputs], clusters: [Int], titles: inout [Int: String], used: inout UsedTitles) -> [String] {
        var made: [String] = []
        for (input, cluster) in zip(inputs, clusters) {
            if let own = titles[cluster] { used.remove(own) }
            let title = generator.title(for: input.summary, keywords: input.clusterKeywords, avoidingTitles: used)
            titles[cluster] = title
            used.insert(title)
            made.append(title)
        }
        return made
    }

    @Test func draftedTitlesAreThoseMadeOneAfterAnother() {
        let (inputs, clusters) = jobs(300)
        // Given clusters that already hold titles, some of which the new drafts would take
        var startTitles: [Int: String] = [:]
        for cluster in stride(from: 0, to: 40, by: 4) {
            startTitles[cluster] = generator.title(for: inputs[cluster].summary, keywords: inputs[cluster].clusterKeywords)
        }
        let startUsed = UsedTitles(Array(startTitles.values) + ["Running Shoes: A Complete Guide"])

        var expectedTitles = startTitles, expectedUsed = startUsed
        let expected = oneByOne(inputs, clusters: clusters, titles: &expectedTitles, used: &expectedUsed)
        var titles = startTitles, used = startUsed
        let round = BuiltInTitleRound(generator: generator).titles(for: inputs, clusters: clusters, titles: &titles, used: &used)
        let made = round.map(\.title)

        #expect(made == expected)
        // Each title comes with its topic's plan, the one the inputs give on their own
        #expect(round.map(\.plan) == inputs.map(\.plan))
        #expect(titles == expectedTitles)
        #expect(used == expectedUsed)
        // Identical inputs draft identical titles, so most drafts collided: the jobs had few distinct
        // primary keywords, yet got far more distinct titles, which only re-titling gives
        let primaries = Set(inputs.map(\.summary.primaryKeyword)).count
        #expect(primaries < 30)
        #expect(Set(made).count > 200)
    }

    @Test func roundsOfAnySizeGiveTheSameTitles() {
        let (inputs, clusters) = jobs(200)
        var titles: [Int: String] = [:], used = UsedTitles()
        let whole = BuiltInTitleRound(generator: generator).titles(for: inputs, clusters: clusters, titles: &titles, used: &used)
            .map(\.title)
        var splitTitles: [Int: String] = [:], splitUsed = UsedTitles()
        var split: [String] = []
        for range in [0..<7, 7..<130, 130..<200] {
            split += BuiltInTitleRound(generator: generator).titles(
                for: Array(inputs[range]), clusters: Array(clusters[range]), titles: &splitTitles, used: &splitUsed).map(\.title)
        }
        #expect(split == whole)
        #expect(splitTitles == titles)
    }
}
