/// The place names the content layer knows: cities, US states and their postal codes, US
/// counties, regions of English-speaking countries, countries and common short forms ("nyc",
/// "okc", "dfw"), compiled from GeoNames by `scripts/make_gazetteer.py` into
/// ``GazetteerData`` and read once, on first use.
///
/// This type only looks names up; ``PlaceNames`` decides where in a keyword a name counts.
enum Gazetteer {
    /// What a name is.
    enum Kind: Character, Sendable {
        case city = "c"
        case state = "s"
        case stateCode = "d"
        case county = "n"
        case region = "r"
        case country = "k"
        case shortForm = "a"
    }

    /// One place name.
    struct Place: Sendable, Hashable {
        /// The name as titles spell it ("Corpus Christi", "St. Louis", "NYC").
        let display: String
        let kind: Kind
        /// For US cities and counties the state's postal code when the name is one state's
        /// only; for states, codes and US short forms their state's code; otherwise empty.
        let region: String
        /// Whether the name is also a common lower-case word ("mobile", "orange", "in").
        let isCommonWord: Bool
    }

    /// Places by key: lower-case words joined by single spaces ("corpus christi").
    static let places: [String: Place] = parsed.places

    /// For each word that starts a name, the most words a name starting with it has.
    static let longestNameByFirstWord: [String: Int] = parsed.longest

    /// Whether the compiled text is intact: its hash is the one the script wrote.
    static var isIntact: Bool { StableHash.fnv1a(GazetteerData.text) == GazetteerData.checksum }

    private static let parsed: (places: [String: Place], longest: [String: Int]) = {
        var places: [String: Place] = [:]
        var longest: [String: Int] = [:]
        for line in GazetteerData.text.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 5, let letter = fields[2].first, let kind = Kind(rawValue: letter) else {
                preconditionFailure("GazetteerData holds a malformed line \"\(line)\": run scripts/make_gazetteer.py")
            }
            let key = String(fields[0])
            places[key] = Place(display: String(fields[1]), kind: kind, region: String(fields[3]),
                                isCommonWord: fields[4] == "w")
            let words = key.split(separator: " ")
            longest[String(words[0]), default: 0] = max(longest[String(words[0]), default: 0], words.count)
        }
        return (places, longest)
    }()

    /// The longest name starting at `words[index]`, and its length in words.
    ///
    /// - Complexity: O(*m*) dictionary look-ups for names of up to *m* words.
    static func longestName(at index: Int, in words: [String]) -> (place: Place, length: Int)? {
        guard let most = longestNameByFirstWord[words[index]] else { return nil }
        var length = min(most, words.count - index)
        while length >= 1 {
            let key = length == 1 ? words[index] : words[index ..< index + length].joined(separator: " ")
            if let place = places[key] { return (place, length) }
            length -= 1
        }
        return nil
    }
}
