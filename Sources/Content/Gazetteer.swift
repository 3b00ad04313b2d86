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

    /// The compiled text parsed in one pass over its UTF-8 bytes (splitting by `Character`
    /// cost 7% of a run on the bundled sample).
    private static let parsed: (places: [String: Place], longest: [String: Int]) = {
        var text = GazetteerData.text
        return text.withUTF8 { bytes in
            var places: [String: Place] = [:]
            var longest: [String: Int] = [:]
            places.reserveCapacity(bytes.count / 24)
            longest.reserveCapacity(bytes.count / 32)
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if lineEnd == lineStart { continue }
                var fields: [Range<Int>] = []
                var fieldStart = lineStart
                for index in lineStart ..< lineEnd where bytes[index] == UInt8(ascii: "|") {
                    fields.append(fieldStart ..< index)
                    fieldStart = index + 1
                }
                fields.append(fieldStart ..< lineEnd)
                func field(_ number: Int) -> String { String(decoding: bytes[fields[number]], as: UTF8.self) }
                guard fields.count == 5, fields[2].count == 1,
                      let kind = Kind(rawValue: Character(Unicode.Scalar(bytes[fields[2].lowerBound]))) else {
                    preconditionFailure("GazetteerData holds a malformed line \"\(String(decoding: bytes[lineStart ..< lineEnd], as: UTF8.self))\": run scripts/make_gazetteer.py")
                }
                let key = field(0)
                places[key] = Place(display: field(1), kind: kind, region: field(3), isCommonWord: field(4) == "w")
                let keyBytes = bytes[fields[0]]
                let firstWordEnd = keyBytes.firstIndex(of: UInt8(ascii: " ")) ?? keyBytes.endIndex
                let wordCount = 1 + keyBytes.lazy.filter { $0 == UInt8(ascii: " ") }.count
                let firstWord = String(decoding: bytes[keyBytes.startIndex ..< firstWordEnd], as: UTF8.self)
                longest[firstWord] = max(longest[firstWord] ?? 0, wordCount)
            }
            return (places, longest)
        }
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
