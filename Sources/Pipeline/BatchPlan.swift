import Clustering

/// Which keywords go in which batch: a first batch of about `firstBatchFraction` of the
/// keywords (at least one ordinary batch), then `batchSize` at a time. The order is a seeded
/// shuffle (`sample`) or highest volume first (`volume`), so the plan is a pure function of
/// the keywords and the parameters, recomputed identically on resume.
public struct BatchPlan: Sendable, Equatable {
    /// Keyword ids in processing order.
    public var keywordIDs: [Int64]
    /// Batch sizes in order; they add up to `keywordIDs.count`.
    public var sizes: [Int]

    /// The batch sizes for `count` keywords.
    /// - Complexity: O(number of batches)
    /// A rescrape run (`largeFirstBatch: false`) has no large first batch: its clusters exist already.
    public static func sizes(keywordCount count: Int, parameters: RunParameters, largeFirstBatch: Bool = true) -> [Int] {
        guard count > 0 else { return [] }
        if parameters.mode == .monolithic { return [count] }
        let batchSize = min(parameters.batchSize, maxBatchSize(parameters))
        let fraction = largeFirstBatch ? parameters.firstBatchFraction : 0
        let first = min(count, max(Int((Double(count) * fraction).rounded()), batchSize))
        var sizes = [first]
        var left = count - first
        while left > 0 {
            let size = min(batchSize, left)
            sizes.append(size)
            left -= size
        }
        return sizes
    }

    /// The largest batch `--memory-limit` allows, from the bytes one keyword needs while its
    /// batch is processed (its vector, assignment and rows: about 2 KB lexical, 8 KB semantic).
    static func maxBatchSize(_ parameters: RunParameters) -> Int {
        let perKeyword = parameters.vectors == .semantic ? 8_192 : 2_048
        return max(50, parameters.memoryLimitMB * 1_048_576 / perKeyword)
    }

    /// Orders `keywords` (id, volume) for processing.
    /// - Complexity: O(n log n)
    public static func order(_ keywords: [(id: Int64, volume: Int?)], parameters: RunParameters) -> [Int64] {
        switch parameters.order {
        case .volume:
            return keywords.sorted { a, b in
                let va = a.volume ?? -1, vb = b.volume ?? -1
                return va != vb ? va > vb : a.id < b.id
            }.map(\.id)
        case .sample:
            if parameters.keywordsStoredInSampleOrder == true { return keywords.map(\.id).sorted() }
            return sampleOrder(keywords.map(\.id), seed: parameters.seed)
        }
    }

    /// `items` in the seeded random order of `--order=sample`: Fisher-Yates with our own
    /// generator (the standard library's shuffle may change between releases).
    /// - Complexity: O(n)
    public static func sampleOrder<Item>(_ items: [Item], seed: UInt64) -> [Item] {
        var items = items
        var generator = SeededGenerator(seed: seed ^ 0x5EED_0F_BA7C4E5)
        if items.count > 1 {
            for i in stride(from: items.count - 1, to: 0, by: -1) {
                items.swapAt(i, generator.nextIndex(below: i + 1))
            }
        }
        return items
    }

    /// The ids of batch `number` (1-based).
    public func ids(ofBatch number: Int) -> ArraySlice<Int64> {
        let start = sizes.prefix(number - 1).reduce(0, +)
        return keywordIDs[start..<(start + sizes[number - 1])]
    }
}
