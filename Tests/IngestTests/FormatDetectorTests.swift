import Testing
@testable import Ingest

@Suite("FormatDetector")
struct FormatDetectorTests {
    private func format(_ header: String, delimiter: Character = ",", preamble: [String] = []) -> KeywordFileFormat {
        let keys = header.split(separator: delimiter).map { FormatDetector.headerKey(String($0)) }
        return FormatDetector.detectFormat(keys: keys, delimiter: delimiter.asciiValue, preamble: preamble)
    }

    @Test("recognises the published headers", arguments: [
        ("Top queries,Clicks,Impressions,CTR,Position", KeywordFileFormat.googleSearchConsole),
        ("Suchanfrage,Klicks,Impressionen,CTR,Position", .googleSearchConsole),
        ("Query,Clicks,Impressions,CTR,Average position", .bingWebmaster),
        ("#,Keyword,Country,Difficulty,Volume,CPC,CPS,Parent Keyword,Last Update,SERP Features,Global volume,Traffic potential", .ahrefsKeywordsExplorer),
        ("Keyword,Volume,KD,CPC,Current position,Current URL,SERP Features,Parent Topic,Country", .ahrefsOrganicKeywords),
        ("Keyword,Intent,Volume,Trend,Keyword Difficulty,CPC (USD),Competitive Density,SERP Features,Number of Results", .semrushKeywordMagic),
        ("Keyword,Position,Previous position,Search Volume,Keyword Difficulty,CPC,URL,Traffic", .semrushOrganicPositions),
        ("Database,Keyword,Seed keyword,Page,Topic,Page type,Tags,Volume", .semrushStrategyBuilder),
        ("Search term,Match type,Added/Excluded,Campaign,Ad group,Keyword,Impr.", .googleAdsSearchTerms),
        ("Keyword,Monthly Volume,Difficulty,Organic CTR,Priority", .mozKeywordExplorer),
        ("Keyword,Avg. monthly searches,Competition,In account", .googleAdsKeywordPlanner),
        ("keyword,my volume", .genericCSV),
    ])
    func commaHeaders(header: String, expected: KeywordFileFormat) {
        // Given a published header
        // When its format is detected
        // Then it is the expected format
        #expect(format(header) == expected)
    }

    @Test("semicolon API headers")
    func semicolonHeaders() {
        // Given both Semrush API headers
        // When their format is detected
        // Then both are the API format
        #expect(format("Keyword;Search Volume;CPC;Competition;Number of Results;Keyword Difficulty Index", delimiter: ";") == .semrushAPI)
        #expect(format("database;Keyword;Search Volume;Keyword Difficulty Index;Intent", delimiter: ";") == .semrushAPI)
    }

    @Test("delimiter comes from the header line, ignoring quoted ones")
    func delimiter() {
        // Given header lines with different separators
        func detect(_ line: String) -> UInt8? {
            var line = line
            return line.withUTF8 { FormatDetector.likelyDelimiter($0, from: 0, to: $0.count) }
        }
        // When the delimiter is guessed
        // Then the most frequent unquoted one wins
        #expect(detect("a,b,c") == UInt8(ascii: ","))
        #expect(detect("a;b;\"c,d,e\"") == UInt8(ascii: ";"))
        #expect(detect("Keyword\tAvg. monthly searches\tCompetition") == UInt8(ascii: "\t"))
        #expect(detect("running shoes") == nil)
    }
}
