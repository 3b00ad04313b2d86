import Clustering
import Foundation
import Ingest
import Persistence
import Pipeline

/// `bench`: the whole pipeline on a deterministic synthetic keyword set (import, vectors,
/// batches, titles, export), timed per stage, with time to first results (the first batch
/// clustered and titled, readable by `export`), checkpoint size and restore time, peak memory
/// and NMI against the generator's topics.
public enum Benchmark {
    public struct Report: Sendable, Codable {
        public var keywords: Int
        public var clusters: Int
        public var batchSize: Int
        /// lexical or semantic.
        public var vectors: String
        public var batches: Int
        public var importSeconds: Double
        public var firstResultsSeconds: Double
        public var clusteringSeconds: Double
        public var exportSeconds: Double
        public var totalSeconds: Double
        public var restoreLatestSeconds: Double
        public var restoreWorstSeconds: Double
        /// The batch after which the run was stopped and resumed to time the worst restore (nil: too few batches).
        public var interruptedAfterBatch: Int?
        public var checkpointBytes: Int
        public var checkpointRows: Int
        public var databaseBytes: Int
        public var peakMemoryMB: Double
        public var nmi: Double
        public var clustersMade: Int
    }

    /// - Parameters:
    ///   - database: the store to run on and its size in bytes (a PostgreSQL database, say); nil
    ///     makes a SQLite file in `folder`.
    public static func run(keywords count: Int, clusters: Int, parameters: RunParameters, folder: URL,
                           database external: (store: Store, bytes: @Sendable () -> Int)? = nil,
                           progress: @escaping ProgressSink = { _ in }) async throws -> Report {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let csv = folder.appendingPathComponent("synthetic-\(count).csv").path
        let database = folder.appendingPathComponent("bench-\(count).sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        do {
            let set = SyntheticKeywordSet.generate(count: count, topics: clusters)
            try SyntheticKeywordSet.csv(set).write(toFile: csv, atomically: true, encoding: .utf8)
            // The gold topics, as `text,label`, for the scikit-learn comparison.
            let labels = "text,label\n" + set.map { "\($0.text),\($0.topic)\n" }.joined()
            try labels.write(toFile: folder.appendingPathComponent("synthetic-\(count)-topics.csv").path, atomically: true,
                             encoding: .utf8)
        }
        var parameters = parameters
        parameters.clusterCount = clusters
        let store = try external?.store ?? SQLiteStore(path: database)

        let start = ContinuousClock.now
        let created = try ProjectCreator.create(domain: "bench.example", files: [csv], column: nil, parameters: parameters,
                                                store: store, progress: progress)
        let imported = ContinuousClock.now
        let firstResults = FirstResultsWatch(store: store, projectID: created.project.id, runID: created.runID)
        let watch = Task.detached { await firstResults.wait() }
        // Stop the run where a crash would cost the most (the batch before a snapshot is due),
        // time the restore from there, and resume: the result is the same as an uninterrupted run's.
        var worstRestore: Double?
        let stop = interruptionPoint(batches: created.batchCount, snapshotInterval: parameters.snapshotInterval)
        if let stop {
            try await ProjectRunner.run(project: created.project, runID: created.runID, store: store, batchLimit: stop,
                                        headStart: created.headStart, progress: progress)
            worstRestore = try restoreTime(project: created.project, runID: created.runID, parameters: parameters, store: store)
        }
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: store,
                                    headStart: stop == nil ? created.headStart : nil, progress: progress)
        let clustered = ContinuousClock.now
        let firstSeen = await watch.value

        let exportPath = folder.appendingPathComponent("bench-\(count).csv").path
        do {
            let output = try OutputBuffer(path: exportPath)
            try KeywordExporter.export(project: created.project, format: .csv, store: store, to: output,
                                       completeness: try KeywordExporter.completeness(project: created.project, store: store))
        }
        let exported = ContinuousClock.now

