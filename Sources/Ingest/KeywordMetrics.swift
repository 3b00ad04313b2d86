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
public struct KeywordMetrics: Sendable, Hashable, Codable {
    public var volume: Int?
    public var cpc: Double?
    public var difficulty: Double?
    public var clicks: Int?
    public var impressions: Int?
    public var ctr: Double?
    public var position: Double?
    public var competition: Double?
    public var intent: String?
    public var url: String?
    public var parentKeyword: String?

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
        self.intent = intent
        self.url = url
        self.parentKeyword = parentKeyword
    }
}
