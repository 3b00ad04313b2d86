/// The metrics an export carries for one keyword. Every field is optional because every
/// export carries a different subset.
///
/// Units:
/// - `volume`: average monthly searches. For exports without a volume column but with
///   impressions (Search Console, Bing, Google Ads search terms) impressions stand in. Keyword Planner ranges such as
///   `1K – 10K` become the geometric mean of the bounds (see ``NumberParsing``).
/// - `cpc`: cost per click in the export's currency. Keyword Planner gives a bid range; the
///   midpoint of the low and high top-of-page bids is used.
/// - `difficulty`: the tool's 0–100 keyword difficulty.
/// - `ctr`: a fraction between 0 and 1 (`45.61%` becomes `0.4561`).
/// - `competition`: a fraction between 0 and 1 (Semrush competitive density, Keyword
///   Planner indexed value / 100, or Low/Medium/High as 0.17/0.5/0.83).
/// - `intent`: lower-case intent names joined by `", "` (Semrush API codes are translated:
///   0 commercial, 1 informational, 2 navigational, 3 transactional; Ahrefs' true/false
///   intent columns become the names of the true ones).
/// - `url`: the ranking URL (Semrush Positions `URL`, Ahrefs `Current URL`), as written.
/// - `parentKeyword`: Ahrefs `Parent Keyword` / `Parent Topic`, normalised like keywords.
///
/// Stored compactly, because an import holds one per keyword (a million of them): 72 bytes
/// instead of the 176 of eleven optionals. A missing count is `Int.min` (parsed counts stay
/// within ±9·10¹⁵), a missing decimal one NaN bit pattern no arithmetic produces, and the three
/// texts sit in one shared, immutable ``Texts`` (rows with the same intent share one).
public struct KeywordMetrics: Sendable {
    private var storedVolume = Self.noCount
    private var storedClicks = Self.noCount
    private var storedImpressions = Self.noCount
    private var storedCPC = Self.noDecimal
    private var storedDifficulty = Self.noDecimal
    private var storedCTR = Self.noDecimal
    private var storedPosition = Self.noDecimal
    private var storedCompetition = Self.noDecimal
    /// `nil` when the keyword has none of the three texts.
    private(set) var texts: Texts?

    public var volume: Int? {
        get { Self.count(storedVolume) }
        set { storedVolume = Self.stored(newValue) }
    }
    public var cpc: Double? {
        get { Self.decimal(storedCPC) }
        set { storedCPC = Self.stored(newValue) }
    }
    public var difficulty: Double? {
        get { Self.decimal(storedDifficulty) }
        set { storedDifficulty = Self.stored(newValue) }
    }
    public var clicks: Int? {
        get { Self.count(storedClicks) }
        set { storedClicks = Self.stored(newValue) }
    }
    public var impressions: Int? {
        get { Self.count(storedImpressions) }
        set { storedImpressions = Self.stored(newValue) }
    }
    public var ctr: Double? {
        get { Self.decimal(storedCTR) }
        set { storedCTR = Self.stored(newValue) }
    }
    public var position: Double? {
        get { Self.decimal(storedPosition) }
        set { storedPosition = Self.stored(newValue) }
    }
    public var competition: Double? {
        get { Self.decimal(storedCompetition) }
        set { storedCompetition = Self.stored(newValue) }
    }
    public var intent: String? {
        get { texts?.intent }
        set { texts = Texts.make(intent: newValue, url: url, parentKeyword: parentKeyword) }
    }
    public var url: String? {
        get { texts?.url }
        set { texts = Texts.make(intent: intent, url: newValue, parentKeyword: parentKeyword) }
    }
    public var parentKeyword: String? {
        get { texts?.parentKeyword }
        set { texts = Texts.make(intent: intent, url: url, parentKeyword: newValue) }
    }

    public init(
        volume: Int? = nil, cpc: Double? = nil, difficulty: Double? = nil,
        clicks: Int? = nil, impressions: Int? = nil, ctr: Double? = nil, position: Double? = nil,
        competition: Double? = nil, intent: String? = nil, url: String? = nil, parentKeyword: String? = nil
    ) {
        self.volume = volume
        self.cpc = cpc
        self.difficulty = difficulty
        self.clicks = clicks
        self.impressions = impressions
        self.ctr = ctr
        self.position = position
        self.competition = competition
        texts = Texts.make(intent: intent, url: url, parentKeyword: parentKeyword)
    }

    /// Sets the three texts at once, to `texts` as they are (an importer passes the same
    /// instance for rows with the same texts, so they share it).
    mutating func setTexts(_ texts: Texts?) {
        self.texts = texts
    }

    /// The intent, URL and parent keyword of a keyword, out of line: most keywords have none or
    /// the same few, so many keywords point at one instance.
    final class Texts: Sendable {
        let intent: String?
        let url: String?
        let parentKeyword: String?

