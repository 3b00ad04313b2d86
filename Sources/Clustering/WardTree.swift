import VectorMath

/// Agglomerative clustering by Ward's criterion over weighted points: the means of fine
/// k-means clusters, each weighted by its member count. Merging two groups `a` and `b` costs
/// the growth of the within-group sum of squares it causes,
/// `wₐ·w_b / (wₐ + w_b) · ‖mₐ − m_b‖²`, and the cheapest merge is always taken next. The
/// result is the whole tree (a dendrogram of `leafCount − 1` merges), so one tree gives every
/// cut: topics at one level, pillars (hub pages) at a coarser one, nested by construction.
///
/// Node ids: leaves are `0 ..< leafCount`; `merges[i]` makes node `leafCount + i`.
///
/// The candidate pairs are each leaf's `neighbours` nearest leaves (by Euclidean distance
/// between means, found with SGEMM); a merged node's candidates are the union of its two
/// parts'. With at least `leafCount − 1` neighbours every pair is a candidate and the tree is
/// exact Ward; with fewer (large inputs) merges stay among near neighbours, as scikit-learn's
/// connectivity-constrained Ward does. Should the candidate graph fall apart into several
/// pieces before one node is left, their nodes' nearest neighbours are found again among the
/// nodes still open, so the tree always ends in one root.
///
/// Deterministic: costs are computed in `Double` from the means in one fixed order, and ties
/// are broken by the pair's node ids, so the same input gives the same tree bit for bit.
/// See `Guides/TopicTree.md`.
public struct WardTree: Sendable, Equatable {
    /// One merge: two open nodes become one, at a cost (the within-group sum of squares it adds).
    public struct Merge: Sendable, Equatable {
        public var left: Int32
        public var right: Int32
        public var cost: Double
        /// The summed weight of the new node.
        public var weight: Double
    }

    public let leafCount: Int
    /// In the order they were made; costs never decrease when every pair is a candidate.
    public let merges: [Merge]

    /// Builds the tree of `weights.count` points.
    /// - Parameters:
    ///   - means: `count × dimension` values, row-major: each point's position (a fine
    ///     cluster's mean, not normalised).
    ///   - weights: each point's weight (its member count); a point of weight 0 is merged
    ///     at no cost into its nearest neighbour.
    ///   - neighbours: candidate neighbours per leaf; `nil` for every pair (exact Ward) up to
    ///     2,048 points and 48 beyond.
    /// - Complexity: exact: O(n² · dimension + n² log n) time and O(n²) memory. With `K`
    ///   neighbours: O(n² · dimension) for the neighbour search (one SGEMM, in blocks of
    ///   rows) plus O(n · K · dimension · log n) for the merges.
    public init(means: [Double], weights: [Double], dimension: Int, neighbours: Int? = nil) {
        let n = weights.count
        precondition(dimension > 0, "dimension must be positive")
        precondition(means.count == n * dimension, "means hold \(means.count) values, not \(n) × \(dimension)")
        precondition(weights.allSatisfy { $0 >= 0 && $0.isFinite }, "weights must be finite and non-negative")
        leafCount = n
        guard n > 1 else {
            merges = []
            return
        }
        let candidates = neighbours ?? (n <= 2_048 ? n - 1 : 48)
        var builder = Builder(means: means, weights: weights, dimension: dimension)
        builder.connect(nodes: Array(0 ..< Int32(n)), neighbours: candidates)
        merges = builder.mergeAll(neighbours: candidates)
    }

    /// The group of each leaf when the tree is cut into `groups` groups (the first
    /// `leafCount − groups` merges applied), numbered `0 ..< groups` in the order of each
    /// group's lowest leaf.
    /// - Complexity: O(leafCount · α(leafCount))
    public func cut(groups: Int) -> [Int32] {
        precondition(groups >= 1 || leafCount == 0, "a cut needs at least one group")
        let applied = max(0, leafCount - max(groups, 1))
        var parent = Array(0 ..< Int32(leafCount + applied))
        func root(_ node: Int32) -> Int32 {
            var node = node
            while parent[Int(node)] != node {
                parent[Int(node)] = parent[Int(parent[Int(node)])]
                node = parent[Int(node)]
            }
            return node
        }
        for (index, merge) in merges.prefix(applied).enumerated() {
            let made = Int32(leafCount + index)
            parent[Int(root(merge.left))] = made
            parent[Int(root(merge.right))] = made
        }
        var numbers: [Int32: Int32] = [:]
        var groupOfLeaf = [Int32](repeating: 0, count: leafCount)
        for leaf in 0 ..< leafCount {
            let top = root(Int32(leaf))
            if let number = numbers[top] {
                groupOfLeaf[leaf] = number
            } else {
                let number = Int32(numbers.count)
                numbers[top] = number
                groupOfLeaf[leaf] = number
            }
        }
        return groupOfLeaf
    }

    /// The cost of each merge in order (the dendrogram's heights).
    public var costs: [Double] { merges.map(\.cost) }
}

