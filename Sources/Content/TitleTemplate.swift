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
    /// Whether the pattern places a city.
    private let placesCity: Bool

    /// A template, applicable when `condition` holds (always by default).
    init(_ pattern: String, when condition: @escaping @Sendable (TitleContext) -> Bool = { _ in true }) {
        self.pattern = pattern
        self.isApplicable = condition
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
                case "k": value = context.subject
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

    /// Whether the subject's last word is one of `words`.
    func endsWith(_ words: Set<String>) -> Bool { words.contains(shape.lastWord) }
}
