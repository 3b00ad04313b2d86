import Testing
@testable import Pipeline

@Suite struct BatchPlanTests {
    @Test func firstBatchIsAboutATenthThenBatchSize() {
        // Given 10,000 keywords and batches of 500
        var parameters = RunParameters()
        parameters.batchSize = 500
        // When planning
        let sizes = BatchPlan.sizes(keywordCount: 10_000, parameters: parameters)
        // Then the first batch holds 10% and the rest come 500 at a time
        #expect(sizes.first == 1_000)
        #expect(sizes.dropFirst().allSatisfy { $0 == 500 })
        #expect(sizes.reduce(0, +) == 10_000)
    }

    @Test func smallSetsGetAtLeastOneOrdinaryBatchFirst() {
        var parameters = RunParameters()
        parameters.batchSize = 500
        #expect(BatchPlan.sizes(keywordCount: 1_200, parameters: parameters) == [500, 500, 200])
        #expect(BatchPlan.sizes(keywordCount: 300, parameters: parameters) == [300])
        #expect(BatchPlan.sizes(keywordCount: 0, parameters: parameters) == [])
    }

    @Test func monolithicIsOneBatch() {
        var parameters = RunParameters()
        parameters.mode = .monolithic
        #expect(BatchPlan.sizes(keywordCount: 12_345, parameters: parameters) == [12_345])
    }

    @Test func memoryLimitShrinksBatches() {
        // Given batches of 100,000 and 16 MB for a batch (2 KB per lexical keyword)
        var parameters = RunParameters()
        parameters.batchSize = 100_000
        parameters.memoryLimitMB = 16
        // When planning a million keywords
        let sizes = BatchPlan.sizes(keywordCount: 1_000_000, parameters: parameters)
        // Then later batches hold 8,192 keywords
        #expect(sizes[1] == 8_192)
        #expect(sizes.reduce(0, +) == 1_000_000)
    }

    @Test func sampleOrderIsASeededPermutation() {
        // Given keywords with volumes
        let keywords: [(id: Int64, volume: Int?)] = (1...100).map { (Int64($0), $0 % 7) }
        var parameters = RunParameters()
        // When ordering twice with one seed and once with another
        let first = BatchPlan.order(keywords, parameters: parameters)
        let again = BatchPlan.order(keywords, parameters: parameters)
        parameters.seed = 43
        let other = BatchPlan.order(keywords, parameters: parameters)
        // Then the same seed gives the same permutation, another seed another one
        #expect(first == again)
        #expect(first != other)
        #expect(first.sorted() == keywords.map(\.id))
    }

    @Test func volumeOrderPutsHighestFirstAndBreaksTiesByID() {
        var parameters = RunParameters()
        parameters.order = .volume
        let order = BatchPlan.order([(1, 5), (2, nil), (3, 9), (4, 5)], parameters: parameters)
        #expect(order == [3, 1, 4, 2])
    }

    @Test func clusterBudgetLeavesRoomForLaterTopics() {
        // A tenth of 100k keywords with 5,000 topics shows about 86% of them
        #expect(ClusterBudget.firstBatch(target: 5_000, batchKeywords: 10_000, totalKeywords: 100_000, monolithic: false) == 4_323)
        #expect(ClusterBudget.firstBatch(target: 20, batchKeywords: 2_000, totalKeywords: 20_000, monolithic: false) == 20)
        #expect(ClusterBudget.firstBatch(target: 50, batchKeywords: 10, totalKeywords: 100, monolithic: true) == 10)
        // Later batches share the open budget by their share of the keywords left, one per far keyword at most
        #expect(ClusterBudget.newClusters(target: 100, current: 90, batchKeywords: 50, remainingKeywords: 100, farKeywords: 20) == 5)
        #expect(ClusterBudget.newClusters(target: 100, current: 90, batchKeywords: 50, remainingKeywords: 100, farKeywords: 2) == 2)
        #expect(ClusterBudget.newClusters(target: 100, current: 100, batchKeywords: 50, remainingKeywords: 100, farKeywords: 20) == 0)
    }

    @Test func slugsComeFromDomains() {
        #expect(ProjectSlug.make(fromDomain: "example.com") == "example-com")
        #expect(ProjectSlug.make(fromDomain: "https://www.Shop.Example.co.uk/path") == "shop-example-co-uk")
        #expect(ProjectSlug.make(fromDomain: "...") == "")
    }
}

@Suite struct SampleOrderStorageTests {
    @Test func createStoresKeywordsInTheOrderTheBatchesTakeThem() throws {
        // Given a keyword file, in file order
        let test = try TestProject(keywords: 200, topics: 8)
        defer { test.remove() }
        let fileOrder = try String(contentsOfFile: test.keywordFile, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { String($0.split(separator: ",")[0]) }
        // When creating a project with the default sample order
        let created = try test.create()
        let parameters = try RunParameters.decode(try #require(try test.store.run(id: created.runID)).parameters)
        // Then the keywords are stored in the seeded sample of the file order, so ids ascend in processing order
        #expect(parameters.keywordsStoredInSampleOrder == true)
        let planned = try test.store.plannedKeywords(projectID: created.project.id, runID: created.runID)
        let plan = BatchPlan.order(planned, parameters: parameters)
        #expect(plan == plan.sorted())
        let stored = try test.store.keywords(ids: plan).map(\.text)
        #expect(stored == BatchPlan.sampleOrder(fileOrder, seed: parameters.seed))
    }

    @Test func runsWithoutTheFlagStillShuffleIds() {
        // Given a run that stored keywords in file order (made before the flag, or a rescrape)
        var parameters = RunParameters()
        parameters.seed = 9
        let keywords = (1 ... 50).map { (id: Int64($0), volume: Int?.none) }
        // When ordering its keywords, then they are the seeded sample of the ids, as before
        #expect(BatchPlan.order(keywords, parameters: parameters) == BatchPlan.sampleOrder(keywords.map(\.id), seed: 9))
        #expect(BatchPlan.order(keywords, parameters: parameters) != keywords.map(\.id))
    }
}
