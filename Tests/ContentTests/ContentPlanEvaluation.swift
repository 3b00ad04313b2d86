import Foundation
@testable import Content

/// One topic of the evaluation set (Fixtures/content-eval.tsv, written by
/// scripts/make_content_eval.py): its keywords and what a content strategist expects.
struct EvaluationTopic {
    let source: String
    let pageType: PageType
    let isLocal: Bool
    let keywords: [ClusterKeyword]
    let notes: String

    var primary: String { ClusterSummarizer.primaryKeyword(of: keywords).text }

    /// The topics of the evaluation file at `url`.
    static func load(_ url: URL) throws -> [EvaluationTopic] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var topics: [EvaluationTopic] = []
        for (offset, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5, let type = PageType(rawValue: fields[1]) else {
                throw EvaluationError(description: "\(url.lastPathComponent) line \(offset + 1): expected 5 tab-separated fields with a known page type")
            }
            let keywords = fields[3].split(separator: ";").enumerated().map { index, cell -> ClusterKeyword in
                let parts = cell.trimmingCharacters(in: .whitespaces).split(separator: "=")
                return ClusterKeyword(text: String(parts[0]), volume: parts.count > 1 ? Int(parts[1]) : nil,
                                      similarity: 1 - Float(index) * 0.01)
            }
            topics.append(EvaluationTopic(source: fields[0], pageType: type, isLocal: fields[2] == "yes",
                                          keywords: keywords, notes: fields[4]))
        }
        return topics
    }

    /// The bundled evaluation set.
    static func bundled() throws -> [EvaluationTopic] {
        guard let url = Bundle.module.url(forResource: "content-eval", withExtension: "tsv", subdirectory: "Fixtures") else {
            throw EvaluationError(description: "Fixtures/content-eval.tsv is missing from the test bundle")
        }
        return try load(url)
    }

    /// The spellings the topic's title must use: the code or short form of the place its
    /// primary keyword names ("TX", "OKC", "LA").
    var expectedSpellings: [String: String] {
        let words = KeywordText.words(primary)
        guard let place = PlaceNames.firstPlace(in: words) else { return [:] }
        var spellings: [String: String] = [:]
        if place.place.kind == .stateCode || place.place.kind == .shortForm, place.place.display.uppercased() == place.place.display {
            spellings[place.words[0]] = place.place.display
        }
        if let state = place.state, let code = place.words.last, code == state.lowercased() { spellings[code] = state }
        return spellings
    }
}

struct EvaluationError: Error, CustomStringConvertible {
    let description: String
}

/// The scores of page types, local flags and titles on the evaluation set.
struct EvaluationScore: CustomStringConvertible {
    var topics = 0
    var pageTypeRight = 0
    var localTruePositive = 0
    var localFalsePositive = 0
    var localFalseNegative = 0
    var titlesWithAcronym = 0
    var acronymsWrong = 0
    var qualityFailures = 0
    var fillers = 0
    var yearsWithoutAging = 0
    var numbersWithoutItems = 0
    var examples: [String] = []

    var pageTypeAccuracy: Double { Double(pageTypeRight) / Double(max(topics, 1)) }
    var localPrecision: Double { Double(localTruePositive) / Double(max(localTruePositive + localFalsePositive, 1)) }
    var localRecall: Double { Double(localTruePositive) / Double(max(localTruePositive + localFalseNegative, 1)) }

