/// Titles for pillar (hub) pages, the pages that gather a group of topics.
///
/// The hub is named by the words its topics' labels share, weighted by volume: the longest
/// run of words (up to three) that labels holding at least half of the group's volume
/// contain, else the heaviest single word. The subtitle lists what the group holds, from
/// its topics' page types, largest share first: "Car Accident: Lawyers by City, Guides and
/// Tools". Deterministic: ties go to alphabetical order.
public enum HubTitles {
    /// A hub title for the topics `summaries` (with their page types, in the same order), at
    /// most ``TitleQuality/maximumLength`` characters. `summaries` must not be empty.
    ///
    /// - Complexity: O(*t* × *w*²) for *t* topics of labels of *w* words.
    public static func title(for summaries: [ClusterSummary], pageTypes: [PageType]) -> String {
        precondition(!summaries.isEmpty && summaries.count == pageTypes.count, "one page type per topic, at least one topic")
        let head = TitleCase.apply(sharedPhrase(summaries))
        var shares: [String: Int] = [:]
        for (summary, type) in zip(summaries, pageTypes) {
            guard let facet = facets[type] else { continue }
            shares[facet, default: 0] += max(summary.totalVolume, 0) + 1
        }
        let ordered = shares.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        var chosen: [String] = []
        for facet in ordered {
            let candidate = head + ": " + joined(chosen + [facet])
            guard candidate.count <= TitleQuality.maximumLength, chosen.count < 3 else { break }
            chosen.append(facet)
        }
        return chosen.isEmpty ? head : head + ": " + joined(chosen)
    }

    /// What each page type adds to a hub, as a subtitle word.
    static let facets: [PageType: String] = [
        .article: "Guides", .service: "Services", .localService: "Local Services", .product: "Products",
        .comparison: "Comparisons", .tool: "Tools", .definition: "Terms",
    ]

    /// The phrase the topics' labels share (rule in the type's documentation).
    static func sharedPhrase(_ summaries: [ClusterSummary]) -> String {
        var weights: [[String]: Int] = [:]
        var total = 0
        for summary in summaries {
            let weight = max(summary.totalVolume, 0) + 1
            total += weight
            let words = KeywordText.words(summary.label)
            var phrases = Set<[String]>()
            for start in words.indices {
                for length in 1...3 where start + length <= words.count {
                    phrases.insert(Array(words[start ..< start + length]))
                }
            }
            for phrase in phrases { weights[phrase, default: 0] += weight }
        }
        let ranked = weights.filter { phrase, _ in
            !(phrase.first.map(TitleCase.smallWords.contains) ?? true) && !(phrase.last.map(TitleCase.smallWords.contains) ?? true)
        }.sorted { lhs, rhs in
            let lhsShared = lhs.value * 2 >= total, rhsShared = rhs.value * 2 >= total
            if lhsShared != rhsShared { return lhsShared }
            if lhsShared, lhs.key.count != rhs.key.count { return lhs.key.count > rhs.key.count }
            if lhs.value != rhs.value { return lhs.value > rhs.value }
            return lhs.key.lexicographicallyPrecedes(rhs.key)
        }
        return ranked.first.map { $0.key.joined(separator: " ") } ?? summaries[0].label
    }

    private static func joined(_ parts: [String]) -> String {
        switch parts.count {
        case 0: return ""
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
    }
}
