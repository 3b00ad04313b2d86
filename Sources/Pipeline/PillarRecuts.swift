/// When a create run rebuilds its pillars from a new Ward tree over every topic (a recut,
/// `Pillars`); between recuts a new topic joins the pillar of its nearest topic. A run records
/// its rule in its parameters (`RunParameters.pillarRecuts`), so a resumed run recuts where
/// the run began to, and runs started before the rule existed keep theirs.
public enum PillarRecuts: String, Sendable, Codable, Equatable {
    /// After batches 1, 2, 4, 8, …, after the last batch and after the refinement (runs
    /// started before `topicGrowth`).
    case batchPowersOfTwo
    /// After batch 1, after any batch that takes the number of topics past a level of
    /// ``nextLevel(after:)`` (each a quarter above the one before), after the last batch when no
    /// refinement follows, and after the refinement (not also after the batch before it, which
    /// the refinement would recut at once). The tree costs the
    /// same whatever the batch, so recuts follow what changes the pillars, the topics: a run
    /// whose topics grow by a sixth after batch 1 (lexical runs at the default sizes) recuts
    /// about once between batch 1 and the end, not once per doubling of its batch number.
    case topicGrowth

    /// Whether the pillars are recut after batch `number` of `totalBatches` (the refinement
    /// passes `number > totalBatches`), when the topics with a pillar go from `topicsBefore`
    /// to `topicsAfter` (those plus the topics the batch created).
    func recuts(batch number: Int, totalBatches: Int, refinementFollows: Bool, topicsBefore: Int, topicsAfter: Int) -> Bool {
        switch self {
        case .batchPowersOfTwo:
            return number >= totalBatches || (number > 0 && number & (number - 1) == 0)
        case .topicGrowth:
            if number > totalBatches || number == 1 { return true }
            if number == totalBatches { return !refinementFollows }
            return Self.passesLevel(from: topicsBefore, to: topicsAfter)
        }
    }

    /// Whether a level (``nextLevel(after:)``) lies in `before + 1 ... after`.
    /// - Complexity: O(log after)
    static func passesLevel(from before: Int, to after: Int) -> Bool {
        guard after > before else { return false }
        var level = 1
        while level <= before { level = nextLevel(after: level) }
        return level <= after
    }

    /// The levels 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 18, 22, …: each the one before plus a
    /// quarter (rounded down, at least 1), in integers so every machine recuts at the same counts.
    static func nextLevel(after level: Int) -> Int {
        level + max(1, level / 4)
    }
}
