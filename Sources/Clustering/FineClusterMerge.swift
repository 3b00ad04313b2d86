import Foundation

/// How fine clusters become topics: their means are merged by Ward (``WardTree``), each fine
/// cluster weighted by a power of its member count, and the tree is cut at the number of
/// topics wanted. See `Guides/TopicTree.md` for the measurements behind the weighting.
public enum FineClusterMerge {
    /// How a run merges its fine clusters.
    public struct Rule: Codable, Equatable, Sendable {
        /// The power of its member count a fine cluster weighs (``weight(count:exponent:)``).
        public var exponent: Double

        public init(exponent: Double) {
            self.exponent = exponent
        }
    }

    /// Topics of fewer keywords than this on average are merged unweighted, larger ones
    /// weighted by size (see ``rule(meanTopicSize:)``).
    public static let smallTopicSize = 100.0

    /// The rule for topics of `meanTopicSize` keywords on average (keywords ÷ topics wanted),
    /// chosen by measurement on labelled sets (docs/topic-tree.md): small topics (below
    /// ``smallTopicSize``: keyword lists at the default 20 a topic, Tweet at 26, GoogleNews-T at
    /// 71) merge best with every fine cluster weighing the same, so many small, tight groups
    /// survive as topics of their own; large topics (Banking77 at 167 and above) merge best
    /// weighted by size, exact Ward over the keywords, which keeps broad topics whole.
    public static func rule(meanTopicSize: Double) -> Rule {
        Rule(exponent: meanTopicSize < smallTopicSize ? 0 : 1)
    }

    /// A fine cluster's Ward weight: `count ^ exponent` (1 for every cluster at exponent 0,
    /// its member count at 1). Empty clusters weigh 0 and join their nearest neighbour freely.
    public static func weight(count: Int, exponent: Double) -> Double {
        guard count > 0 else { return 0 }
        return exponent == 0 ? 1 : pow(Double(count), exponent)
    }

    /// The Ward tree over the clusters of `model` (a dense model), weighted by
    /// ``weight(count:exponent:)``.
    /// - Complexity: that of ``WardTree/init(means:weights:dimension:neighbours:)`` for
    ///   `model.clusterCount` points.
    public static func tree(of model: KMeansModel, exponent: Double) -> WardTree {
        let (means, counts) = model.clusterMeans()
        return WardTree(means: means, weights: counts.map { weight(count: $0, exponent: exponent) },
                        dimension: model.dimension)
    }

    /// `--clusters=auto`: the Ward cost of one page. Two groups of fine clusters whose merge
    /// (every fine cluster weighing 1, exponent 0) costs more than this are two topics. Fine
    /// clusters hold about 7 keywords (3 per 20-keyword topic), means of unit vectors.
    /// Calibrated on the labelled sets: docs/topic-tree.md, "`--clusters=auto`".
    public static let onePageCost = 1.0

    /// The number of groups left when the merges of `tree` are applied in order up to the first
    /// that costs more than `limit` (every merge when none does).
    /// - Complexity: O(merges)
    public static func groups(in tree: WardTree, costAtMost limit: Double) -> Int {
        let applied = tree.merges.firstIndex { $0.cost > limit } ?? tree.merges.count
        return max(1, tree.leafCount - applied)
    }

    /// The cost of the last merge applied when `tree` is cut into `groups` groups (0 when
    /// none is applied): how far apart, by Ward's criterion, the parts joined into one topic
    /// may be. Later fine clusters join a topic only when it costs no more.
    public static func cutCost(of tree: WardTree, groups: Int) -> Double {
        let applied = max(0, tree.leafCount - max(groups, 1))
        return tree.merges.prefix(applied).map(\.cost).max() ?? 0
    }
}
