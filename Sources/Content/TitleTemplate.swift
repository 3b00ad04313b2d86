/// One way to turn a keyword into a title, such as `Best {k} in {y}`.
///
/// Placeholders: `{k}` the subject (the primary keyword, or a longer keyword containing
/// it), `{y}` the year, `{n}` a number, `{c}` a city, `{?}` the subtitle separator
/// (`?` after a full question, `:` otherwise, "When to Plant Garlic: ..."). The rendered text is title-cased as a whole.
struct TitleTemplate: Sendable {
    /// The pattern with its placeholders.
    let pattern: String
    /// Whether the template reads well for a subject and a cluster.
    let isApplicable: @Sendable (TitleContext) -> Bool

    /// A template, applicable when `condition` holds (always by default).
    init(_ pattern: String, when condition: @escaping @Sendable (TitleContext) -> Bool = { _ in true }) {
        self.pattern = pattern
        self.isApplicable = condition
    }

    /// The title this template gives in `context`, title-cased, or `nil` when the template
    /// needs a city the context does not have.
    func render(_ context: TitleContext) -> String? {
        if pattern.contains("{c}"), context.city == nil { return nil }
        let separator = context.shape.form == .question && !context.shape.isTopicQuestion ? "?" : ":"
        var text = pattern
        text = text.replacing("{?}", with: separator)
        text = text.replacing("{y}", with: String(context.year))
        text = text.replacing("{n}", with: String(context.number))
        if let city = context.city { text = text.replacing("{c}", with: city) }
        text = text.replacing("{k}", with: context.subject)
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

    /// Whether the subject's last word is one of `words`.
    func endsWith(_ words: Set<String>) -> Bool { words.contains(shape.lastWord) }
}