        let latestRestore = try restoreTime(project: created.project, runID: created.runID, parameters: parameters, store: store)
        let footprint = try store.checkpointFootprint(runID: created.runID)
        let peakMemory = peakMemoryMB()
        // The gold topics are made again (deterministically) only now, so the pipeline's peak
        // memory above is not inflated by a million-entry dictionary it never needs.
        var truthByText: [String: Int] = [:]
        for keyword in SyntheticKeywordSet.generate(count: count, topics: clusters) { truthByText[keyword.text] = keyword.topic }
        let nmi = try score(project: created.project, store: store, truthByText: truthByText)
        let counts = try store.keywordCounts(projectID: created.project.id)
        let size = external.map { $0.bytes() }
            ?? ((try? FileManager.default.attributesOfItem(atPath: database)[.size] as? Int) ?? 0)
            + ((try? FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? Int) ?? 0)
        return Report(
            keywords: count, clusters: clusters, batchSize: parameters.batchSize, vectors: parameters.vectors.rawValue, batches: created.batchCount,
            importSeconds: seconds(start, imported), firstResultsSeconds: seconds(start, firstSeen ?? clustered),
            clusteringSeconds: seconds(imported, clustered), exportSeconds: seconds(clustered, exported),
            totalSeconds: seconds(start, exported), restoreLatestSeconds: latestRestore,
            restoreWorstSeconds: worstRestore ?? latestRestore, interruptedAfterBatch: stop,
            checkpointBytes: footprint.bytes, checkpointRows: footprint.rows, databaseBytes: size,
            peakMemoryMB: peakMemory, nmi: nmi, clustersMade: counts.clusters)
    }

    /// The batch to stop after so that restoring replays the most batches: the one before the
    /// last snapshot that is due before the run's end (snapshots come with batch 1 and every
    /// `snapshotInterval` batches); nil when the run is too short to have one.
    static func interruptionPoint(batches: Int, snapshotInterval: Int) -> Int? {
        let interval = max(snapshotInterval, 1)
        let stop = (batches / interval) * interval - 1
        return stop >= 2 && stop < batches ? stop : nil
    }

    /// Seconds to restore the run's model from its newest checkpoint (snapshot plus replays).
    static func restoreTime(project: Project, runID: Int64, parameters: RunParameters, store: Store) throws -> Double {
        let restore = try ProjectRunner.latestCheckpointRestore(project: project, runID: runID, parameters: parameters, store: store)
        let started = ContinuousClock.now
        try restore()
        return seconds(started, .now)
    }

    static func score(project: Project, store: Store, truthByText: [String: Int]) throws -> Double {
        var truth: [Int] = [], predicted: [Int] = []
        try store.forEachExportRow(projectID: project.id) { row in
            guard let cluster = row.clusterID, let topic = truthByText[row.keyword] else { return }
            truth.append(topic)
            predicted.append(cluster)
        }
        return ClusterQuality.normalizedMutualInformation(truth: truth, predicted: predicted)
    }

    static func seconds(_ from: ContinuousClock.Instant, _ to: ContinuousClock.Instant) -> Double {
        let duration = from.duration(to: to)
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The process's peak resident memory (VmHWM), in MB.
    public static func peakMemoryMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kilobytes / 1024
    }
}

/// Polls the database, as a reader would, until batch 1 is committed and all its titles exist.
final class FirstResultsWatch: Sendable {
    let store: Store
    let projectID: Int64
    let runID: Int64

    init(store: Store, projectID: Int64, runID: Int64) {
        self.store = store
        self.projectID = projectID
        self.runID = runID
    }

    func wait() async -> ContinuousClock.Instant? {
        for _ in 0..<600_000 {
            // One row per poll: reading every batch row 200 times a second would load the run it measures.
            if let batch = try? store.batchRun(runID: runID, number: 1), batch.status == .completed,
               (try? store.pendingTitleJobCount(projectID: projectID, upToBatch: 1)) == 0 {
                return .now
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }
}
