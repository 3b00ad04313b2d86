import Clustering
import Content

/// One round of built-in titles, made as if one after another in job order (each job frees its
/// cluster's current title, then takes a title no earlier job holds), but drafted on all cores.
///
/// The drafts avoid only the titles that stay used through the whole round: those used before
/// it, less the jobs' own current titles. Made one after another, job j would avoid a superset
/// of those (they never leave the set, and titles made earlier in the round join it). The
/// generator returns the first acceptable candidate not in the set it is given, so when job
/// j's draft is not in job j's set, every candidate before it was rejected under the smaller
/// set and would be under the larger: the draft is exactly the one-after-another title. When
/// the draft is in the set, the job is titled again, one after another. The titles therefore
/// do not depend on the cores or on how jobs are grouped into rounds.
struct BuiltInTitleRound {
    let generator: BuiltInTitleGenerator

    /// Drafts are made in chunks of this many jobs.
    static let chunkSize = 64

    /// A title for each of `inputs` (the jobs of clusters `clusters`, in order), with the plan
    /// it was made for. `titles` (each cluster's current title) and `used` are updated as the
    /// jobs are titled.
    func titles(for inputs: [TitleInputs], clusters: [Int], titles: inout [Int: String],
                used: inout UsedTitles) -> [(title: String, plan: TopicPlan)] {
        precondition(inputs.count == clusters.count, "one cluster per job")
        var stable = used
        for cluster in clusters { if let own = titles[cluster] { stable.remove(own) } }
        let drafts = mapChunks(count: inputs.count, chunkSize: Self.chunkSize) { [generator, stable] range in
            range.map { generator.titleAndPlan(for: inputs[$0].summary, keywords: inputs[$0].clusterKeywords, avoidingTitles: stable) }
        }.flatMap { $0 }
        var made: [(title: String, plan: TopicPlan)] = []
        made.reserveCapacity(inputs.count)
        for (index, cluster) in clusters.enumerated() {
            if let own = titles[cluster] { used.remove(own) }
            // A plan depends only on the job's inputs, so a redrafted title keeps its draft's.
            var (title, plan) = drafts[index]
            if used.contains(title) {
                title = generator.title(for: inputs[index].summary, keywords: inputs[index].clusterKeywords, avoidingTitles: used)
            }
            titles[cluster] = title
            used.insert(title)
            made.append((title, plan))
        }
        return made
    }
}
