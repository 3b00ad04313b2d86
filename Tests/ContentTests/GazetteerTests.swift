import Testing
@testable import Content

@Suite("Gazetteer and place names")
struct GazetteerTests {
    @Test("The compiled gazetteer is what scripts/make_gazetteer.py wrote: its hash matches the one it recorded")
    func compiledDataIsIntact() {
        // Given the text the script generated and the FNV-1a hash it wrote beside it
        // When the hash is recomputed from the text, then it is the same (a hand edit changes it)
        #expect(Gazetteer.isIntact)
        #expect(StableHash.fnv1a(GazetteerData.text) == GazetteerData.checksum)
        // And every line parsed: thousands of names of every kind
        #expect(Gazetteer.places.count == GazetteerData.text.split(separator: "\n").count)
        #expect(Gazetteer.places.count > 8_000)
        let kinds = Set(Gazetteer.places.values.map(\.kind))
        #expect(kinds == [.city, .state, .stateCode, .county, .region, .country, .shortForm])
        // And each name's first word knows the longest name it starts, and non-ASCII keys parse whole
        #expect(Gazetteer.longestNameByFirstWord.count == Set(Gazetteer.places.keys.map { $0.split(separator: " ")[0] }).count)
        for (key, _) in Gazetteer.places {
            let words = key.split(separator: " ")
            #expect(Gazetteer.longestNameByFirstWord[String(words[0]), default: 0] >= words.count, "\(key)")
        }
        #expect(Gazetteer.longestNameByFirstWord["new"] == Gazetteer.places.keys.filter { $0.hasPrefix("new ") }
            .map { $0.split(separator: " ").count }.max())
        #expect(Gazetteer.places["abū ghurayb"]?.display == "Abū Ghurayb")
    }

    @Test("Real data: cities with their state, states with codes, counties, regions, countries, short forms")
    func contents() {
        #expect(Gazetteer.places["corpus christi"] == .init(display: "Corpus Christi", kind: .city, region: "TX", isCommonWord: false))
        #expect(Gazetteer.places["texas"]?.region == "TX")
        #expect(Gazetteer.places["tx"]?.kind == .stateCode)
        #expect(Gazetteer.places["clay county"]?.kind == .county)
        #expect(Gazetteer.places["ontario"]?.kind == .region)
        #expect(Gazetteer.places["new south wales"]?.kind == .region)
        #expect(Gazetteer.places["germany"]?.kind == .country)
        #expect(Gazetteer.places["manchester"]?.kind == .city)
        for short in ["nyc", "okc", "dfw", "philly"] { #expect(Gazetteer.places[short]?.kind == .shortForm, "\(short)") }
        #expect(Gazetteer.places["st louis"]?.display == "St. Louis")
        #expect(Gazetteer.places["saint louis"]?.display == "St. Louis")
        // Names that are common words are flagged; others are not
        for word in ["mobile", "orange", "sunrise", "aurora", "in", "or", "me"] {
            #expect(Gazetteer.places[word]?.isCommonWord == true, "\(word)")
        }
        #expect(Gazetteer.places["clearwater"]?.isCommonWord == false)
    }

    @Test("Places count anywhere unless they are common words", arguments: [
        ("car accident lawyer corpus christi", "Corpus Christi, TX"),
        ("clearwater personal injury lawyer", "Clearwater, FL"),
        ("birth injury attorney clay county", "Clay County"),
        ("medical malpractice lawyer okc", "OKC"),
        ("personal injury lawyer nyc", "NYC"),
        ("workers comp lawyer dfw", "DFW"),
        ("divorce lawyer springfield mo", "Springfield, MO"),
        ("aurora il car accident lawyer", "Aurora, IL"),
        ("aurora nursing home abuse lawyer", "Aurora"),
        ("dentist in mobile", "Mobile, AL"),
        ("car accident lawyer tx", "TX"),
        ("slip and fall lawyer in manchester", "Manchester"),
        ("truck accident lawyer texas", "Texas"),
    ])
    func placeFound(keyword: String, display: String) {
        let match = PlaceNames.firstPlace(in: KeywordText.words(keyword))
        #expect(match?.display == display, "\(keyword): \(String(describing: match))")
    }

    @Test("Common words and postal codes stay words outside a place position", arguments: [
        "mobile home insurance", "orange juice benefits", "sunrise alarm clock", "aurora borealis forecast",
        "lawyer or attorney", "lawyer near me", "how to sign in", "phoenix palm", "reading glasses",
        "mobile phone repair cost",
    ])
    func noPlace(keyword: String) {
        #expect(PlaceNames.firstPlace(in: KeywordText.words(keyword)) == nil, "\(keyword)")
    }
}
