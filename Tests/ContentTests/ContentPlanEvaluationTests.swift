import Testing
@testable import Content

@Suite("Content plan evaluation (Fixtures/content-eval.tsv)")
struct ContentPlanEvaluationTests {
    @Test("Page types, local landing pages and titles meet the bar on the evaluation set")
    func evaluationSet() throws {
        // Given the 833 labelled topics of the evaluation set
        let topics = try EvaluationTopic.bundled()
        #expect(topics.count >= 400)
        // When the content layer gives each a page type and a title, largest topic first
        let results = EvaluationRun.current(topics)
        let score = EvaluationRun.score(topics, results)
        print("content plan evaluation: \(score)")
        // Then page types and local flags are right and every title passes every check
        #expect(score.pageTypeAccuracy >= 0.90, "\(score)")
        #expect(score.localPrecision >= 0.95 && score.localRecall >= 0.95, "\(score)")
        #expect(score.titlesWithAcronym > 0 && score.acronymsWrong == 0, "\(score.examples.filter { $0.hasPrefix("acronym") })")
        #expect(score.qualityFailures == 0, "\(score.examples.filter { $0.hasPrefix("quality") })")
        #expect(score.fillers == 0, "\(score.examples.filter { $0.hasPrefix("filler") })")
        #expect(score.yearsWithoutAging == 0, "\(score.examples.filter { $0.hasPrefix("year") })")
        #expect(score.numbersWithoutItems == 0, "\(score.examples.filter { $0.hasPrefix("number") })")
    }

    @Test("Titles on the evaluation set are unique and deterministic")
    func uniqueAndDeterministic() throws {
        // Given the evaluation set titled twice
        let topics = try EvaluationTopic.bundled()
        let first = EvaluationRun.current(topics).map(\.title)
        let second = EvaluationRun.current(topics).map(\.title)
        // Then the titles are the same both times and no two topics share one
        #expect(first == second)
        #expect(Set(first.map(TitleQuality.uniquenessKey)).count == topics.count)
    }

    @Test("Every source and page type of the set is represented")
    func coverage() throws {
        let topics = try EvaluationTopic.bundled()
        #expect(Set(topics.map(\.source)) == ["sample", "law", "local", "shop", "saas", "heldout"])
        #expect(Set(topics.map(\.pageType)) == Set(PageType.allCases))
        #expect(topics.filter(\.isLocal).count >= 100)
    }
}
