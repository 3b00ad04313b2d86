/// Hands out one ``KeywordMetrics/Texts`` per distinct intent, URL and parent keyword among
/// the rows of a file, so the million keywords of an export with a handful of intents point at
/// a handful of instances instead of holding a copy each.
///
/// Bounded: after ``capacity`` distinct combinations (files with a URL per keyword) new ones
/// get an instance of their own, as they would without the cache.
struct MetricTextsCache {
    static let capacity = 1_024

    private struct Key: Hashable {
        var intent: String?
        var url: String?
        var parentKeyword: String?
    }

    private var known: [Key: KeywordMetrics.Texts] = [:]

    /// The texts for these values: `nil` when all three are missing, else a shared instance.
    ///
    /// - Complexity: O(*m*) in the length of the texts (hashing).
    mutating func texts(intent: String?, url: String?, parentKeyword: String?) -> KeywordMetrics.Texts? {
        if intent == nil && url == nil && parentKeyword == nil { return nil }
        let key = Key(intent: intent, url: url, parentKeyword: parentKeyword)
        if let texts = known[key] { return texts }
        let texts = KeywordMetrics.Texts.make(intent: intent, url: url, parentKeyword: parentKeyword)
        if known.count < Self.capacity { known[key] = texts }
        return texts
    }
}
