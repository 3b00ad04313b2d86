import Foundation
import Testing
import TestSupport
@testable import Persistence

/// `commitBatch` with title jobs made while the batch is written: one transaction either way.
@Suite struct LateTitleJobsTests {
    let base = StoreTests()

    func commitWithoutJobs(runID: Int64) -> BatchCommit {
        var commit = base.commit(runID: runID, batch: 1, keywordIDs: [1, 2], snapshot: true)
        commit.titleJobs = []
        return commit
    }

    @Test(arguments: StoreKind.allCases) func lateJobsAndTheirTitlesAreStoredWithTheBatch(_ kind: StoreKind) throws {
        // Given a project with two planned batches
        try TestStores.withStore(kind) { store in
            let (project, runID) = try base.makeProject(store)
            let job = TitleJob(clusterID: 0, clusterVersion: 1, runID: runID, batchNumber: 1, inputs: "{}")
            // When batch 1 is committed with a job and its title made while the rest was written
            try store.commitBatch(commitWithoutJobs(runID: runID), projectID: project.id, titleJobs: { [job] },
                                  titles: { JobTitles(titles: ["Red Shoes: A Complete Guide"], generator: "builtin") })
            // Then the job is stored done, the title is the cluster's, and batch 1 counts it
            #expect(try store.titleJobCount(projectID: project.id) == 1)
            #expect(try store.pendingTitleJobCount(projectID: project.id) == 0)
            #expect(try store.currentTitles(projectID: project.id)[0]?.title == "Red Shoes: A Complete Guide")
            #expect(try store.batchRun(runID: runID, number: 1)?.titlesGenerated == 1)
            #expect(try store.batchRun(runID: runID, number: 1)?.status == .completed)
        }
    }

    @Test(arguments: StoreKind.allCases) func lateJobsWithoutTitlesWaitForTheWorker(_ kind: StoreKind) throws {
        try TestStores.withStore(kind) { store in
            let (project, runID) = try base.makeProject(store)
            let job = TitleJob(clusterID: 0, clusterVersion: 1, runID: runID, batchNumber: 1, inputs: "{}")
            try store.commitBatch(commitWithoutJobs(runID: runID), projectID: project.id, titleJobs: { [job] })
            #expect(try store.pendingTitleJobCount(projectID: project.id) == 1)
            #expect(try store.currentTitles(projectID: project.id).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func aFailureWhileTheJobsAreMadeLeavesNothingBehind(_ kind: StoreKind) throws {
        // Given a project with two planned batches
        try TestStores.withStore(kind) { store in
            let (project, runID) = try base.makeProject(store)
            struct TitlingFailed: Error {}
            // When the title jobs fail after the batch's rows were written
            #expect(throws: (any Error).self) {
                try store.commitBatch(commitWithoutJobs(runID: runID), projectID: project.id, titleJobs: { throw TitlingFailed() })
            }
            // Then nothing of the batch is stored
            #expect(try store.assignments(projectID: project.id).isEmpty)
            #expect(try store.clusters(projectID: project.id).isEmpty)
            #expect(try store.checkpoints(runID: runID).isEmpty)
            #expect(try store.batchRun(runID: runID, number: 1)?.status == .pending)
        }
    }

    @Test(arguments: StoreKind.allCases) func aFailureWhileTheTitlesAreMadeLeavesNothingBehind(_ kind: StoreKind) throws {
        // Given a project with two planned batches
        try TestStores.withStore(kind) { store in
            let (project, runID) = try base.makeProject(store)
            let job = TitleJob(clusterID: 0, clusterVersion: 1, runID: runID, batchNumber: 1, inputs: "{}")
            struct TitlingFailed: Error {}
            // When the titles fail after the batch's rows and its jobs were written
            #expect(throws: (any Error).self) {
                try store.commitBatch(commitWithoutJobs(runID: runID), projectID: project.id, titleJobs: { [job] },
                                      titles: { throw TitlingFailed() })
            }
            // Then nothing of the batch is stored, its jobs neither
            #expect(try store.titleJobCount(projectID: project.id) == 0)
            #expect(try store.assignments(projectID: project.id).isEmpty)
            #expect(try store.batchRun(runID: runID, number: 1)?.status == .pending)
        }
    }
}
