/// The product's default title generator: offline, deterministic, template based.
///
/// It first decides the topic's ``PageType`` (``PageTypeClassifier``), how many distinct
/// items its keywords name (``ListItems``), whether it ages (``TitleChecks/ages(_:)``), the
/// place of a local landing page and the spellings to keep (``SubjectSpelling``). Then it
/// tries, in order, until a title passes ``TitleQuality`` (at most 60 characters, the primary
/// keyword's words in order, the place allowed to move on a local landing page, no awkward
/// repetition) and ``TitleChecks`` (no filler, no year on a topic that does not age, no
/// number above the topic's items) and is not in the `used` set:
/// 1. the preferred templates for the page type and, for articles, the keyword's form and
///    modifiers (``TitleTemplates/primary(for:)``): in order for landing, product, tool,
///    definition and question pages (the first is the page's own title: "Car Accident Lawyer
///    in Corpus Christi, TX", "Patio Furniture", "How Long Does a Case Take?"); for
///    noun-phrase articles and comparisons starting at a template chosen by the FNV-1a hash of
///    the primary keyword and wrapping around, the bare keyword last;
/// 2. the short fallbacks (``TitleTemplates/fallbacks``; only pages that explain something
///    take "... Explained" and the like);
/// 3. steps 1 and 2 again around each secondary keyword that contains the primary
///    keyword's words in order ("best tents" → "best tents for winter camping"), best
///    ranked first, which distinguishes clusters whose primaries read alike;
/// 4. the primary keyword with a distinguishing word from the secondary keywords
///    ("Tents for Backpacking Explained");
/// 5. the title-cased primary keyword, then the same with " (Part 2)", " (Part 3)", ...
///
/// A primary keyword longer than 60 characters cannot fit a template: its title is the
/// keyword itself, title-cased, never cut.
///
/// The same inputs always give the same title: the year is a parameter, numbers count the
/// topic's items, template choices come from a stable hash, and secondary keywords are
/// ranked by the same total order as the primary keyword, so their input order does not
/// matter.
///
/// Titling a whole project: keep one ``UsedTitles``, call
/// ``title(for:keywords:avoidingTitles:)`` cluster by cluster (largest first gives the
/// best templates to the biggest topics) and insert each result.
public struct BuiltInTitleGenerator: TitleGenerating {
    /// The year placed in titles that carry one ("Best Tents in 2026").
    public let year: Int

    /// A generator writing titles for `year` (pass the current year).
    public init(year: Int) {
        self.year = year
    }

    /// A title for the cluster, different from every title in `used` (rules in the type's
    /// documentation). Synchronous: the built-in generator does no I/O.
    ///
    /// - Complexity: O(*t* × *s*) template renderings in the worst case, for *t* templates
    ///   and *s* secondary keywords; usually the first few renderings succeed.
    public func title(for summary: ClusterSummary, keywords: [ClusterKeyword], avoiding used: Set<String>) -> String {
        title(for: summary, keywords: keywords, avoidingTitles: UsedTitles(used))
    }

    /// A title for the cluster, different from every title in `used`: the same as
    /// ``title(for:keywords:avoiding:)`` without normalising the used titles again, for
    /// callers that title many clusters in a row.
    public func title(for summary: ClusterSummary, keywords: [ClusterKeyword], avoidingTitles used: UsedTitles) -> String {
        let keywordWords = keywords.map { KeywordText.words($0.text) }
        return title(for: summary, keywords: keywords, words: keywordWords,
                     pageType: Self.pageType(of: summary, keywords: keywords, words: keywordWords), avoidingTitles: used)
    }

    /// ``title(for:keywords:avoidingTitles:)`` with the topic's plan, whose page type the title
    /// follows (decided once for both).
    public func titleAndPlan(for summary: ClusterSummary, keywords: [ClusterKeyword],
                             avoidingTitles used: UsedTitles) -> (title: String, plan: TopicPlan) {
        let keywordWords = keywords.map { KeywordText.words($0.text) }
        let pageType = Self.pageType(of: summary, keywords: keywords, words: keywordWords)
        let title = title(for: summary, keywords: keywords, words: keywordWords, pageType: pageType, avoidingTitles: used)
        return (title, TopicPlan(summary: summary, keywords: keywords, pageType: pageType))
    }

