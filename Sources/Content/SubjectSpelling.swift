/// How a title's subject is spelled before title case: a place as the gazetteer writes it
/// ("LA", "OKC", "McAllen", a state code after a city), and any word the source export wrote
/// in capitals or with a capital inside ("VA", "HubSpot"). Title case keeps those spellings
/// (``TitleCase``: capitals in mixed-case text are kept).
struct SubjectSpelling: Sendable {
    /// Spellings by lower-case word, from the keywords as the source wrote them.
    let written: [String: String]

    /// The spellings the keywords' source texts carry.
    init(keywords: [ClusterKeyword]) {
        var written: [String: String] = [:]
        for keyword in keywords {
            guard let source = keyword.asWritten, source != keyword.text else { continue }
            for token in source.split(whereSeparator: { $0.isWhitespace }) {
                let word = KeywordText.trimEdges(token)
                let letters = word.filter(\.isLetter)
                let capitals = letters.count >= 2 && letters.allSatisfy(\.isUppercase)
                let innerCapital = zip(word, word.dropFirst()).contains { $0.isLowercase && $1.isUppercase }
                if capitals || innerCapital { written[word.lowercased()] = word }
            }
        }
        self.written = written
    }

    /// `subject` (lower-case words) with its place and the written words spelled their way.
    func apply(_ subject: String, place: PlaceNames.Match?) -> String {
        var tokens = subject.split(separator: " ").map(String.init)
        if let place, tokens.count == KeywordText.words(subject).count, place.index + place.length <= tokens.count {
            let nameWords = place.place.display.split(separator: " ").map(String.init)
            let nameLength = place.state == nil || place.length == nameWords.count ? place.length
                : place.length - (place.words.last == place.state?.lowercased() ? 1 : 0)
            if nameWords.count == nameLength {
                for offset in 0 ..< nameLength where tokens[place.index + offset] == KeywordText.words(nameWords[offset]).first {
                    tokens[place.index + offset] = nameWords[offset]
                }
            }
            if nameLength < place.length, let state = place.state {
                tokens[place.index + place.length - 1] = state
            }
        }
        for index in tokens.indices {
            if let spelling = written[KeywordText.trimEdges(Substring(tokens[index])).lowercased()], tokens[index].lowercased() == spelling.lowercased() {
                tokens[index] = spelling
            }
        }
        return tokens.joined(separator: " ")
    }
}
