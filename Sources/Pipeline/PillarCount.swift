import Clustering
import Foundation

/// How many pillars (hub pages) a run groups its topics into: `--pillars=auto|N`. Stored in the
/// run's parameters as `"auto"` or the number.
public enum PillarCount: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Chosen from the topic tree (``auto(tree:)``): the most natural cut that leaves about 5 to 15 topics a pillar.
    case auto
    /// This many pillars (fewer when there are fewer topics).
    case count(Int)

    /// Fewest and most topics a pillar should gather on average under `auto`.
    static let topicsPerPillar = 5...15

    /// Parses `auto` or a positive whole number.
    public init(parsing text: String) throws {
        if text == "auto" {
            self = .auto
        } else if let number = Int(text), number >= 1 {
            self = .count(number)
        } else {
            throw PipelineError.badUsage("--pillars must be auto or a whole number of at least 1 (got \(text))")
        }
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .count(let number): String(number)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .count(number)
        } else {
            self = try PillarCount(parsing: container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .auto: try container.encode("auto")
        case .count(let number): try container.encode(number)
        }
    }

    /// The number of pillars for the topics of `tree` (one leaf per topic).
    func groups(in tree: WardTree) -> Int {
        switch self {
        case .count(let number): return max(1, min(number, tree.leafCount))
        case .auto: return Self.auto(tree: tree)
        }
    }

    /// The cut of `tree` whose next merge costs the most compared with the merge before it
    /// (the largest jump in Ward's cost: stopping there keeps groups that the next merge would
    /// join although they lie far apart), among the cuts leaving 5 to 15 topics a pillar on
    /// average. Ties go to fewer pillars. See `Guides/TopicTree.md`, "Pillars".
    /// - Complexity: O(leaves)
    static func auto(tree: WardTree) -> Int {
        let n = tree.leafCount
        guard n > 1 else { return 1 }
        let fewest = max(1, Int((Double(n) / Double(topicsPerPillar.upperBound)).rounded(.up)))
        let most = max(fewest, min(n - 1, Int((Double(n) / Double(topicsPerPillar.lowerBound)).rounded(.up))))
        let costs = tree.costs
        var best = fewest
        var bestJump = -Double.infinity
        for groups in fewest...most {
            // With `groups` groups, merges 0 ..< n − groups are applied; the next is n − groups
            // (none for one group, which wins only when no cut stands out).
            guard groups >= 2 else {
                if bestJump < 1 { (best, bestJump) = (groups, 1) }
                continue
            }
            let next = costs[n - groups], last = costs[n - groups - 1]
            let jump = last > 0 ? next / last : (next > 0 ? Double.infinity : 1)
            if jump > bestJump {
                best = groups
                bestJump = jump
            }
        }
        return best
    }
}
