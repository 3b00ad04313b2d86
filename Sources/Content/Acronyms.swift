/// Words titles write in capitals or in a brand's own casing: ``TitleCase/fixedSpellings``
/// (a list of initialisms and brands) plus, from the ``Gazetteer``, every US state postal
/// code and every short form spelled in capitals that is not also a common word ("TX",
/// "NYC", "OKC", "DFW"; not "in", "or", "me", which are capitals only where a keyword uses
/// them as a place).
enum Acronyms {
    /// The fixed spelling of the lower-case word `word`, or nil.
    static func spelling(of word: String) -> String? {
        TitleCase.fixedSpellings[word]
    }

    /// The gazetteer's codes and short forms written in capitals, by lower-case key.
    static let fromGazetteer: [String: String] = {
        var table: [String: String] = [:]
        for (key, place) in Gazetteer.places
        where (place.kind == .stateCode || place.kind == .shortForm) && !place.isCommonWord && !key.contains(" ")
            && place.display == place.display.uppercased() {
            table[key] = place.display
        }
        return table
    }()
}
