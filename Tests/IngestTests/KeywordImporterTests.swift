import Testing
@testable import Ingest

/// Behaviour across rows and files: skipping, counting, warnings and de-duplication.
@Suite("KeywordImporter")
struct KeywordImporterTests {
    @Test("long, control-character and empty keywords are skipped, counted and warned about")
    func skippedRows() throws {
        // Given a CSV with a 201-character keyword, BEL and U+0085 characters and empty keywords
        let path = Fixture.path("skipped_rows.csv")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then the good rows are kept and the rest counted
        #expect(result.texts == ["running shoes", "trail shoes"])
        #expect(result.files == [ImportedFile(
            path: path, format: .genericCSV, rowsRead: 7, keywordsKept: 2, duplicates: 0,
            skippedTooLong: 1, skippedControlCharacters: 2, skippedEmpty: 2
        )])
        #expect(result.warnings == [
            "\(path): 1 keyword longer than 200 characters skipped",
            "\(path): 2 keywords with control characters skipped",
            "\(path): 2 rows without a keyword skipped",
        ])
    }

    @Test("a keyword of exactly 200 characters is kept")
    func lengthLimit() throws {
        // Given keywords of 200 and 201 characters (after normalisation)
        let keep = String(repeating: "a", count: 200)
        let drop = String(repeating: "b", count: 201)
        let path = try Fixture.temporaryFile(Array("\(keep)\n  \(drop.uppercased())  \n".utf8), name: "list.txt")
        // When they are imported
        let result = try KeywordImporter.importFiles([path])
        // Then only the longer one is skipped
        #expect(result.texts == [keep])
        #expect(result.files.first?.skippedTooLong == 1)
    }

    @Test("quoted fields: commas, doubled quotes and newlines")
    func quotedFields() throws {
        // Given RFC 4180 quoting, including a keyword with a newline inside
        let path = Fixture.path("quoted_fields.csv")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then quoted commas and quotes survive and the newline keyword is skipped
        #expect(result.texts == ["shoes, red", "12\" pizza", "after multiline"])
        #expect(result["after multiline"]?.metrics.volume == 20)
        #expect(result.files.first?.skippedControlCharacters == 1)
    }

    @Test("de-duplicates across files: highest volume wins, ties keep the first, sources accumulate")
    func crossFileMerge() throws {
        // Given three exports that share keywords
        let magic = Fixture.path("semrush_magic.csv")
        let positions = Fixture.path("semrush_positions.csv")
        let ahrefs = Fixture.path("ahrefs_ke_2025.csv")
        // When they are imported together
        let result = try KeywordImporter.importFiles([magic, positions, ahrefs])
        // Then each keyword appears once, in first-seen order, with every source
        #expect(result.texts == [
            "running shoes", "running shoes for flat feet", "are running shoes worth it",
            "trail running shoes", "best running shoes",
        ])
        let shoes = try #require(result["running shoes"])
        #expect(shoes.sources == [magic, positions, ahrefs])
        #expect(shoes.metrics.volume == 110_000)
        #expect(shoes.metrics.url == nil, "the tie with Positions keeps the Keyword Magic row")
        let trail = try #require(result["trail running shoes"])
        #expect(trail.sources == [positions, ahrefs])
        #expect(trail.metrics.url == "https://shop.example.com/trail", "22,000 ties with Ahrefs: the first row stays")
        #expect(result.files.map(\.keywordsKept) == [3, 1, 1])
        #expect(result.files.map(\.duplicates) == [0, 2, 2])
    }

    @Test("a higher volume in a later file replaces the metrics")
    func laterHigherVolumeWins() throws {
        // Given a Search Console export (26,375 impressions) then Keyword Magic (110,000)
        let console = Fixture.path("gsc_queries.csv")
        let magic = Fixture.path("semrush_magic.csv")
        // When they are imported
        let result = try KeywordImporter.importFiles([console, magic])
        // Then "running shoes" carries the Keyword Magic metrics and both sources
        let shoes = try #require(result["running shoes"])
        #expect(shoes.metrics.volume == 110_000)
        #expect(shoes.metrics.clicks == nil)
        #expect(shoes.sources == [console, magic])
    }

    @Test("UTF-8 with BOM, NFKC duplicates merge")
    func utf8BOM() throws {
        // Given a UTF-8 file with a BOM, an upper-case duplicate and a ligature
        // When it is imported
        let result = try Fixture.importing("utf8_bom.csv")
        // Then the BOM does not stick to the header and variants merge
        #expect(result.files.first?.format == .genericCSV)
        #expect(result.texts == ["café au lait", "fitness tracker"])
        #expect(result["café au lait"]?.metrics.volume == 2_000)
    }

    @Test("UTF-16 BE with BOM and UTF-16 LE without BOM", arguments: [
        ("plain_list_utf16be.txt", ["running shoes", "laufschuhe"]),
        ("plain_list_utf16le_nobom.txt", ["trail shoes", "hiking boots"]),
    ])
    func utf16PlainLists(name: String, expected: [String]) throws {
        // Given a UTF-16 plain list
        // When it is imported
        let result = try Fixture.importing(name)
        // Then it reads as text
        #expect(result.files.first?.format == .plainList)
        #expect(result.texts == expected)
    }

    @Test("a column named but missing falls back to the usual keyword column, with a warning")
    func columnFallback() throws {
        // Given a Semrush export and a column name it lacks
        let path = Fixture.path("semrush_api.csv")
        // When it is imported with that column name
        let result = try KeywordImporter.importFiles([path], column: "Term")
        // Then Keyword is used and the user is told
        #expect(result.texts == ["running shoes", "running shoes men"])
        #expect(result.warnings == ["\(path): no column named \"Term\"; used \"Keyword\" instead"])
    }

    @Test("a Search Console file of exactly 1,000 rows warns about the export limit")
    func searchConsoleRowLimit() throws {
        // Given a Search Console export cut at the web export's 1,000 rows
        var text = "Top queries,Clicks,Impressions,CTR,Position\n"
        for index in 0..<1_000 { text += "query \(index),1,\(1_000 - index),0.1%,5\n" }
        let path = try Fixture.temporaryFile(Array(text.utf8), name: "Queries.csv")
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then the user hears that more queries may exist
        #expect(result.keywords.count == 1_000)
        #expect(result["query 0"]?.metrics.volume == 1_000)
        #expect(result.warnings == [
            "\(path): Search Console's web export stops at 1,000 rows; the Search Console API returns the rest",
        ])
    }

    @Test("a generic file with impressions but no volume uses impressions as volume")
    func impressionsStandIn() throws {
        // Given an unknown export with Queries, Clicks and Impressions columns
        let path = try Fixture.temporaryFile(Array("Queries,Clicks,Impressions\ntrail shoes,3,\"1,200\"\n".utf8))
        // When it is imported
        let result = try KeywordImporter.importFiles([path])
        // Then impressions stand in for the missing volume
        #expect(result.files.first?.format == .genericCSV)
        #expect(result["trail shoes"]?.metrics == KeywordMetrics(volume: 1_200, clicks: 3, impressions: 1_200))
    }

    @Test("no paths give an empty import")
    func noPaths() throws {
        // Given no files
        // When they are imported
        let result = try KeywordImporter.importFiles([])
        // Then nothing comes back
        #expect(result.keywords.isEmpty)
        #expect(result.files.isEmpty)
    }

    @Test("new keywords' texts are handed out in blocks as they are found, each once, in order")
    func newTextsInBlocks() throws {
        // Given two lists of 6,000 keywords that share 2,000, and repeat some within a file
        let first = (0..<6_000).map { "keyword \($0)" }, second = (4_000..<10_000).map { "keyword \($0)" }
        let a = try Fixture.temporaryFile(Array((first + first.prefix(100)).joined(separator: "\n").utf8), name: "a.txt")
        let b = try Fixture.temporaryFile(Array(second.joined(separator: "\n").utf8), name: "b.txt")
        // When they are imported, collecting the blocks of new texts
        var blocks: [[String]] = []
        let result = try KeywordImporter.importFiles([a, b]) { blocks.append($0) }
        // Then the blocks hold every imported keyword once, in order, as several blocks
        #expect(blocks.flatMap { $0 } == result.keywords.map(\.text))
        #expect(result.keywords.count == 10_000)
        #expect(blocks.count > 2)
        #expect(blocks.dropLast().allSatisfy { $0.count >= KeywordImporter.newKeywordBlock })
    }
}
