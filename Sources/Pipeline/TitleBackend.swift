import Content
import Foundation

/// What the title worker asks for titles: the built-in generator one cluster at a time, or a
/// language model several clusters per round.
public protocol TitleBackend: Sendable {
    /// Recorded in `generated_content.generator`.
    var name: String { get }
    /// How many pending jobs one call to `titles` takes.
    var jobsPerRound: Int { get }
    /// How many consecutive jobs go into one request (1: each job on its own). While a run can
    /// still add jobs, the worker takes whole requests only, so the grouping is the same in
    /// every run of the same input.
    var jobsPerRequest: Int { get }
    /// One proposed title per input, in order; nil where this backend has none (the worker then
    /// uses the built-in generator for that cluster).
    func titles(for inputs: [TitleInputs], avoiding used: UsedTitles) async throws -> [String?]
}

/// The built-in, offline, deterministic generator.
public struct BuiltInTitleBackend: TitleBackend {
    public let generator: BuiltInTitleGenerator

    public init(year: Int) {
        generator = BuiltInTitleGenerator(year: year)
    }

    public var name: String { "builtin" }
    public var jobsPerRound: Int { 1_000 }
    public var jobsPerRequest: Int { 1 }

    public func titles(for inputs: [TitleInputs], avoiding used: UsedTitles) -> [String?] {
        inputs.map { generator.title(for: $0.summary, keywords: $0.clusterKeywords, avoidingTitles: used) }
    }
}

/// Thrown when a title backend reached its spending cap: title work pauses, jobs stay pending.
public struct TitleBudgetReached: Error, Sendable, CustomStringConvertible {
    public var description: String
}
