/// Words that name a service someone hires or a business someone visits ("lawyer",
/// "plumber", "roof repair", "dentist", "hotel"): with a place they make a local landing
/// page, and they decide where a place name that is also a common word counts as a place
/// ("aurora lawyer", "dentist in mobile").
enum ServiceLexicon {
    /// Single words that end a service phrase, singular and plural.
    static let heads: Set<String> = {
        let singular = [
            // Law and money.
            "lawyer", "attorney", "solicitor", "barrister", "advocate", "notary", "accountant", "cpa",
            "bookkeeper", "realtor", "broker", "agent", "agency", "adviser", "advisor", "planner",
            "firm", "bondsman",
            // Health.
            "dentist", "orthodontist", "doctor", "physician", "pediatrician", "dermatologist",
            "chiropractor", "therapist", "psychologist", "psychiatrist", "counselor", "clinic",
            "hospital", "pharmacy", "optometrist", "veterinarian", "vet", "surgeon", "podiatrist",
            "audiologist", "midwife", "nurse",
            // Home and trade.
            "plumber", "electrician", "roofer", "contractor", "handyman", "locksmith",
            "exterminator", "landscaper", "painter", "mover", "cleaner", "installer", "remodeler",
            "carpenter", "welder", "center", "centre", "nursery", "inspector", "appraiser", "surveyor", "architect",
            "mechanic", "technician", "tutor", "trainer", "photographer", "videographer", "caterer",
            "florist", "dj", "groomer", "sitter", "nanny", "daycare", "preschool", "salon", "barber",
            "barbershop", "spa", "gym", "restaurant", "hotel", "motel", "bakery", "cafe",
            "store", "shop", "dealership", "dealer", "showroom", "venue",
            "service", "company", "contractors",
        ]
        let plural = singular.map { word -> String in
            if word.hasSuffix("y"), !["attorney", "company"].contains(word) { return String(word.dropLast()) + "ies" }
            if word.hasSuffix("s") || word.hasSuffix("sh") || word.hasSuffix("ch") { return word + "es" }
            return word + "s"
        }
        return Set(singular + plural + [
            "attorneys", "companies", "services", "movers", "cleaners",
            // Trade nouns that name the service itself.
            "repair", "repairs", "installation", "replacement", "removal", "cleaning", "plumbing",
            "roofing", "landscaping", "remodeling", "renovation", "towing", "detailing", "storage",
            "pest", "exterminators", "grooming", "boarding", "hvac", "moving", "painting", "paving",
            "fencing", "flooring", "siding", "catering", "lawncare", "counseling", "rehab",
            "physiotherapy", "dentistry", "orthodontics", "chiropractic", "daycares",
        ])
    }()

    /// Phrases that are a service whatever the last word says ("pest control", "lawn care",
    /// "law firm"), as word lists.
    static let phrases: [[String]] = [
        "pest control", "lawn care", "law firm", "law firms", "law office", "law offices", "tree service",
        "urgent care", "home care", "day care", "pool builders", "home builders", "home builder", "deck builders", "pool service", "car wash",
        "auto repair", "body shop", "driving school", "real estate agent", "personal trainer",
        "physical therapy", "legal aid", "bail bonds", "tax preparation", "wedding venue",
    ].map { $0.split(separator: " ").map(String.init) }

    /// The index just past the service head in `words` (the head itself, or the last word of a
    /// service phrase), the rightmost one, or nil.
    static func serviceEnd(in words: [String]) -> Int? {
        for index in words.indices.reversed() {
            if heads.contains(words[index]) { return index + 1 }
            for phrase in phrasesByLastWord[words[index]] ?? [] where index + 1 >= phrase.count {
                if words[(index + 1 - phrase.count)...index].elementsEqual(phrase) { return index + 1 }
            }
        }
        return nil
    }

    /// ``phrases`` by their last word.
    private static let phrasesByLastWord: [String: [[String]]] = Dictionary(grouping: phrases) { $0.last! }
}