    /// The page type of the topic, its keywords already split into `words`.
    private static func pageType(of summary: ClusterSummary, keywords: [ClusterKeyword], words: [[String]]) -> PageType {
        PageTypeClassifier.pageType(primary: KeywordText.words(summary.primaryKeyword), keywords: keywords, words: words)
    }

    /// The title of a topic of page type `pageType` whose keywords split into `keywordWords`.
    private func title(for summary: ClusterSummary, keywords: [ClusterKeyword], words keywordWords: [[String]],
                       pageType: PageType, avoidingTitles used: UsedTitles) -> String {
        let primary = Self.cleanSubject(summary.primaryKeyword)
        let hash = StableHash.fnv1a(primary)
        let items = ListItems.count(label: summary.label, words: keywordWords)
        let number = min(items, 15)
        let ages = TitleChecks.ages(words: keywordWords + [KeywordText.words(primary)])
        let spelling = SubjectSpelling(keywords: keywords)
        let secondaries = keywords
            .filter { Self.cleanSubject($0.text) != primary }
            .sorted(by: ClusterSummarizer.ranksBefore)
        let city = summary.intent == .local && pageType == .localService ? Self.mainCity(of: secondaries) : nil
        let quality = TitleQuality.Primary(primary)
        let localQuality = pageType == .localService ? TitleQuality.LocalPrimary(primary) : nil

        func accept(_ candidate: String?) -> String? {
            guard let candidate,
                  TitleQuality.accepts(candidate, primary: quality)
                    || localQuality.map({ TitleQuality.acceptsLocal(candidate, primary: $0) }) == true,
                  !TitleChecks.hasFiller(candidate, primaryWords: quality.words),
                  !TitleChecks.hasYearWithoutAging(candidate, primary: primary, topicAges: ages),
                  !TitleChecks.hasNumberWithoutItems(candidate, primary: primary, items: items),
                  !used.contains(candidate)
            else { return nil }
            return candidate
        }

        func context(subject: String) -> TitleContext {
            let shape = KeywordShape(subject)
            let words = KeywordText.words(subject)
            let place = PlaceNames.firstPlace(in: words)
            var context = TitleContext(
                subject: subject, shape: shape, intent: summary.intent, year: year,
                number: number, city: shape.hasPlace ? nil : city
            )
            context.pageType = pageType
            context.ages = ages
            context.spelled = spelling.apply(subject, place: place)
            if pageType == .localService, let place {
                var rest = words
                rest.removeSubrange(place.index ..< place.index + place.length)
                if place.index > 0, ["in", "near"].contains(rest[place.index - 1]) { rest.remove(at: place.index - 1) }
                context.place = (spelling.apply(rest.joined(separator: " "), place: nil), place.display)
            }
            return context
        }

        func attempt(subject: String) -> String? {
            let context = context(subject: subject)
            var preferred = TitleTemplates.primary(for: context)
            if pageType == .article && context.shape.form == .phrase || pageType == .comparison {
                // Noun-phrase articles and comparisons rotate by hash among their templates, the
                // bare keyword last.
                let bare = preferred.filter { $0.pattern == "{k}" }
                preferred.removeAll { $0.pattern == "{k}" }
                if !preferred.isEmpty {
                    let start = Int(hash % UInt64(preferred.count))
                    preferred = Array(preferred[start...] + preferred[..<start])
                }
                preferred += bare
            }
            // Other pages try theirs in order: the first is the page type's own title (a
            // question's is the question itself).
            for template in preferred {
                if let title = accept(template.render(context)) { return title }
            }
            for template in TitleTemplates.fallbacks where template.isApplicable(context) {
                if let title = accept(template.render(context)) { return title }
            }
            return nil
        }

        // 1 and 2: the primary keyword itself.
        if let title = attempt(subject: primary) { return title }

        // 3: secondary keywords that extend the primary keyword.
        let primaryWords = KeywordText.words(primary)
        for keyword in secondaries {
            let subject = Self.cleanSubject(keyword.text)
            guard subject.count <= TitleQuality.maximumLength,
                  KeywordText.isSubsequence(primaryWords, of: KeywordText.words(subject))
            else { continue }
            if let title = attempt(subject: subject) { return title }
        }

        // 4: a distinguishing word.
        let shape = KeywordShape(primary)
        for word in Self.distinguishingWords(of: secondaries, excluding: Set(primaryWords)) {
            let subject = shape.form == .phrase ? "\(primary) for \(word)" : primary
            let suffix = shape.form == .phrase ? "" : " (\(word))"
            var wordContext = context(subject: subject)
            wordContext.place = nil
            for template in TitleTemplates.fallbacks + TitleTemplates.bare {
                guard template.isApplicable(wordContext), let rendered = template.render(wordContext) else { continue }
                if let title = accept(TitleCase.apply(rendered + suffix)) { return title }
            }
        }

        // 5: the keyword alone, then numbered parts.
        let bare = TitleCase.apply(spelling.apply(primary, place: PlaceNames.firstPlace(in: primaryWords))
            + (shape.form == .question ? "?" : ""))
        if let title = accept(bare) { return title }
        for part in 2...(used.count + 2) {
            let title = TitleCase.apply("\(bare) (Part \(part))")
            guard TitleQuality.accepts(title, primary: quality) else { break }
            if !used.contains(title) { return title }
        }
        return bare
    }

