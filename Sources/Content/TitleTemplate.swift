/// One way to turn a keyword into a title, such as `Best {k} in {y}`.
///
/// Placeholders: `{k}` the subject (the primary keyword, or a longer keyword containing
/// it), `{y}` the year, `{n}` a number (the topic's count of items), `{c}` a city, `{s}` the
/// subject without its place, `{p}` the subject's place as titles write it ("Corpus Christi,
/// TX"), `{?}` the subtitle separator (`?` after a full question, `:` otherwise, "When to
/// Plant Garlic: ..."). The rendered text is title-cased as a whole.
///
/// A template with `{y}` applies only to topics that age, one with `{n}` only to topics with
/// at least three items, one with `{s}` or `{p}` only to subjects naming a place.
struct TitleTemplate: Sendable {
    /// The pattern with its placeholders.
    let pattern: String
    /// Whether the template reads well for a subject and a cluster.
    let isApplicable: @Sendable (TitleContext) -> Bool
    /// Whether the pattern places a city.
    private let placesCity: Bool

    /// A template, applicable when `condition` holds (always by default) and the topic has
    /// what its placeholders need.
    init(_ pattern: String, when condition: @escaping @Sendable (TitleContext) -> Bool = { _ in true }) {
        self.pattern = pattern
        let needsYear = pattern.contains("{y}")
        let needsNumber = pattern.contains("{n}")
        let needsPlace = pattern.contains("{s}") || pattern.contains("{p}")
        self.isApplicable = { context in
            (!needsYear || context.ages) && (!needsNumber || context.number >= 3)
                && (!needsPlace || context.place != nil) && condition(context)
        }
        placesCity = pattern.contains("{c}")
    }

    /// The title this template gives in `context`, title-cased, or `nil` when the template
    /// needs a city the context does not have.
    ///
    /// - Complexity: O(*n*) in the length of the title: one pass over the pattern, each
    ///   placeholder replaced by its value (values are never searched for placeholders).
    func render(_ context: TitleContext) -> String? {
        if placesCity, context.city == nil { return nil }
        let separator = context.shape.form == .question && !context.shape.isTopicQuestion ? "?" : ":"
        var text = ""
        text.reserveCapacity(pattern.utf8.count + context.subject.utf8.count + 8)
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            let afterOpen = rest.index(after: open)
            let value: String?
            if afterOpen < rest.endIndex, let close = rest.index(afterOpen, offsetBy: 1, limitedBy: rest.endIndex),
               close < rest.endIndex, rest[close] == "}" {
                switch rest[afterOpen] {
                case "?": value = separator
                case "y": value = String(context.year)
                case "n": value = String(context.number)
                case "c": value = context.city
                case "k": value = context.spelledSubject
                case "s": value = context.place?.service
                case "p": value = context.place?.display
                default: value = nil
                }
                if let value {
                    text += value
                    rest = rest[rest.index(after: close)...]
                    continue
                }
            }
            text.append("{")
            rest = rest[afterOpen...]
        }
        text += rest
        return TitleCase.apply(text)
    }
}

/// Everything a template may look at: the subject and its shape, the cluster's intent,
/// and the values placed in the title.
struct TitleContext: Sendable {
    /// The keyword the title is built around (lower-case, no trailing "?").
    let subject: String
    /// The subject's grammar and modifiers.
    let shape: KeywordShape
    /// The cluster's intent.
    let intent: SearchIntent
    /// The year placed in titles that carry one.
    let year: Int
    /// The number placed in listicle titles ("7 ... Tips").
    let number: Int
    /// The main city of a local cluster whose subject names no place, if any.
    let city: String?
    /// The topic's page type.
    var pageType: PageType = .article
    /// Whether the topic ages, so a year may stand in its title.
    var ages = false
    /// The subject spelled for titles (places and source spellings kept); `subject` when nil.
    var spelled: String?
    /// The place the subject names and the subject without it, for local landing pages.
    var place: (service: String, display: String)?

    /// The subject as `{k}` writes it.
    var spelledSubject: String { spelled ?? subject }

    /// Whether the subject's last word is one of `words`.
    func endsWith(_ words: Set<String>) -> Bool { words.contains(shape.lastWord) }
}
