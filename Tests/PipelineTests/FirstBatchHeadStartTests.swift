import Foundation
import Testing
@testable import Pipeline
import TextFeatures

/// `create` fits batch 1 while it stores the keywords; the run must end exactly as without it.
struct FirstBatchHeadStartTests {
    @Test func aHeadStartGivesTheSameRunAsNone() async throws {
        // Given a run made without the head start create prepared
        let reference = try TestProject()
        defer { reference.remove() }
        let plain = try reference.create()
        try await ProjectRunner.run(project: plain.project, runID: plain.runID, store: reference.store)
        // When the same file is created and run with it
        let other = try TestProject(sharing: reference)
        let created = try other.create()
        let headStart = try #require(created.headStart?.wait())
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: other.store, headStart: created.headStart)
        // Then the head start holds batch 1's keywords and the export is byte-identical
        #expect(headStart.texts.count == (try other.store.batchRuns(runID: created.runID)[0].batchSize))
        #expect(try other.exportCSV(created.project) == (try reference.exportCSV(plain.project)))
    }

    @Test func aHeadStartForOtherKeywordsIsNotUsed() async throws {
        // Given the head start of a run with another seed (so another batch 1)
        let reference = try TestProject()
        defer { reference.remove() }
        var parameters = TestProject.parameters()
        parameters.seed = 7
        let elsewhere = try reference.create(parameters)
        let foreign = try #require(elsewhere.headStart?.wait())
        // When a run with seed 42 is given it
        let other = try TestProject(sharing: reference)
        let created = try other.create()
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: other.store, headStart: FirstBatchHeadStart.Pending(space: nil) { foreign })
        // Then it fits batch 1 itself: the export is that of a run given no head start
        let plain = try TestProject(sharing: reference)
        let expected = try plain.create()
        try await ProjectRunner.run(project: expected.project, runID: expected.runID, store: plain.store)
        #expect(foreign.texts != created.headStart?.wait()?.texts)
        #expect(try other.exportCSV(created.project) == (try plain.exportCSV(expected.project)))
    }

    @Test func theRunTakesTheFitOfAMatchingHeadStart() async throws {
        // Given a head start claiming batch 1's keywords but holding the fit of another seed's batch 1
        let reference = try TestProject()
        defer { reference.remove() }
        var parameters = TestProject.parameters()
        parameters.seed = 7
        let foreign = try #require(try reference.create(parameters).headStart?.wait())
        let other = try TestProject(sharing: reference)
        let created = try other.create()
        let own = try #require(created.headStart?.wait())
        let disguised = FirstBatchHeadStart(texts: own.texts, step: foreign.step, generator: foreign.generator)
        // When the run is given it
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: other.store, headStart: FirstBatchHeadStart.Pending(space: nil) { disguised })
        // Then batch 1 came from it, not from a fit of its own: the result differs from the honest run's
        let plain = try TestProject(sharing: reference)
        let expected = try plain.create()
        try await ProjectRunner.run(project: expected.project, runID: expected.runID, store: plain.store, headStart: expected.headStart)
        #expect(try other.exportCSV(created.project) != (try plain.exportCSV(expected.project)))
    }

    @Test func theRunTakesTheVectorSpaceOfAHeadStartOnlyWhenItIsTheStoredOne() async throws {
        // Given a head start holding another vector space (fitted to other keywords)
        let reference = try TestProject()
        defer { reference.remove() }
        let plain = try reference.create()
        try await ProjectRunner.run(project: plain.project, runID: plain.runID, store: reference.store)
        var builder = LexicalVectorizer.Builder()
        for text in ["red shoes", "blue shoes", "green hat"] { builder.add(text) }
        let foreign = builder.build()
        func run(claimingStored: Bool) async throws -> String {
            let test = try TestProject(sharing: reference)
            let created = try test.create()
            let stored = try test.store.lexicalSpace(projectID: created.project.id)
            let headStart = FirstBatchHeadStart.Pending(space: (foreign, claimingStored ? stored : foreign.serialized())) { nil }
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: test.store, headStart: headStart)
            return try test.exportCSV(created.project)
        }
        // When it says so, the run takes it (and clusters differently); when its bytes are its
        // own, the run reads the stored space: the export is that of a run given no head start
        #expect(try await run(claimingStored: true) != (try reference.exportCSV(plain.project)))
        #expect(try await run(claimingStored: false) == (try reference.exportCSV(plain.project)))
    }

    @Test(arguments: [RunParameters.Order.sample, .volume])
    func theHeadStartPlanIsThePlanOfTheStoredKeywords(order: RunParameters.Order) throws {
        // Given a store that already holds a project, so the new one's ids do not start at 1
        let first = try TestProject(keywords: 120)
        defer { first.remove() }
        _ = try first.create()
        let second = try TestProject(keywords: 400, topics: 9, store: first.store)
        defer { second.remove() }
        var parameters = TestProject.parameters()
        parameters.order = order
        let created = try ProjectCreator.create(domain: "other.example", files: [second.keywordFile], column: nil,
                                                parameters: parameters, store: first.store)
        // When the head start's plan is placed at the new project's first id
        let span = try #require(try first.store.keywordIDSpan(projectID: created.project.id))
        let batches = try first.store.batchRuns(runID: created.runID)
        let fromHeadStart = created.headStart?.plan(firstID: span.first, sizes: batches.map(\.batchSize))
        // Then it is the plan made from the stored keywords, as `resume` makes it
        let run = try #require(try first.store.run(id: created.runID))
        let planned = try first.store.plannedKeywords(projectID: created.project.id, runID: created.runID)
        let stored = BatchPlan(keywordIDs: BatchPlan.order(planned, parameters: try RunParameters.decode(run.parameters)),
                               sizes: batches.map(\.batchSize))
        #expect(span.first > 1)
        #expect(fromHeadStart == stored)
        #expect(created.headStart?.plan(firstID: span.first + 1, sizes: batches.map(\.batchSize)) != stored)
    }

    @Test func oneBatchRunsGetNone() throws {
        let test = try TestProject()
        defer { test.remove() }
        var parameters = TestProject.parameters()
        parameters.mode = .monolithic
        #expect(try test.create(parameters).headStart == nil)
    }
}