    /// A title for the cluster when no other title needs avoiding.
    public func title(for summary: ClusterSummary, keywords: [ClusterKeyword]) -> String {
        title(for: summary, keywords: keywords, avoiding: [])
    }

    /// `keyword` trimmed of spaces and of trailing `?`, `.` and `!`.
    static func cleanSubject(_ keyword: String) -> String {
        asciiCleanSubject(keyword) ?? cleanSubjectByCharacter(keyword)
    }

    /// `cleanSubject` for any text.
    static func cleanSubjectByCharacter(_ keyword: String) -> String {
        var text = keyword.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        // Closing punctuation would stand before a template's colon ("Completely.: A Guide").
        while let last = text.last, last == "?" || last == "." || last == "!" { text.removeLast() }
        return text.lowercased()
    }

    /// `cleanSubject` of pure-ASCII text, on bytes (the same result); nil for other text.
    static func asciiCleanSubject(_ keyword: String) -> String? {
        guard var text = ASCIIText.lowercasedCollapsing(keyword, separators: ASCIIText.isWhitespace) else { return nil }
        while let last = text.utf8.last, last == UInt8(ascii: "?") || last == UInt8(ascii: ".") || last == UInt8(ascii: "!") {
            text.removeLast()
        }
        return text
    }

    /// The first place named by the best-ranked keywords, as lower-case text.
    ///
    /// - Complexity: O(*k*) place look-ups for *k* keywords.
    static func mainCity(of ranked: [ClusterKeyword]) -> String? {
        for keyword in ranked {
            if let place = PlaceNames.firstPlace(in: KeywordText.words(keyword.text)) { return place.text }
        }
        return nil
    }

    /// Content words of the secondary keywords that the primary keyword lacks, heaviest
    /// first (weight: summed volume plus one per keyword), then alphabetically.
    ///
    /// - Complexity: O(*w* log *w*) for *w* words in the secondary keywords.
    static func distinguishingWords(of keywords: [ClusterKeyword], excluding primaryWords: Set<String>) -> [String] {
        var weights: [String: Int] = [:]
        for keyword in keywords {
            let words = KeywordText.words(keyword.text)
            for word in Set(words) where isQualifier(word) && !primaryWords.contains(word) {
                let (sum, overflow) = weights[word, default: 0].addingReportingOverflow(max(keyword.volume ?? 0, 0) + 1)
                weights[word] = overflow ? Int.max : sum
            }
        }
        return weights.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    /// Whether `word` can qualify a topic: a content word, not a modifier, number or year.
    private static func isQualifier(_ word: String) -> Bool {
        guard word.count >= 3, word.allSatisfy({ $0.isLetter }) else { return false }
        if TitleCase.smallWords.contains(word) || KeywordShape.questionLeads.contains(word) { return false }
        return IntentLexicon.modifiers.allSatisfy { $0.words != [word] }
            && !["near", "you", "your", "my", "me", "with", "without", "that", "this", "not"].contains(word)
    }
}
