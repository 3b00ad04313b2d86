extension KeywordImport {
    /// This import followed by `other`, de-duplicated as files of one import are: a keyword in
    /// both keeps the metrics of its higher-volume row and the sources of both.
    /// - Complexity: O(keywords of both)
    public func merged(with other: KeywordImport) -> KeywordImport {
        var merger = KeywordMerger()
        merger.reserveCapacity(keywords.count + other.keywords.count)
        // One list after the other, without a concatenated copy of both.
        for list in [keywords, other.keywords] {
            for keyword in list {
                let isNew = merger.add(keyword.text, metrics: keyword.metrics, sources: keyword.sources)
                // A keyword seen again gains every source of its new row, not only the first.
                if !isNew { merger.addSources(keyword.sources, to: keyword.text) }
            }
        }
        return KeywordImport(keywords: merger.keywords, files: files + other.files, warnings: warnings + other.warnings,
                             writtenSpellings: writtenSpellings.merged(with: other.writtenSpellings))
    }
}
