import Content
import Foundation
import Persistence

/// Title requests shared by the processes working on one run: the run's own title generator
/// and title workers on other machines (`titles` work items). A request is a group of
/// consecutive title jobs (``TitleBackend/jobsPerRequest`` of them, aligned from the first
/// pending job as ``BatchTitleGenerator`` forms them); whoever claims a group sends it and
/// records the model's proposals, and everyone else uses them. A proposal depends only on its
/// jobs' inputs, and the generator still accepts titles one job at a time in job order, so the
/// titles are the ones a single process makes, whoever asked.
public protocol TitleRequestExchange: Sendable {
    /// Claims the request of `jobIDs` for the caller, unless it is answered (then its proposals)
    /// or claimed by a process that is still alive.
    func claim(jobIDs: [Int64]) async throws -> TitleRequestClaim
    /// Records the proposals of a request the caller claimed.
    func answer(jobIDs: [Int64], proposals: [String?]) async throws
    /// The run's request budget (`--llm-max-requests`), shared by every process in the exchange.
    var budget: any LLMRequestBudget { get }
}

/// What ``TitleRequestExchange/claim(jobIDs:)`` found.
public enum TitleRequestClaim: Sendable, Equatable {
    /// The caller holds the request and sends it.
    case mine
    /// Someone sent it already: the model's proposals, one per job.
    case answered([String?])
    /// Another live process holds it; ask again later.
    case heldElsewhere
}

extension TitleRequestExchange {
    /// The proposals for `jobs`, grouped into requests of `requestSize`: taken from the exchange
    /// where another process answered them, waited for where another process holds them, and
    /// asked of `backend` (and recorded) where this process claims them.
    ///
    /// - Returns: proposals for the first jobs, in order: all of them, or fewer when the budget
    ///   ran out (the rest wait for `resume`).
    /// - Throws: ``TitleBudgetReached`` when the budget is used up and no proposal was obtained.
    func proposals(for jobs: [TitleJob], inputs: [TitleInputs], requestSize: Int,
                   backend: any TitleBackend, used: UsedTitles, pollSeconds: Double = 0.05) async throws -> [String?] {
        let groups = stride(from: 0, to: jobs.count, by: max(1, requestSize)).map { $0..<min($0 + max(1, requestSize), jobs.count) }
        let ids = groups.map { jobs[$0].map(\.id) }
        var answers = [[String?]?](repeating: nil, count: groups.count)
        var budgetReached: TitleBudgetReached?
        var open = Array(groups.indices)
        while !open.isEmpty, budgetReached == nil {
            var mine: [Int] = []
            var waiting: [Int] = []
            for group in open {
                switch try await claim(jobIDs: ids[group]) {
                case .mine: mine.append(group)
                case .answered(let proposals):
                    answers[group] = proposals.count == groups[group].count ? proposals : Array(repeating: nil, count: groups[group].count)
                case .heldElsewhere: waiting.append(group)
                }
            }
            if !mine.isEmpty {
                // Whole requests only: every group but a round's last is `requestSize` long, so
                // the backend cuts the joined inputs into the same requests.
                do {
                    let sent = try await send(mine.map { (ids[$0], Array(inputs[groups[$0]])) }, to: backend, avoiding: used)
                    for (group, proposals) in zip(mine, sent) { answers[group] = proposals }
                    if sent.count < mine.count { budgetReached = TitleBudgetReached(description: "the LLM request budget is used up") }
                } catch let reached as TitleBudgetReached {
                    budgetReached = reached
                }
            }
            open = waiting
            if !open.isEmpty, budgetReached == nil { try await Task.sleep(for: .seconds(pollSeconds)) }
        }
        // The proposals of the first groups that have them, in job order.
        let answered = answers.prefix { $0 != nil }.flatMap { $0! }
        if answered.isEmpty, let budgetReached { throw budgetReached }
        return answered
    }

    /// Sends requests the caller claimed (each its jobs' ids and inputs, all but the last
    /// `jobsPerRequest` long) to `backend` in one call, and records each one's proposals.
    /// - Returns: the proposals of the requests sent, one list per request, in order: all of
    ///   them, or the first ones when the budget ran out part-way.
    /// - Throws: ``TitleBudgetReached`` when the budget was used up before the first.
    func send(_ requests: [(ids: [Int64], inputs: [TitleInputs])], to backend: any TitleBackend,
              avoiding used: UsedTitles) async throws -> [[String?]] {
        let proposed = try await backend.titles(for: requests.flatMap(\.inputs), avoiding: used)
        var sent: [[String?]] = []
        var offset = 0
        for request in requests {
            let count = request.inputs.count
            guard offset + count <= proposed.count else { break }
            let proposals = Array(proposed[offset..<offset + count])
            try await answer(jobIDs: request.ids, proposals: proposals)
            sent.append(proposals)
            offset += count
        }
        return sent
    }
}

extension TitleRequestExchange {
    /// One round of a title worker: claims up to `requests` whole requests among the project's
    /// pending title jobs (grouped as the run's generator groups them: `jobsPerRequest`
    /// consecutive jobs from the first pending one), past the generator's next two rounds (it
    /// sends those itself meanwhile: a title worker that took them would leave it waiting, its
    /// own requests unsent), sends them to `backend` and records the proposals. The generator
    /// takes them from the exchange when it gets there.
    ///
    /// - Returns: how many requests this round answered (0: none was free to claim).
    /// - Throws: ``TitleBudgetReached`` when the run's budget is used up.
    public func answerAhead(store: Store, projectID: Int64, backend: any TitleBackend, requests: Int) async throws -> Int {
        let size = max(1, backend.jobsPerRequest)
        let generatorRounds = 2 * (backend.jobsPerRound / size * size)
        let pending = try store.pendingTitleJobs(projectID: projectID, limit: generatorRounds + size * max(1, requests) * 8)
        var claimed: [[TitleJob]] = []
        for start in stride(from: generatorRounds, to: pending.count / size * size, by: size) where claimed.count < requests {
            let group = Array(pending[start..<start + size])
            if try await claim(jobIDs: group.map(\.id)) == .mine { claimed.append(group) }
        }
        guard !claimed.isEmpty else { return 0 }
        let requests = try claimed.map { group in (group.map(\.id), try group.map { try TitleInputs.decode($0.inputs) }) }
        let answered = try await send(requests, to: backend, avoiding: UsedTitles()).count
        if answered < claimed.count { throw TitleBudgetReached(description: "the LLM request budget is used up") }
        return answered
    }
}
