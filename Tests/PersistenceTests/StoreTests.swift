import Foundation
import Ingest
import PostgresNIO
import PostgresPersistence
import Testing
import TestSupport
@testable import Persistence

@Suite struct StoreTests {
    func imported(_ texts: [String], volume: Int = 10) -> KeywordImport {
        KeywordImport(
            keywords: texts.map { ImportedKeyword(text: $0, metrics: KeywordMetrics(volume: volume), sources: ["a.csv"]) },
            files: [ImportedFile(path: "a.csv", format: .genericCSV, rowsRead: texts.count, keywordsKept: texts.count,
                                 duplicates: 0, skippedTooLong: 0, skippedControlCharacters: 0, skippedEmpty: 0)],
            warnings: [])
    }

    func makeProject(_ store: Store, texts: [String] = ["red shoes", "blue shoes", "green hats"],
                     sizes: [Int] = [2, 1]) throws -> (Project, Int64) {
        let created = try store.createProject(slug: "example-com", domain: "example.com", imported: imported(texts),
                                              lexicalSpace: [1, 2, 3],
                                              run: NewRun(kind: .create, parameters: "{}", seed: 7, batchSizes: sizes))
        return (created.project, created.runID)
    }

    @Test func userPlanTablesHaveExactlyTheirColumns() throws {
        // Given a new store
        let store = try SQLiteStore.inMemory()
        // When reading the schema of the user's two tables
        let columns = try store.transaction { db in
            (try db.rows("SELECT name FROM pragma_table_info('batch_runs')") { try $0["name"] as String },
             try db.rows("SELECT name FROM pragma_table_info('batch_checkpoints')") { try $0["name"] as String })
        }
        // Then they are the plan's columns, in order
        #expect(columns.0 == ["id", "run_id", "batch_number", "batch_size", "status", "keywords_processed", "clusters_generated",
                              "titles_generated", "started_at", "completed_at", "error_message", "processing_time_ms"])
        #expect(columns.1 == ["id", "run_id", "batch_number", "cluster_state", "processed_keywords", "centroids", "created_at"])
    }

    @Test func postgresHasThePlanTablesAndEveryMigrationRecorded() throws {
        // Given a new PostgreSQL store
        try TestStores.withStore(.postgres) { store in
            let postgres = try #require(store as? PostgresStore)
            // When reading the schema of the user's two tables and the migrations table
            let (columns, migrations) = try postgres.transaction { db in
                let columns = try ["batch_runs", "batch_checkpoints"].map { table in
                    try db.rows("""
                        SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position
                        """, table) { "\(try $0["column_name"] as String) \(try $0["data_type"] as String)" }
                }
                let migrations = try db.rows("SELECT identifier FROM kwcluster_migrations ORDER BY applied_at, identifier") {
                    try $0["identifier"] as String
                }
                return (columns, migrations)
            }
            // Then they are the plan's columns, in order, with PostgreSQL's types
            #expect(columns[0] == ["id bigint", "run_id bigint", "batch_number bigint", "batch_size bigint", "status text",
                                   "keywords_processed bigint", "clusters_generated bigint", "titles_generated bigint",
                                   "started_at timestamp with time zone", "completed_at timestamp with time zone",
                                   "error_message text", "processing_time_ms bigint"])
            #expect(columns[1] == ["id bigint", "run_id bigint", "batch_number bigint", "cluster_state text", "processed_keywords text",
                                   "centroids text", "created_at timestamp with time zone"])
            // And the migrations are SQLite's, in order
            #expect(migrations == SQLiteStore.migrationNames)
            // And a status outside the plan's list is refused, as in SQLite
            let (_, runID) = try makeProject(store)
            #expect(throws: (any Error).self) {
                try postgres.transaction { db in try db.execute("UPDATE batch_runs SET status = 'done' WHERE run_id = ?", runID) }
            }
        }
    }

    @Test func aSecondOpenOfAPostgresDatabaseFindsItMigrated() throws {
        try TestStores.withStore(.postgres) { store in
            let postgres = try #require(store as? PostgresStore)
            // Given a project in a PostgreSQL database
            let (project, _) = try makeProject(store)
            // When another process opens the same database
            let again = try PostgresStore(location: postgres.location)
            // Then it migrates nothing twice and sees the project
            #expect(try again.project(slug: "example-com")?.id == project.id)
        }
    }

    @Test func batchRunsStatusIsChecked() throws {
        // Given a project with a run
        let store = try SQLiteStore.inMemory()
        let (_, runID) = try makeProject(store)
        // When writing a status outside the plan's list
        // Then SQLite refuses it
        #expect(throws: (any Error).self) {
            try store.transaction { db in try db.execute("UPDATE batch_runs SET status = 'done' WHERE run_id = ?", runID) }
        }
    }

    @Test(arguments: StoreKind.allCases) func createProjectStoresKeywordsRunAndPendingBatches(_ kind: StoreKind) throws {
        // Given a store
        try TestStores.withStore(kind) { store in
            // When creating a project with three keywords in two batches
            let (project, runID) = try makeProject(store)
            // Then keywords, run and batches are there
            #expect(project.slug == "example-com")
            #expect(try store.keywordCounts(projectID: project.id).total == 3)
            #expect(try store.lexicalSpace(projectID: project.id) == [1, 2, 3])
            let batches = try store.batchRuns(runID: runID)
            #expect(batches.map(\.batchSize) == [2, 1])
            #expect(batches.allSatisfy { $0.status == .pending })
            #expect(try store.run(id: runID)?.status == .pending)
        }
    }

    @Test(arguments: StoreKind.allCases) func creatingAnExistingProjectFailsAndChangesNothing(_ kind: StoreKind) throws {
        // Given an existing project
        try TestStores.withStore(kind) { store in
            let (project, _) = try makeProject(store)
            // When creating it again with other keywords
            #expect(throws: StoreError.self) { _ = try makeProject(store, texts: ["x", "y"], sizes: [2]) }
            // Then the first project is untouched and no second run exists
            #expect(try store.keywordCounts(projectID: project.id).total == 3)
            #expect(try store.runs(projectID: project.id).count == 1)
        }
    }

    func commit(runID: Int64, batch: Int, keywordIDs: [Int64], snapshot: Bool) -> BatchCommit {
        BatchCommit(
            runID: runID, batchNumber: batch,
            assignments: keywordIDs.map { Assignment(keywordID: $0, clusterID: 0, similarity: 0.5) },
            changedClusters: [ClusterRow(clusterID: 0, createdRunID: runID, createdBatch: 1, keywordCount: keywordIDs.count,
                                         totalVolume: 10 * keywordIDs.count, primaryKeywordID: keywordIDs[0], primaryVolume: 10,
                                         primarySimilarity: 0.5, label: "shoes", intent: "informational",
                                         intentVotes: [0, 0, 0, 0, 0], version: 1, updatedRunID: runID, updatedBatch: batch)],
            newClusterCount: 1, titleJobs: [TitleJob(clusterID: 0, clusterVersion: batch, runID: runID, batchNumber: batch, inputs: "{}")],
            checkpoint: BatchCheckpoint(runID: runID, batchNumber: batch, clusterState: "{}", processedKeywords: "[]",
                                        centroids: snapshot ? "{\"snapshot\":\(batch)}" : nil),
            log: BatchLog(iterations: 3, inertia: 1.5, newClusters: 1, farKeywords: 0), processingTimeMs: 12)
    }

    @Test(arguments: StoreKind.allCases) func commitBatchWritesEverythingTogether(_ kind: StoreKind) throws {
        // Given a project with two planned batches
        try TestStores.withStore(kind) { store in
            let (project, runID) = try makeProject(store)
            // When committing batch 1
            try store.commitBatch(commit(runID: runID, batch: 1, keywordIDs: [1, 2], snapshot: true), projectID: project.id)
            // Then its assignments, cluster, title job, checkpoint and batch row are all there
            #expect(try store.assignments(projectID: project.id).map(\.keywordID) == [1, 2])
            #expect(try store.clusters(projectID: project.id).first?.keywordCount == 2)
            #expect(try store.pendingTitleJobCount(projectID: project.id) == 1)
            #expect(try store.checkpoints(runID: runID).map(\.batchNumber) == [1])
            let batch = try store.batchRuns(runID: runID)[0]
            #expect(batch.status == .completed)
            #expect(batch.keywordsProcessed == 2)
            #expect(batch.processingTimeMs == 12)
            #expect(try store.batchLogs(runID: runID)[1]?.iterations == 3)
        }
    }

    @Test(arguments: StoreKind.allCases) func aFailingCommitLeavesNothingBehind(_ kind: StoreKind) throws {
        // Given a project whose run has two batches
        try TestStores.withStore(kind) { store in
            let (project, runID) = try makeProject(store)
            // When committing a batch that was never planned
            #expect(throws: StoreError.self) {
                try store.commitBatch(commit(runID: runID, batch: 9, keywordIDs: [1, 2], snapshot: false), projectID: project.id)
            }
            // Then none of its parts were written
            #expect(try store.assignments(projectID: project.id).isEmpty)
            #expect(try store.clusters(projectID: project.id).isEmpty)
            #expect(try store.checkpoints(runID: runID).isEmpty)
            #expect(try store.pendingTitleJobCount(projectID: project.id) == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func statementsSentWithoutWaitingRunInOrderInTheirTransaction(_ kind: StoreKind) throws {
        // Given a project
        try TestStores.withStore(kind) { store in
            let (_, runID) = try makeProject(store)
            let sqlStore = try #require(store as? any SQLStore)
            // When two statements are sent without waiting and a query follows in the same transaction
            let seen: String? = try sqlStore.transaction { db in
                try db.send("UPDATE processing_runs SET error_message = 'one' WHERE id = ?", runID)
                try db.send("UPDATE processing_runs SET error_message = error_message || ' two' WHERE id = ?", runID)
                return try db.scalar("SELECT error_message AS value FROM processing_runs WHERE id = ?", runID)
            }
            // Then the query sees both, applied in the order sent, and so does a later read
            #expect(seen == "one two")
            #expect(try store.run(id: runID)?.errorMessage == "one two")
        }
    }

    @Test(arguments: StoreKind.allCases) func aFailedStatementSentWithoutWaitingFailsItsTransactionWithItsOwnError(_ kind: StoreKind) throws {
        // Given a project whose run has batch 1 planned
        try TestStores.withStore(kind) { store in
            let (_, runID) = try makeProject(store)
            let sqlStore = try #require(store as? any SQLStore)
            // When a transaction sends a change, then a second batch 1 (a unique key broken), then another change
            let error = #expect(throws: StoreError.self) {
                try sqlStore.transaction { db in
                    try db.send("UPDATE processing_runs SET status = 'failed' WHERE id = ?", runID)
                    try db.send("INSERT INTO batch_runs (run_id, batch_number, batch_size, status) VALUES (?, 1, 5, 'pending')", runID)
                    try db.send("UPDATE processing_runs SET error_message = 'after' WHERE id = ?", runID)
                }
            }
            // Then the transaction fails with the broken key's error (not a later statement's), and nothing is kept
            #expect(error?.message.lowercased().contains("unique") == true)
            let run = try #require(try store.run(id: runID))
            #expect(run.status == .pending)
            #expect(run.errorMessage == nil)
            #expect(try store.batchRuns(runID: runID).count == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func newSnapshotsClearOlderOnesButTheFirst(_ kind: StoreKind) throws {
        // Given a run of four batches
        try TestStores.withStore(kind) { store in
            let texts = (0..<8).map { "keyword \($0)" }
            let (project, runID) = try makeProject(store, texts: texts, sizes: [2, 2, 2, 2])
            // When batches 1, 2 and 4 carry snapshots and 3 does not
            for batch in 1...4 {
                try store.commitBatch(commit(runID: runID, batch: batch, keywordIDs: [Int64(2 * batch - 1), Int64(2 * batch)],
                                             snapshot: batch != 3), projectID: project.id)
            }
            // Then only the first and the newest snapshot keep their centroids
            let checkpoints = try store.checkpoints(runID: runID)
            #expect(checkpoints.map { $0.centroids != nil } == [true, false, false, true])
            // And restoring starts from the newest snapshot
            #expect(try store.checkpointsForRestore(runID: runID).map(\.batchNumber) == [4])
            #expect(try store.checkpointsForRestore(runID: runID, upTo: 3).map(\.batchNumber) == [1, 2, 3])
        }
    }

    @Test(arguments: StoreKind.allCases) func titlesAreSavedOnceAndCounted(_ kind: StoreKind) throws {
        // Given a committed batch with one title job
        try TestStores.withStore(kind) { store in
            let (project, runID) = try makeProject(store)
            try store.commitBatch(commit(runID: runID, batch: 1, keywordIDs: [1, 2], snapshot: true), projectID: project.id)
            let job = try #require(try store.nextPendingTitleJob(projectID: project.id))
            // When saving its title twice
            try store.saveTitle("Red Shoes Guide", generator: "builtin", for: job, projectID: project.id)
            try store.saveTitle("Another Title", generator: "builtin", for: job, projectID: project.id)
            // Then the first one counts, once
            #expect(try store.currentTitles(projectID: project.id)[0]?.title == "Red Shoes Guide")
            #expect(try store.batchRuns(runID: runID)[0].titlesGenerated == 1)
            #expect(try store.nextPendingTitleJob(projectID: project.id) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func theCurrentTitleIsTheNewestVersionsNotTheLastSaved(_ kind: StoreKind) throws {
        // Given two batches whose jobs title cluster 0 at versions 1 and 2
        try TestStores.withStore(kind) { store in
            let (project, runID) = try makeProject(store)
            try store.commitBatch(commit(runID: runID, batch: 1, keywordIDs: [1, 2], snapshot: true), projectID: project.id)
            try store.commitBatch(commit(runID: runID, batch: 2, keywordIDs: [3], snapshot: false), projectID: project.id)
            let jobs = try store.pendingTitleJobs(projectID: project.id, limit: 10)
            #expect(jobs.map(\.clusterVersion) == [1, 2])
            // When version 2's title is saved before version 1's
            try store.saveTitle("Newer Title", generator: "builtin", for: jobs[1], projectID: project.id)
            try store.saveTitle("Older Title", generator: "builtin", for: jobs[0], projectID: project.id)
            // Then the cluster's current title is version 2's
            #expect(try store.currentTitles(projectID: project.id)
                == [0: StoredTitle(clusterID: 0, title: "Newer Title", version: 2, generator: "builtin")])
        }
    }

    @Test(arguments: StoreKind.allCases) func oneBatchRowIsReadByNumber(_ kind: StoreKind) throws {
        // Given a project with two planned batches, the first committed
        try TestStores.withStore(kind) { store in
            let (project, runID) = try makeProject(store)
            try store.commitBatch(commit(runID: runID, batch: 1, keywordIDs: [1, 2], snapshot: true), projectID: project.id)
            // When reading batches by number, then each is its own row, and an unplanned one is nil
            #expect(try store.batchRun(runID: runID, number: 1)?.status == .completed)
            #expect(try store.batchRun(runID: runID, number: 2)?.status == .pending)
            #expect(try store.batchRun(runID: runID, number: 3) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func refinementRewritesAssignmentsAndKeepsTheByClusterIndex(_ kind: StoreKind) throws {
        // Given a project whose first batch is committed
        try TestStores.withStore(kind) { store in
            let (project, runID) = try makeProject(store)
            try store.commitBatch(commit(runID: runID, batch: 1, keywordIDs: [1, 2], snapshot: true), projectID: project.id)
            // When a refinement moves keyword 2 to cluster 5 (the index is dropped and rebuilt meanwhile)
            var refinement = commit(runID: runID, batch: 3, keywordIDs: [1, 2], snapshot: true)
            refinement.assignments = [Assignment(keywordID: 1, clusterID: 0, similarity: 0.9),
                                      Assignment(keywordID: 2, clusterID: 5, similarity: 0.8)]
            try store.commitRefinement(refinement, projectID: project.id)
            // Then the assignments are the new ones, the run is complete, and (SQLite) the index exists again
            #expect(try store.assignments(projectID: project.id).map(\.clusterID) == [0, 5])
            #expect(try store.run(id: runID)?.status == .completed)
            if let sqlite = store as? SQLiteStore {
                let index: String? = try sqlite.transaction { db in
                    try db.scalar("SELECT sql AS value FROM sqlite_master WHERE name = 'assignments_by_cluster'")
                }
                #expect(index?.contains("assignments(project_id, cluster_id)") == true)
            }
        }
    }

    @Test func theWriterCheckpointsTheWALInLargeSteps() throws {
        // Given a database file
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // When opening it, then the writer copies the WAL back every 10,000 pages, not every 1,000
        let store = try SQLiteStore(path: path)
        #expect(try store.transaction { db in try db.row("PRAGMA wal_autocheckpoint") { try $0["wal_autocheckpoint"] as Int } } == 10_000)
    }

    @Test func storeOnDiskUsesWAL() throws {
        // Given a database file
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // When opening it
        let store = try SQLiteStore(path: path)
        // Then it is in WAL mode, so readers never block the batch writer
        let mode = try store.transaction { db in try db.row("PRAGMA journal_mode") { try $0["journal_mode"] as String } }
        #expect(mode == "wal")
    }
}