        private init(intent: String?, url: String?, parentKeyword: String?) {
            self.intent = intent
            self.url = url
            self.parentKeyword = parentKeyword
        }

        /// The texts, or `nil` when all three are missing.
        static func make(intent: String?, url: String?, parentKeyword: String?) -> Texts? {
            if intent == nil && url == nil && parentKeyword == nil { return nil }
            return Texts(intent: intent, url: url, parentKeyword: parentKeyword)
        }
    }

    private static let noCount = Int.min
    /// A quiet NaN with a payload of its own: parsing, arithmetic and `Double.nan` never give it.
    private static let noDecimal = Double(bitPattern: 0x7FF8_6B77_6E6F_6E65)

    @inline(__always)
    private static func count(_ stored: Int) -> Int? {
        stored == noCount ? nil : stored
    }

    @inline(__always)
    private static func decimal(_ stored: Double) -> Double? {
        stored.bitPattern == noDecimal.bitPattern ? nil : stored
    }

    @inline(__always)
    private static func stored(_ value: Int?) -> Int {
        guard let value else { return noCount }
        precondition(value != noCount, "KeywordMetrics cannot hold Int.min")
        return value
    }

    @inline(__always)
    private static func stored(_ value: Double?) -> Double {
        value ?? noDecimal
    }
}

/// Equal and hashed by the values, as if each were a stored optional (NaN is unequal to itself,
/// texts compare by content).
extension KeywordMetrics: Hashable {
    public static func == (lhs: KeywordMetrics, rhs: KeywordMetrics) -> Bool {
        lhs.volume == rhs.volume && lhs.cpc == rhs.cpc && lhs.difficulty == rhs.difficulty && lhs.clicks == rhs.clicks
            && lhs.impressions == rhs.impressions && lhs.ctr == rhs.ctr && lhs.position == rhs.position
            && lhs.competition == rhs.competition && lhs.intent == rhs.intent && lhs.url == rhs.url
            && lhs.parentKeyword == rhs.parentKeyword
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(volume)
        hasher.combine(cpc)
        hasher.combine(difficulty)
        hasher.combine(clicks)
        hasher.combine(impressions)
        hasher.combine(ctr)
        hasher.combine(position)
        hasher.combine(competition)
        hasher.combine(intent)
        hasher.combine(url)
        hasher.combine(parentKeyword)
    }
}

/// Shown by value, as a struct of the eleven optionals would be.
extension KeywordMetrics: CustomStringConvertible {
    public var description: String {
        let fields: [(String, Any?)] = [
            ("volume", volume), ("cpc", cpc), ("difficulty", difficulty), ("clicks", clicks), ("impressions", impressions),
            ("ctr", ctr), ("position", position), ("competition", competition), ("intent", intent), ("url", url),
            ("parentKeyword", parentKeyword),
        ]
        return "KeywordMetrics(" + fields.map { "\($0.0): \($0.1.map { "Optional(\(String(reflecting: $0)))" } ?? "nil")" }
            .joined(separator: ", ") + ")"
    }
}

/// Encoded as the stored optionals were: each present value under its name, missing ones left out.
extension KeywordMetrics: Codable {
    private enum CodingKeys: String, CodingKey {
        case volume, cpc, difficulty, clicks, impressions, ctr, position, competition, intent, url, parentKeyword
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            volume: try container.decodeIfPresent(Int.self, forKey: .volume),
            cpc: try container.decodeIfPresent(Double.self, forKey: .cpc),
            difficulty: try container.decodeIfPresent(Double.self, forKey: .difficulty),
            clicks: try container.decodeIfPresent(Int.self, forKey: .clicks),
            impressions: try container.decodeIfPresent(Int.self, forKey: .impressions),
            ctr: try container.decodeIfPresent(Double.self, forKey: .ctr),
            position: try container.decodeIfPresent(Double.self, forKey: .position),
            competition: try container.decodeIfPresent(Double.self, forKey: .competition),
            intent: try container.decodeIfPresent(String.self, forKey: .intent),
            url: try container.decodeIfPresent(String.self, forKey: .url),
            parentKeyword: try container.decodeIfPresent(String.self, forKey: .parentKeyword)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(volume, forKey: .volume)
        try container.encodeIfPresent(cpc, forKey: .cpc)
        try container.encodeIfPresent(difficulty, forKey: .difficulty)
        try container.encodeIfPresent(clicks, forKey: .clicks)
        try container.encodeIfPresent(impressions, forKey: .impressions)
        try container.encodeIfPresent(ctr, forKey: .ctr)
        try container.encodeIfPresent(position, forKey: .position)
        try container.encodeIfPresent(competition, forKey: .competition)
        try container.encodeIfPresent(intent, forKey: .intent)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encodeIfPresent(parentKeyword, forKey: .parentKeyword)
    }
}
