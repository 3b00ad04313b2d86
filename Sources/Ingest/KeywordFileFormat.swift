/// The kinds of keyword file the importer recognises.
///
/// The format is always detected from the file's content (header names, preamble lines,
/// encoding), never from its name. See ``FormatDetector`` for the rules.
public enum KeywordFileFormat: String, Sendable, Codable, CaseIterable {
    /// Google Search Console Performance export, `Queries.csv` (`Top queries,Clicks,...`),
    /// including localised headers such as German `Suchanfrage`.
    case googleSearchConsole
    /// Bing Webmaster Tools search performance export (`Query,Clicks,...,Average position`).
    case bingWebmaster
    /// Ahrefs Keywords Explorer (`#,Keyword,Country,Difficulty,Volume,...`), 2022 to 2026 headers.
    case ahrefsKeywordsExplorer
    /// Ahrefs Site Explorer, Organic keywords (new and old headers).
    case ahrefsOrganicKeywords
    /// Semrush Keyword Magic Tool.
    case semrushKeywordMagic
    /// Semrush Organic Research, Positions (one row per ranking URL).
    case semrushOrganicPositions
    /// Semrush Keyword Strategy Builder / Keyword Manager.
    case semrushStrategyBuilder
    /// Semrush API-style semicolon-separated export (both column sets).
    case semrushAPI
    /// Google Ads Keyword Planner (UTF-16 LE, tab-separated, with a preamble),
    /// including the saved-keywords report.
    case googleAdsKeywordPlanner
    /// Google Ads search terms report (preamble lines, `Total:` rows).
    case googleAdsSearchTerms
    /// Moz Keyword Explorer (`Keyword,Monthly Volume,Difficulty,...`).
    case mozKeywordExplorer
    /// Any other delimited file with a recognisable (or user-named) keyword column.
    case genericCSV
    /// One keyword per line, no header.
    case plainList
    /// Not a file: the keywords kwcluster gathered by crawling the site (the source's path is
    /// the crawl's start URL). Never detected from a file's content.
    case siteCrawl
    /// Not a file: Search Console's queries read through its API (`--gsc`; the source's path is
    /// `gsc:PROPERTY`). Never detected from a file's content.
    case searchConsoleAPI
}