    /// Scores one topic given the page type, local flag and title the code gave it.
    mutating func record(_ topic: EvaluationTopic, pageType: PageType, isLocal: Bool, title: String) {
        topics += 1
        if pageType == topic.pageType {
            pageTypeRight += 1
        } else if examples.count < 400 {
            examples.append("page type \(pageType.rawValue), expected \(topic.pageType.rawValue): \(topic.primary)")
        }
        switch (isLocal, topic.isLocal) {
        case (true, true): localTruePositive += 1
        case (true, false): localFalsePositive += 1
        case (false, true): localFalseNegative += 1
        case (false, false): break
        }
        let primary = topic.primary
        let expected = topic.expectedSpellings
        let hasAcronym = title.split(separator: " ").contains { token in
            let lower = KeywordText.trimEdges(token).lowercased()
            return expected[lower] != nil || Acronyms.spelling(of: lower).map { $0.lowercased() == lower } == true
        } || !expected.isEmpty
        if hasAcronym { titlesWithAcronym += 1 }
        let wrong = TitleChecks.misspelledAcronyms(title, expected: expected)
        let missing = expected.values.filter { code in !title.split(separator: " ").contains { KeywordText.trimEdges($0) == code } }
        if !wrong.isEmpty || !missing.isEmpty {
            acronymsWrong += 1
            examples.append("acronym \(wrong + missing): \(title)")
        }
        if !TitleQuality.accepts(title, primary: primary), !TitleQuality.acceptsLocal(title, primary: primary) {
            qualityFailures += 1
            examples.append("quality: \(title) [\(primary)]")
        }
        if TitleChecks.hasFiller(title, primary: primary) {
            fillers += 1
            examples.append("filler: \(title)")
        }
        if TitleChecks.hasYearWithoutAging(title, primary: primary, topicAges: TitleChecks.ages(topic.keywords.map(\.text))) {
            yearsWithoutAging += 1
            examples.append("year: \(title)")
        }
        let items = ListItems.count(label: TopicLabel.label(for: primary), keywords: topic.keywords)
        if TitleChecks.hasNumberWithoutItems(title, primary: primary, items: items) {
            numbersWithoutItems += 1
            examples.append("number (\(items) items): \(title)")
        }
    }

    var description: String {
        func percent(_ value: Double) -> String { String(format: "%.3f", value) }
        return "topics \(topics); page type accuracy \(percent(pageTypeAccuracy)); local precision \(percent(localPrecision)) "
            + "recall \(percent(localRecall)); titles with an acronym \(titlesWithAcronym), acronyms wrong \(acronymsWrong); "
            + "TitleQuality failures \(qualityFailures); filler \(fillers); year without aging \(yearsWithoutAging); "
            + "number without items \(numbersWithoutItems)"
    }
}

/// Runs the content layer over the evaluation set as a project would: topics titled largest
/// first, one ``UsedTitles`` for all.
enum EvaluationRun {
    /// The order a project titles the topics in: total volume, largest first.
    static func titlingOrder(_ topics: [EvaluationTopic]) -> [Int] {
        let totals = topics.map { $0.keywords.reduce(0) { $0 + ($1.volume ?? 0) } }
        return topics.indices.sorted { totals[$0] != totals[$1] ? totals[$0] > totals[$1] : $0 < $1 }
    }

    /// Page type and title of every topic, in the file's order.
    static func current(_ topics: [EvaluationTopic], year: Int = 2026) -> [(pageType: PageType, title: String)] {
        let generator = BuiltInTitleGenerator(year: year)
        var used = UsedTitles()
        var results = Array(repeating: (pageType: PageType.article, title: ""), count: topics.count)
        for index in titlingOrder(topics) {
            let summary = ClusterSummarizer.summarize(topics[index].keywords)
            let pageType = PageTypeClassifier.pageType(of: summary, keywords: topics[index].keywords)
            let title = generator.title(for: summary, keywords: topics[index].keywords, avoidingTitles: used)
            used.insert(title)
            results[index] = (pageType, title)
        }
        return results
    }

    /// The score of `results` on `topics`.
    static func score(_ topics: [EvaluationTopic], _ results: [(pageType: PageType, title: String)]) -> EvaluationScore {
        var score = EvaluationScore()
        for (topic, result) in zip(topics, results) {
            score.record(topic, pageType: result.pageType, isLocal: result.pageType.isLocal, title: result.title)
        }
        return score
    }
}
