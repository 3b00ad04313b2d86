import Foundation

/// How many clusters each batch may create, so a run ends with about the target number.
enum ClusterBudget {
    /// Clusters for the first batch: as many topics as a random sample of `batchKeywords` out
    /// of `totalKeywords` is expected to contain, when `target` topics are equally large:
    /// target × (1 - e^(-batchKeywords / target)). The rest of the budget is left for the
    /// topics later batches discover. A one-batch (monolithic) run gets the whole target.
    static func firstBatch(target: Int, batchKeywords: Int, totalKeywords: Int, monolithic: Bool) -> Int {
        if monolithic || batchKeywords >= totalKeywords { return min(target, batchKeywords) }
        let expected = Double(target) * (1 - exp(-Double(batchKeywords) / Double(target)))
        return max(1, min(batchKeywords, Int(expected.rounded())))
    }

    /// New clusters for a later batch: its share of the budget still open (by its share of the
    /// keywords still to come, this batch included), at most one per far keyword.
    static func newClusters(target: Int, current: Int, batchKeywords: Int, remainingKeywords: Int, farKeywords: Int) -> Int {
        let open = target - current
        guard open > 0, farKeywords > 0, remainingKeywords > 0 else { return 0 }
        let share = (open * batchKeywords + remainingKeywords - 1) / remainingKeywords
        return min(share, farKeywords)
    }
}
