/// What a rescrape import changed.
public struct RescrapeImport: Sendable {
    public var runID: Int64
    public var newKeywords: Int
    public var updatedKeywords: Int
    public var absentKeywords: Int

    public init(runID: Int64, newKeywords: Int, updatedKeywords: Int, absentKeywords: Int) {
        self.runID = runID
        self.newKeywords = newKeywords
        self.updatedKeywords = updatedKeywords
        self.absentKeywords = absentKeywords
    }
}
