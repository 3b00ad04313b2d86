import Ingest

extension SQLStore {
    /// How the project's keyword files write the words they capitalise ("VA", "HubSpot"), by
    /// lower-case word: what titles spell those words as.
    public func writtenSpellings(projectID: Int64) throws(StoreError) -> [String: String] {
        try read { db in
            var spellings: [String: String] = [:]
            try db.stream("SELECT word, spelling FROM written_spellings WHERE project_id = ?", projectID) { row in
                spellings[try row["word"]] = try row["spelling"]
            }
            return spellings
        }
    }

    /// Stores the spellings `imported` gives for its keywords, each replacing the project's
    /// spelling of the same word (the newest import wins); in the caller's transaction.
    /// - Complexity: O(keywords × words) when the files capitalise anything; O(1) otherwise.
    func storeWrittenSpellings(of imported: KeywordImport, projectID: Int64, db: SQLConnection) throws {
        let spellings = imported.writtenSpellings.winners(in: imported.keywords).sorted { $0.key < $1.key }
        guard !spellings.isEmpty else { return }
        try db.insertRows("INSERT INTO written_spellings (project_id, word, spelling)", columns: 3, count: spellings.count,
                          suffix: "ON CONFLICT (project_id, word) DO UPDATE SET spelling = excluded.spelling") { index, values in
            values += [.integer(projectID), .text(spellings[index].key), .text(spellings[index].value)]
        }
    }
}
