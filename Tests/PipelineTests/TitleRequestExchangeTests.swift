import Content
import Foundation
import Persistence
import Synchronization
import Testing
@testable import Pipeline

/// How the run's title generator shares requests (``TitleRequestExchange``): it uses the
/// proposals others recorded, waits for the requests others hold, and sends only its own.
@Suite struct TitleRequestExchangeTests {
    /// An exchange whose other processes follow a script: per request (its first job id), the
    /// answer they recorded, or how many looks they still hold it for before answering.
    final class ScriptedExchange: TitleRequestExchange {
        struct Request {
            var heldFor = 0
            var answer: [String?]?
            var mine = false
        }

        let requests: Mutex<[Int64: Request]>
        let recorded = Mutex<[[Int64]: [String?]]>([:])
        let budget: any LLMRequestBudget = ProcessRequestBudget()

        init(_ script: [Int64: Request]) {
            requests = Mutex(script)
        }

        func claim(jobIDs: [Int64]) -> TitleRequestClaim {
            requests.withLock { requests in
                var request = requests[jobIDs[0], default: Request()]
                defer { requests[jobIDs[0]] = request }
                if request.heldFor > 0 {
                    request.heldFor -= 1
                    return .heldElsewhere
                }
                if let answer = request.answer { return .answered(answer) }
                request.mine = true
                return .mine
            }
        }

        func answer(jobIDs: [Int64], proposals: [String?]) {
            recorded.withLock { $0[jobIDs] = proposals }
        }
    }

    /// A model that titles each cluster "Model <primary keyword>" and records what it was asked,
    /// or throws the budget's end.
    final class RecordingBackend: TitleBackend {
        let asked = Mutex<[[String]]>([])
        let budgetLeft: Bool

        init(budgetLeft: Bool = true) {
            self.budgetLeft = budgetLeft
        }

        var name: String { "llm:test" }
        var jobsPerRound: Int { 6 }
        var jobsPerRequest: Int { 2 }

        func titles(for inputs: [TitleInputs], avoiding used: UsedTitles) throws -> [String?] {
            guard budgetLeft else { throw TitleBudgetReached(description: "no budget") }
            asked.withLock { $0.append(inputs.map(\.summary.primaryKeyword)) }
            return inputs.map { "Model " + $0.summary.primaryKeyword }
        }
    }

    /// Six jobs (ids 1-6, primary keywords k1-k6): three requests of two.
    static let jobs = (1...6).map {
        TitleJob(id: Int64($0), clusterID: $0, clusterVersion: 1, runID: 1, batchNumber: 1, inputs: "")
    }
    static let inputs = (1...6).map {
        TitleInputsTests.inputs(texts: ["k\($0)", "k\($0) more"], volumes: [10, 5], similarities: [1, 0.9], primaryVolume: 10)
    }

    @Test func answeredRequestsAreUsedHeldOnesAwaitedAndOnlyTheRestSent() async throws {
        // Given the first request answered by another worker, the second held by one for two
        // more looks, then answered, and the third free
        let exchange = ScriptedExchange([1: .init(answer: ["Other k1", nil]), 3: .init(heldFor: 2, answer: ["Other k3", "Other k4"])])
        let backend = RecordingBackend()
        // When the generator asks for the six jobs' proposals
        let proposals = try await exchange.proposals(for: Self.jobs, inputs: Self.inputs, requestSize: 2, backend: backend,
                                                     used: UsedTitles(), pollSeconds: 0.001)
        // Then it has them in job order, sent only the third request, and recorded its answer
        #expect(proposals == ["Other k1", nil, "Other k3", "Other k4", "Model k5", "Model k6"])
        #expect(backend.asked.withLock { $0 } == [["k5", "k6"]])
        #expect(exchange.recorded.withLock { $0 } == [[5, 6]: ["Model k5", "Model k6"]])
        #expect(exchange.requests.withLock { $0[3]?.heldFor } == 0, "it looked until the held request was answered")
    }

    @Test func aHolderThatDiesLeavesItsRequestToTheGenerator() async throws {
        // Given the second request held for a few looks and then free (its holder's lease expired)
        let exchange = ScriptedExchange([3: .init(heldFor: 3)])
        let backend = RecordingBackend()
        let proposals = try await exchange.proposals(for: Self.jobs, inputs: Self.inputs, requestSize: 2, backend: backend,
                                                     used: UsedTitles(), pollSeconds: 0.001)
        // Then the generator sent it itself, after the other two
        #expect(proposals == (1...6).map { "Model k\($0)" })
        #expect(backend.asked.withLock { $0 } == [["k1", "k2", "k5", "k6"], ["k3", "k4"]])
    }

    @Test func withTheBudgetUsedUpOnlyTheFirstAnsweredRequestsCount() async throws {
        // Given the first request answered elsewhere, the others free, and no budget left here
        let exchange = ScriptedExchange([1: .init(answer: ["Other k1", "Other k2"]), 5: .init(answer: ["Other k5", "Other k6"])])
        let proposals = try await exchange.proposals(for: Self.jobs, inputs: Self.inputs, requestSize: 2,
                                                     backend: RecordingBackend(budgetLeft: false), used: UsedTitles(), pollSeconds: 0.001)
        // Then the proposals stop before the first request nobody answered (the rest wait for `resume`)
        #expect(proposals == ["Other k1", "Other k2"])
        // and with nothing answered at all, the budget's end is thrown
        await #expect(throws: TitleBudgetReached.self) {
            try await ScriptedExchange([:]).proposals(for: Self.jobs, inputs: Self.inputs, requestSize: 2,
                                                      backend: RecordingBackend(budgetLeft: false), used: UsedTitles())
        }
    }
}
