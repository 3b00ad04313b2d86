/// De-duplicates normalised keywords within and across files.
///
/// A keyword seen again keeps the metrics of the row with the highest volume (a missing
/// volume counts as lowest; ties keep the first seen) and gains the new source path unless
/// it is already listed. Keywords stay in first-seen order.
struct KeywordMerger: Sendable {
    private(set) var keywords: [ImportedKeyword] = []
    /// Where each text is in `keywords`.
    private var positions = KeywordIndex()
    /// The words the rows capitalise, as they write them.
    var writtenSpellings = WrittenSpellings()

    /// Reserves room for about `count` unique keywords in the list (pages never written are
    /// never touched; the index grows as keywords come).
    mutating func reserveCapacity(_ count: Int) {
        keywords.reserveCapacity(count)
    }

    /// Adds one row's keyword.
    ///
    /// - Parameters:
    ///   - sources: `[source]`; pass the same array for every row of a file so new keywords
    ///     share its storage instead of allocating one array each.
    /// - Returns: `true` when the keyword is new, `false` when it merged into a known one.
    /// - Complexity: amortised O(*m*) in the keyword's length (hashing), plus O(*s*) in the
    ///   number of sources of a merged keyword.
    @discardableResult
    mutating func add(_ text: String, metrics: KeywordMetrics, sources: [String]) -> Bool {
        // One hash, whether the keyword is new or known.
        guard let index = positions.positionOrInsert(text, in: keywords) else {
            keywords.append(ImportedKeyword(text: text, metrics: metrics, sources: sources))
            return true
        }
        if let source = sources.first, keywords[index].sources.last != source, !keywords[index].sources.contains(source) {
            keywords[index].sources.append(source)
        }
        if (metrics.volume ?? Int.min) > (keywords[index].metrics.volume ?? Int.min) {
            keywords[index].metrics = metrics
        }
        return false
    }

    /// Adds sources to a known keyword, keeping first-seen order without repeats.
    mutating func addSources(_ sources: [String], to text: String) {
        guard let index = positions.position(of: text, in: keywords) else { return }
        for source in sources where !keywords[index].sources.contains(source) {
            keywords[index].sources.append(source)
        }
    }
}
