/// A small gazetteer of cities and regions that mark a keyword as local
/// ("landscaping austin", "garden centers in denver").
///
/// Names that are also ordinary words ("phoenix palm", "mobile", "buffalo grass") count
/// only after "in" or "near"; the others count anywhere in a keyword.
enum PlaceNames {
    /// A place found in a keyword: where it starts, how many words it spans, its words.
    struct Match: Sendable, Hashable {
        let index: Int
        let length: Int
        let words: [String]

        /// The place as text, lower-case ("san diego").
        var text: String { words.joined(separator: " ") }
    }

    /// Places recognised anywhere in a keyword.
    static let unambiguous: [[String]] = split([
        "new york", "new york city", "nyc", "los angeles", "chicago", "houston", "philadelphia",
        "san antonio", "san diego", "dallas", "austin", "san jose", "fort worth",
        "jacksonville", "san francisco", "indianapolis", "seattle", "denver", "boston",
        "nashville", "detroit", "portland", "las vegas", "memphis", "louisville",
        "baltimore", "milwaukee", "albuquerque", "tucson", "fresno", "sacramento",
        "kansas city", "atlanta", "omaha", "raleigh", "miami", "minneapolis", "tulsa",
        "tampa", "new orleans", "cleveland", "pittsburgh", "cincinnati", "st louis",
        "orlando", "salt lake city", "boise", "richmond", "charlotte", "oklahoma city",
        "el paso", "colorado springs", "honolulu", "anchorage", "scottsdale", "san jose",
        "toronto", "vancouver", "calgary", "montreal", "ottawa", "london", "manchester",
        "birmingham", "leeds", "glasgow", "edinburgh", "bristol", "dublin", "sydney",
        "melbourne", "brisbane", "perth", "auckland", "texas", "california", "florida",
        "arizona", "colorado", "oregon", "ohio", "michigan", "georgia", "utah", "nevada",
        "minnesota", "wisconsin", "illinois", "tennessee", "kentucky", "north carolina",
        "south carolina", "new jersey", "pennsylvania", "massachusetts", "virginia",
    ])

    /// Places recognised only after "in" or "near".
    static let ambiguous: [[String]] = split([
        "phoenix", "columbus", "buffalo", "mobile", "columbia", "jackson", "lincoln",
        "aurora", "madison", "spokane", "reno", "washington", "washington dc", "dc",
        "alabama", "indiana", "maine", "montana", "idaho", "iowa", "kansas", "missouri",
        "york", "bath", "reading", "victoria",
    ])

    private static func split(_ names: [String]) -> [[String]] {
        names.map { $0.split(separator: " ").map(String.init) }
            .sorted { $0.count > $1.count }
    }

    /// The first place named in `words`, longest name first at one position.
    ///
    /// - Complexity: O(*n* × *c*) for *n* words and *c* places sharing a first word.
    static func firstPlace(in words: [String]) -> Match? {
        var passed = Set<Int>()
        for index in words.indices {
            let preceded = index > 0 && (words[index - 1] == "in" || words[index - 1] == "near")
            // Candidates starting with this word: unambiguous names first, each list longest first;
            // at one position the longest name wins (the first listed among equals).
            var best: Match?
            for candidate in byFirstWord[words[index]] ?? [] {
                let (name, ambiguous) = candidate < unambiguous.count
                    ? (unambiguous[candidate], false) : (self.ambiguous[candidate - unambiguous.count], true)
                guard IntentLexicon.matches(name, at: index, in: words) else { continue }
                // An unambiguous name counts at its first occurrence only; an ambiguous one after "in" or "near".
                if ambiguous ? !preceded : !passed.insert(candidate).inserted { continue }
                if best == nil || name.count > best!.length { best = Match(index: index, length: name.count, words: name) }
            }
            if let best { return best }
        }
        return nil
    }

    /// Indices of names by first word: unambiguous names (0..<unambiguous.count) then
    /// ambiguous ones (offset by unambiguous.count), each list in its longest-first order.
    static let byFirstWord: [String: [Int]] = {
        var table: [String: [Int]] = [:]
        for (index, name) in (unambiguous + ambiguous).enumerated() {
            if let first = name.first { table[first, default: []].append(index) }
        }
        return table
    }()
}
