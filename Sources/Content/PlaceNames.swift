/// Finds the place a keyword names, with the names of the ``Gazetteer``.
///
/// - A name that is not a common word counts anywhere ("car accident lawyer corpus christi",
///   "clearwater personal injury lawyer", "okc").
/// - A name that is also a common word ("mobile", "orange", "sunrise", "aurora") counts only in
///   a place position: after "in", "near" or "around"; before a state ("aurora il"); last, right
///   after a service word ("dentist mobile"); or first, before a service phrase of three or
///   more words that ends the keyword ("aurora nursing home abuse lawyer"; not "mobile home
///   lawyer", where the name is part of the service).
/// - A state's postal code counts after a city or county ("austin tx"), after "in", or last
///   right after a service word ("car accident lawyer tx"); never on its own elsewhere ("or",
///   "in", "me" stay words).
/// - A city or county followed by a state name or code takes that state ("springfield mo").
enum PlaceNames {
    /// A place found in a keyword: where it starts, how many words it spans, its words.
    struct Match: Sendable, Hashable {
        let index: Int
        let length: Int
        let words: [String]
        /// The gazetteer's entry for the name (the city, when a state follows it).
        let place: Gazetteer.Place
        /// The state's postal code: given in the keyword or known for the name; nil otherwise.
        let state: String?

        /// The place as text, lower-case ("san diego").
        var text: String { words.joined(separator: " ") }

        /// The place as a title writes it: "Corpus Christi, TX", "Texas", "NYC", "London".
        var display: String {
            switch place.kind {
            case .city, .county:
                if let state { return "\(place.display), \(state)" }
                return place.display
            default:
                return place.display
            }
        }
    }

    /// Words after which any name counts as a place.
    private static let placePrepositions: Set<String> = ["in", "near", "around"]

    /// The first place named in `words`, longest name first at one position (rules in the
    /// type's documentation).
    ///
    /// - Complexity: O(*n* × *m*) look-ups for *n* words and names of up to *m* words.
    static func firstPlace(in words: [String]) -> Match? {
        var serviceEnd: Int??
        func serviceEndIndex() -> Int? {
            if serviceEnd == nil { serviceEnd = .some(ServiceLexicon.serviceEnd(in: words)) }
            return serviceEnd!
        }
        var index = 0
        while index < words.count {
            guard let (place, length) = Gazetteer.longestName(at: index, in: words) else {
                index += 1
                continue
            }
            let end = index + length
            let stateAfter = place.kind == .city || place.kind == .county || place.kind == .shortForm
                ? state(at: end, in: words) : nil
            let afterPreposition = index > 0 && placePrepositions.contains(words[index - 1])
            let counts: Bool
            if place.kind == .stateCode {
                counts = index > 0 && words[index - 1] == "in"
                    || end == words.count && index > 0 && ServiceLexicon.heads.contains(words[index - 1])
            } else if place.isCommonWord {
                let service = serviceEndIndex()
                counts = afterPreposition || stateAfter != nil
                    || end == words.count && index > 0 && ServiceLexicon.heads.contains(words[index - 1])
                    || index == 0 && service == words.count && words.count - end >= 3
            } else {
                counts = true
            }
            if counts {
                let total = length + (stateAfter?.length ?? 0)
                let known = place.kind == .state || place.kind == .stateCode ? place.region : nil
                let ownState = place.kind == .city || place.kind == .county ? place.region : ""
                return Match(index: index, length: total, words: Array(words[index ..< index + total]), place: place,
                             state: stateAfter?.code ?? known ?? (ownState.isEmpty ? nil : ownState))
            }
            index += 1
        }
        return nil
    }

    /// The US state named at `words[index]` by its postal code or its name, and how many
    /// words it takes.
    private static func state(at index: Int, in words: [String]) -> (code: String, length: Int)? {
        guard index < words.count, let (place, length) = Gazetteer.longestName(at: index, in: words),
              place.kind == .state || place.kind == .stateCode
        else { return nil }
        return (place.region, length)
    }
}