extension WardTree {
    /// The working state of one tree: every node's mean and weight, candidate lists, and a
    /// heap of candidate pairs (stale entries, whose nodes were merged since, are skipped).
    struct Builder {
        let dimension: Int
        /// Node means, `dimension` values each, leaves first, then merged nodes as made.
        var means: [Double]
        var weights: [Double]
        var open: [Bool]
        var candidates: [[Int32]]
        var heap = PairHeap()
        var openCount: Int

        init(means: [Double], weights: [Double], dimension: Int) {
            self.dimension = dimension
            self.means = means
            self.weights = weights
            open = Array(repeating: true, count: weights.count)
            candidates = Array(repeating: [], count: weights.count)
            openCount = weights.count
        }

        /// The Ward cost of merging nodes `a` and `b`.
        /// - Complexity: O(dimension)
        func cost(_ a: Int32, _ b: Int32) -> Double {
            let wa = weights[Int(a)], wb = weights[Int(b)]
            guard wa + wb > 0 else { return 0 }
            var squared = 0.0
            let offsetA = Int(a) * dimension, offsetB = Int(b) * dimension
            means.withUnsafeBufferPointer { m in
                for p in 0 ..< dimension {
                    let difference = m[offsetA + p] - m[offsetB + p]
                    squared += difference * difference
                }
            }
            return wa * wb / (wa + wb) * squared
        }

        /// Links each of `nodes` to its `neighbours` nearest among `nodes` and queues the pairs.
        /// Called only when no two of `nodes` are linked yet (at the start, or when the heap
        /// ran dry: every linked pair of open nodes was merged).
        /// - Complexity: O(count² · dimension) for the search, O(count · K · dimension) for costs.
        mutating func connect(nodes: [Int32], neighbours: Int) {
            let lists = NearestNeighbours.lists(of: nodes, means: means, dimension: dimension,
                                                count: min(neighbours, nodes.count - 1))
            var pairs = Set<PairHeap.Pair>()
            for (node, list) in zip(nodes, lists) {
                for other in list { pairs.insert(PairHeap.Pair(node, other)) }
            }
            for pair in pairs.sorted() { link(pair.low, pair.high) }
        }

        /// Makes `a` and `b` candidates of each other and queues their cost. Lists keep the
        /// ids of nodes merged since; they are skipped when read.
        mutating func link(_ a: Int32, _ b: Int32) {
            candidates[Int(a)].append(b)
            candidates[Int(b)].append(a)
            heap.push(PairHeap.Entry(cost: cost(a, b), pair: PairHeap.Pair(a, b)))
        }

        /// Merges until one node is left.
        mutating func mergeAll(neighbours: Int) -> [Merge] {
            var merges: [Merge] = []
            merges.reserveCapacity(openCount - 1)
            while openCount > 1 {
                guard let pair = heap.pop() else {
                    // The candidate graph fell apart: link the open nodes afresh.
                    connect(nodes: (0 ..< Int32(open.count)).filter { open[Int($0)] }, neighbours: neighbours)
                    continue
                }
                guard open[Int(pair.pair.low)], open[Int(pair.pair.high)] else { continue }
                merges.append(merge(pair.pair.low, pair.pair.high, cost: pair.cost))
            }
            return merges
        }

        /// Replaces `a` and `b` by their union, a new node whose candidates are theirs.
        mutating func merge(_ a: Int32, _ b: Int32, cost: Double) -> Merge {
            let made = Int32(weights.count)
            let wa = weights[Int(a)], wb = weights[Int(b)], w = wa + wb
            let offsetA = Int(a) * dimension, offsetB = Int(b) * dimension
            for p in 0 ..< dimension {
                // A node of weight 0 has no say; two of them keep the first's position.
                let mean = w > 0 ? (wa * means[offsetA + p] + wb * means[offsetB + p]) / w : means[offsetA + p]
                means.append(mean)
            }
            weights.append(w)
            open[Int(a)] = false
            open[Int(b)] = false
            open.append(true)
            openCount -= 1
            var union = Set<Int32>()
            for other in candidates[Int(a)] + candidates[Int(b)] where open[Int(other)] {
                union.insert(other)
            }
            candidates[Int(a)] = []
            candidates[Int(b)] = []
            candidates.append([])
            for other in union.sorted() { link(other, made) }
            return Merge(left: a, right: b, cost: cost, weight: w)
        }
    }
}

/// A binary min-heap of candidate pairs ordered by cost, then by their node ids.
struct PairHeap {
    /// Two node ids, the lower first.
    struct Pair: Hashable, Comparable {
        let low: Int32
        let high: Int32

        init(_ a: Int32, _ b: Int32) {
            low = min(a, b)
            high = max(a, b)
        }

        static func < (l: Pair, r: Pair) -> Bool { (l.low, l.high) < (r.low, r.high) }
    }

    struct Entry: Comparable {
        var cost: Double
        var pair: Pair

        static func < (l: Entry, r: Entry) -> Bool { (l.cost, l.pair) < (r.cost, r.pair) }
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    /// - Complexity: O(log count)
    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child] < entries[parent] else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// - Complexity: O(log count)
    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return top }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count, entries[left] < entries[smallest] { smallest = left }
            if right < entries.count, entries[right] < entries[smallest] { smallest = right }
            guard smallest != parent else { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
