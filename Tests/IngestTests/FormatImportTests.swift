import Testing
@testable import Ingest

/// One test per export format and variant: the format detected, the keywords kept and the
/// metrics read from each fixture.
@Suite("Importing each export format")
struct FormatImportTests {
    @Test("Google Search Console Queries.csv: impressions stand in for volume")
    func searchConsole() throws {
        // Given a Search Console export with a duplicate that differs only in spacing
        let path = Fixture.path("gsc_queries.csv")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then the format is detected and impressions are the volume
        #expect(result.files == [ImportedFile(path: path, format: .googleSearchConsole, rowsRead: 4, keywordsKept: 3, duplicates: 1)])
        #expect(result.texts == ["running shoes", "best running shoes", "trail running shoes women"])
        let shoes = try #require(result["running shoes"])
        #expect(shoes.metrics.volume == 26_375)
        #expect(shoes.metrics.impressions == 26_375)
        #expect(shoes.metrics.clicks == 1_203)
        #expect(isClose(shoes.metrics.ctr, 0.0456))
        #expect(shoes.metrics.position == 3.2)
        #expect(shoes.sources == [path])
        #expect(result.warnings.isEmpty)
    }

    @Test("Google Search Console, German localisation with CRLF and decimal commas")
    func searchConsoleGerman() throws {
        // Given a German Search Console export
        // When it is imported
        let result = try Fixture.importing("gsc_german.csv")
        // Then German headers, dotted thousands and decimal commas are understood
        #expect(result.files.first?.format == .googleSearchConsole)
        #expect(result.texts == ["laufschuhe", "laufschuhe damen", "straße laufen"])
        let shoes = try #require(result["laufschuhe"])
        #expect(shoes.metrics.clicks == 1_203)
        #expect(shoes.metrics.volume == 26_375)
        #expect(isClose(shoes.metrics.ctr, 0.0456))
        #expect(shoes.metrics.position == 3.2)
        #expect(result["laufschuhe damen"]?.metrics.volume == 2_140)
        #expect(result["straße laufen"]?.metrics.position == 14)
    }

    @Test("Bing Webmaster Tools queries")
    func bing() throws {
        // Given a Bing export
        // When it is imported
        let result = try Fixture.importing("bing_queries.csv")
        // Then impressions are the volume and the average position is read
        #expect(result.files.first?.format == .bingWebmaster)
        #expect(result.texts == ["running shoes", "marathon training plan"])
        #expect(result["running shoes"]?.metrics.volume == 8_120)
        #expect(result["running shoes"]?.metrics.position == 4.1)
        #expect(isClose(result["marathon training plan"]?.metrics.ctr, 0.0239))
    }

