import Foundation
import Testing
@testable import Ingest

/// The words a keyword file capitalises survive the import (keywords themselves are stored
/// lower-case), so titles can spell them as the file does.
@Suite struct WrittenSpellingsTests {
    /// Imports `lines` (under a `Keyword,Volume` header) as one CSV file.
    func importing(_ lines: [String]) throws -> KeywordImport {
        let path = try Fixture.temporaryFile(Array((["Keyword,Volume"] + lines).joined(separator: "\n").utf8))
        return try KeywordImporter.importFiles([path])
    }

    @Test func initialismsAndInnerCapitalsAreKeptAsWritten() throws {
        // Given a file writing FOIA in capitals, HubSpot with a capital inside, and ordinary
        // title-cased words
        let imported = try importing([
            "FOIA request lawyer,500", "how to file a FOIA request,300", "foia exemptions,100",
            "HubSpot CRM pricing,400", "Personal Injury Lawyer,900",
        ])
        // When its spellings are worked out
        let winners = imported.writtenSpellings.winners(in: imported.keywords)
        // Then FOIA (2 of 3 keywords) and the inner-capital words win; "Lawyer" (a capital
        // first letter only) is not a spelling
        #expect(winners == ["foia": "FOIA", "hubspot": "HubSpot", "crm": "CRM"])
        // And the keywords themselves are stored lower-case as before
        #expect(imported.keywords.map(\.text).contains("foia request lawyer"))
    }

    @Test func aWordMostlyWrittenLowerCaseKeepsLowerCase() throws {
        // Given "US" in capitals once and "us" in lower case in three other keywords
        let imported = try importing([
            "US visa lawyer,100", "lawyers near us,900", "contact us,50", "about us page,20",
        ])
        // Then "us" gets no spelling: one keyword of four is not half
        #expect(imported.writtenSpellings.winners(in: imported.keywords)["us"] == nil)
    }

    @Test func aShoutedKeywordSpellsNothing() throws {
        // Given a keyword written all in capitals, and one word that is a real initialism
        let imported = try importing(["CAR ACCIDENT LAWYER,100", "IRS,50"])
        // Then the shouted keyword gives no spellings; the one-word initialism does
        #expect(imported.writtenSpellings.winners(in: imported.keywords) == ["irs": "IRS"])
    }

    @Test func filesMergeTheirCounts() throws {
        // Given two files, one writing "PFAS" and one "pfas", and a third writing "PFAS" again
        let upper = try importing(["PFAS lawsuit,100"])
        let lower = try importing(["pfas lawsuit settlement,100", "pfas exposure,80"])
        let again = try importing(["PFAS water filter,60"])
        // When they are merged as a project's sources are
        let oneAgainstTwo = upper.merged(with: lower)
        let twoAgainstTwo = oneAgainstTwo.merged(with: again)
        // Then one capitalised keyword of three loses, two of four win
        #expect(oneAgainstTwo.writtenSpellings.winners(in: oneAgainstTwo.keywords)["pfas"] == nil)
        #expect(twoAgainstTwo.writtenSpellings.winners(in: twoAgainstTwo.keywords)["pfas"] == "PFAS")
    }
}