    @Test("Ahrefs Keywords Explorer 2025: Volume, never Global volume")
    func ahrefs2025() throws {
        // Given an Ahrefs export whose Global volume is larger than Volume
        // When it is imported
        let result = try Fixture.importing("ahrefs_ke_2025.csv")
        // Then Volume (written 104000.0) is used, and the parent keyword is normalised
        #expect(result.files.first?.format == .ahrefsKeywordsExplorer)
        #expect(result.texts == ["running shoes", "best running shoes", "trail running shoes"])
        let shoes = try #require(result["running shoes"])
        #expect(shoes.metrics == KeywordMetrics(
            volume: 104_000, cpc: 1.2, difficulty: 67, intent: "commercial, transactional", parentKeyword: "running shoes"
        ))
        #expect(result["best running shoes"]?.metrics.parentKeyword == "best running shoes")
        #expect(result["trail running shoes"]?.metrics.cpc == nil)
        #expect(result["trail running shoes"]?.metrics.volume == 22_000)
    }

    @Test("Ahrefs Keywords Explorer 2026 header with trend columns")
    func ahrefs2026() throws {
        // Given the 2026 header (Languages, SV trend, SV Forecasting trend, Category)
        // When it is imported
        let result = try Fixture.importing("ahrefs_ke_2026.csv")
        // Then the quoted trend lists do not shift the columns
        #expect(result.files.first?.format == .ahrefsKeywordsExplorer)
        #expect(result["marathon training plan"]?.metrics == KeywordMetrics(
            volume: 18_000, cpc: 0.6, difficulty: 35, intent: "informational", parentKeyword: "marathon training plan"
        ))
        #expect(result["half marathon training"]?.metrics.parentKeyword == "half marathon training plan")
    }

    @Test("Ahrefs Keywords Explorer 2022 header in UTF-16 LE with tabs")
    func ahrefs2022UTF16() throws {
        // Given a UTF-16 LE, tab-separated Ahrefs export
        // When it is imported
        let result = try Fixture.importing("ahrefs_ke_2022_utf16.csv")
        // Then it reads like the UTF-8 one
        #expect(result.files.first?.format == .ahrefsKeywordsExplorer)
        #expect(result.texts == ["nike pegasus 39", "nike pegasus trail"])
        #expect(result["nike pegasus 39"]?.metrics == KeywordMetrics(
            volume: 104_000, cpc: 0.7, difficulty: 23, parentKeyword: "nike pegasus"
        ))
    }

    @Test("Ahrefs Keywords Explorer, older Parent Topic header")
    func ahrefsParentTopic() throws {
        // Given an older export that says Parent Topic
        // When it is imported
        let result = try Fixture.importing("ahrefs_ke_parent_topic.csv")
        // Then Parent Topic fills parentKeyword
        #expect(result.files.first?.format == .ahrefsKeywordsExplorer)
        #expect(result["how to lace running shoes"]?.metrics.parentKeyword == "how to lace shoes")
        #expect(result["running shoe lacing"]?.metrics.volume == 700)
    }

    @Test("Ahrefs Organic keywords, new header with true/false intent columns")
    func ahrefsOrganicNew() throws {
        // Given the new Organic keywords header
        // When it is imported
        let result = try Fixture.importing("ahrefs_organic_new.csv")
        // Then the current position and URL are used and the intent flags become names
        #expect(result.files.first?.format == .ahrefsOrganicKeywords)
        #expect(result["trail running shoes"]?.metrics == KeywordMetrics(
            volume: 22_000, cpc: 0.9, difficulty: 45, position: 3, intent: "informational, commercial",
            url: "https://shop.example.com/trail"
        ))
        #expect(result["example shoes store"]?.metrics.intent == "branded, navigational")
    }

    @Test("Ahrefs Organic keywords, old header")
    func ahrefsOrganicOld() throws {
        // Given the old Organic keywords header
        // When it is imported
        let result = try Fixture.importing("ahrefs_organic_old.csv")
        // Then it is recognised and read
        #expect(result.files.first?.format == .ahrefsOrganicKeywords)
        #expect(result["waterproof running shoes"]?.metrics == KeywordMetrics(
            volume: 5_400, cpc: 1.4, difficulty: 31, position: 6, url: "https://shop.example.com/waterproof",
            parentKeyword: "waterproof running shoes"
        ))
    }

    @Test("Semrush Keyword Magic Tool")
    func semrushMagic() throws {
        // Given a Keyword Magic Tool export
        // When it is imported
        let result = try Fixture.importing("semrush_magic.csv")
        // Then the intent, density and CPC (USD) columns are read
        #expect(result.files.first?.format == .semrushKeywordMagic)
        #expect(result.texts == ["running shoes", "running shoes for flat feet", "are running shoes worth it"])
        #expect(result["running shoes"]?.metrics == KeywordMetrics(
            volume: 110_000, cpc: 1.12, difficulty: 88, competition: 1, intent: "commercial, transactional"
        ))
        #expect(result["are running shoes worth it"]?.metrics.competition == 0.05)
        #expect(result["are running shoes worth it"]?.metrics.cpc == 0)
    }

    @Test("Semrush Organic Positions: repeated keywords merge without summing volume")
    func semrushPositions() throws {
        // Given a Positions export where one keyword ranks with two URLs
        let path = Fixture.path("semrush_positions.csv")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then the keyword appears once, with its volume (not twice it) and the first URL
        #expect(result.files == [ImportedFile(path: path, format: .semrushOrganicPositions, rowsRead: 3, keywordsKept: 2, duplicates: 1)])
        #expect(result.texts == ["running shoes", "trail running shoes"])
        let shoes = try #require(result["running shoes"])
        #expect(shoes.metrics.volume == 110_000)
        #expect(shoes.metrics.position == 4)
        #expect(shoes.metrics.url == "https://shop.example.com/running")
        #expect(shoes.metrics.intent == "commercial, transactional")
        #expect(shoes.sources == [path])
        #expect(result["trail running shoes"]?.metrics.competition == 0.84)
    }

    @Test("Semrush Keyword Strategy Builder: Keyword, not Seed keyword")
    func semrushStrategy() throws {
        // Given a Strategy Builder export
        // When it is imported
        let result = try Fixture.importing("semrush_strategy.csv")
        // Then the Keyword column (not Seed keyword) gives the keywords
        #expect(result.files.first?.format == .semrushStrategyBuilder)
        #expect(result.texts == ["cushioned running shoes", "running shoes"])
        #expect(result["cushioned running shoes"]?.metrics == KeywordMetrics(
            volume: 2_900, cpc: 1.05, difficulty: 42, competition: 0.98, intent: "commercial"
        ))
    }

    @Test("Semrush API, semicolon-separated")
    func semrushAPI() throws {
        // Given the semicolon API format with Keyword Difficulty Index
        // When it is imported
        let result = try Fixture.importing("semrush_api.csv")
        // Then it is recognised and read
        #expect(result.files.first?.format == .semrushAPI)
        #expect(result["running shoes"]?.metrics == KeywordMetrics(volume: 110_000, cpc: 1.12, difficulty: 88, competition: 1))
        #expect(result["running shoes men"]?.metrics.difficulty == 71)
    }

    @Test("Semrush API with database and intent codes")
    func semrushAPIIntents() throws {
        // Given the API variant whose Intent column holds codes
        // When it is imported
        let result = try Fixture.importing("semrush_api_intent.csv")
        // Then the codes become names (0 commercial, 1 informational, 2 navigational, 3 transactional)
        #expect(result.files.first?.format == .semrushAPI)
        #expect(result["running shoes"]?.metrics.intent == "commercial, transactional")
        #expect(result["how to clean running shoes"]?.metrics.intent == "informational")
        #expect(result["nike running"]?.metrics.intent == "navigational")
        #expect(result["nike running"]?.metrics.volume == 1_600)
    }

    @Test("Google Ads Keyword Planner: UTF-16 LE, tabs, preamble, buckets, decimal commas")
    func keywordPlanner() throws {
        // Given a Keyword Planner export with bucketed volumes
        let path = Fixture.path("keyword_planner.csv")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then the preamble is skipped, buckets become geometric means and bids become a CPC
        #expect(result.files.first?.format == .googleAdsKeywordPlanner)
        #expect(result.texts == ["running shoes", "laufschuhe damen", "marathon shoes"])
        let shoes = try #require(result["running shoes"])
        #expect(shoes.metrics.volume == 31_623)
        #expect(isClose(shoes.metrics.cpc, 1.16))
        #expect(shoes.metrics.competition == 1)
        #expect(result["laufschuhe damen"]?.metrics.volume == 3_162)
        #expect(result["laufschuhe damen"]?.metrics.competition == 0.51)
        #expect(result["marathon shoes"]?.metrics.volume == 316)
        #expect(isClose(result["marathon shoes"]?.metrics.cpc, 0.425))
        #expect(result.warnings == [
            "\(path): 3 volumes given as a range such as \"1K – 10K\"; used the geometric mean of each range (1K – 10K → 3162)",
        ])
    }

    @Test("Google Ads Keyword Planner, saved-keywords report")
    func keywordPlannerSaved() throws {
        // Given the saved-keywords variant
        // When it is imported
        let result = try Fixture.importing("keyword_planner_saved.csv")
        // Then plain and bucketed volumes and the Low/Medium/High competition are read
        #expect(result.files.first?.format == .googleAdsKeywordPlanner)
        #expect(result["trail running shoes"]?.metrics == KeywordMetrics(volume: 22_200, competition: 0.5))
        #expect(result["running shoes"]?.metrics == KeywordMetrics(volume: 3_162, competition: 0.83))
    }

    @Test("Google Ads search terms report: preamble, Total rows, quoted thousands")
    func searchTerms() throws {
        // Given a search terms report
        let path = Fixture.path("google_ads_search_terms.csv")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then the search terms (not the bid keywords) are kept and Total rows ignored
        #expect(result.files == [ImportedFile(path: path, format: .googleAdsSearchTerms, rowsRead: 3, keywordsKept: 3)])
        #expect(result.texts == ["running shoes sale", "trail running shoes", "cheap running shoes"])
        #expect(result["running shoes sale"]?.metrics == KeywordMetrics(volume: 7_166, clicks: 398, impressions: 7_166))
        #expect(result["trail running shoes"]?.metrics == KeywordMetrics(volume: 203_808, clicks: 2_004, impressions: 203_808))
    }

    @Test("Moz Keyword Explorer")
    func moz() throws {
        // Given a Moz export with one ranged volume
        // When it is imported
        let result = try Fixture.importing("moz.csv")
        // Then Monthly Volume, Difficulty and Organic CTR are read
        #expect(result.files.first?.format == .mozKeywordExplorer)
        #expect(result["running shoes"]?.metrics == KeywordMetrics(volume: 118_000, difficulty: 74, ctr: 0.61))
        #expect(result["running shoe store near me"]?.metrics.volume == 653)
    }

    @Test("plain list: one keyword per line, CRLF, marks, Unicode")
    func plainList() throws {
        // Given a plain list with match-type marks, a blank line and spelling variants
        let path = Fixture.path("plain_list.txt")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then every line is a keyword, normalised and de-duplicated
        #expect(result.files == [ImportedFile(path: path, format: .plainList, rowsRead: 7, keywordsKept: 5, duplicates: 2)])
        #expect(result.texts == ["running shoes", "exact match", "phrase match", "broad match modifier", "c++ tutorial"])
        #expect(result["running shoes"]?.metrics == KeywordMetrics())
    }

    @Test("generic CSV with an obvious keyword column")
    func genericObvious() throws {
        // Given an unknown CSV with a Search Query column
        // When it is imported without a column name
        let result = try Fixture.importing("generic_obvious.csv")
        // Then that column is used
        #expect(result.files.first?.format == .genericCSV)
        #expect(result.texts == ["running socks", "running belt"])
        #expect(result["running socks"]?.metrics.volume == 2_900)
    }

    @Test("generic CSV with a named column; the higher volume wins the merge")
    func genericNamedColumn() throws {
        // Given an unknown CSV whose keyword column is called Term Text
        // When it is imported with column: "term text" (any case)
        let result = try Fixture.importing("generic_custom_column.csv", column: "TERM TEXT")
        // Then that column is used and the duplicate keeps the higher volume
        #expect(result.files.first?.format == .genericCSV)
        #expect(result.texts == ["marathon shoes"])
        #expect(result["marathon shoes"]?.metrics.volume == 720)
    }

    @Test("semicolon-separated generic file with decimal commas")
    func semicolonDecimalComma() throws {
        // Given a German semicolon file
        // When it is imported
        let result = try Fixture.importing("generic_semicolon_decimal_comma.csv")
        // Then dotted thousands and decimal commas are read
        #expect(result.files.first?.format == .genericCSV)
        #expect(result["laufschuhe herren"]?.metrics == KeywordMetrics(volume: 14_800, cpc: 0.45, competition: 0.83))
        #expect(result["laufschuhe test"]?.metrics == KeywordMetrics(volume: 9_900, cpc: 1.2, competition: 0.5))
    }

    @Test("the format comes from the content, never the file name")
    func contentNotName() throws {
        // Given fixtures copied under misleading names
        let console = try Fixture.copy("gsc_queries.csv", as: "semrush_keyword_magic.txt")
        let planner = try Fixture.copy("keyword_planner.csv", as: "keywords.txt")
        // When they are imported
        let result = try KeywordImporter.importFiles([console, planner])
        // Then each format is detected from what the file holds
        #expect(result.files.map(\.format) == [.googleSearchConsole, .googleAdsKeywordPlanner])
    }
}
