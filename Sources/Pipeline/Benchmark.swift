import Clustering
import Foundation
import Ingest
import Persistence

/// `bench`: the whole pipeline on a deterministic synthetic keyword set (import, vectors,
/// batches, titles, export), timed per stage, with time to first results (the first batch
/// clustered and titled, readable by `export`), checkpoint size and restore time, peak memory
/// and NMI against the generator's topics.
public enum Benchmark {
    public struct Report: Sendable, Codable {
        public var keywords: Int
        public var clusters: Int
        public var batchSize: Int
        public var batches: Int
        public var importSeconds: Double
        public var firstResultsSeconds: Double
        public var clusteringSeconds: Double
        public var exportSeconds: Double
        public var totalSeconds: Double
        public var restoreLatestSeconds: Double
        public var restoreWorstSeconds: Double
        public var checkpointBytes: Int
        public var checkpointRows: Int
        public var databaseBytes: Int
        public var peakMemoryMB: Double
        public var nmi: Double
        public var clustersMade: Int
    }

    public static func run(keywords count: Int, clusters: Int, parameters: RunParameters, folder: URL,
                           progress: @escaping ProgressSink = { _ in }) async throws -> Report {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let csv = folder.appendingPathComponent("synthetic-\(count).csv").path
        let database = folder.appendingPathComponent("bench-\(count).sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        var truthByText: [String: Int] = [:]
        do {
            let set = SyntheticKeywordSet.generate(count: count, topics: clusters)
            try SyntheticKeywordSet.csv(set).write(toFile: csv, atomically: true, encoding: .utf8)
            // The gold topics, as `text,label`, for the scikit-learn comparison.
            let labels = "text,label\n" + set.map { "\($0.text),\($0.topic)\n" }.joined()
            try labels.write(toFile: folder.appendingPathComponent("synthetic-\(count)-topics.csv").path, atomically: true,
                             encoding: .utf8)
            truthByText.reserveCapacity(set.count)
            for keyword in set { truthByText[keyword.text] = keyword.topic }
        }
        var parameters = parameters
        parameters.clusterCount = clusters
        let store = try Store(path: database)

        let start = ContinuousClock.now
        let created = try ProjectCreator.create(domain: "bench.example", files: [csv], column: nil, parameters: parameters,
                                                store: store, progress: progress)
        let imported = ContinuousClock.now
        let firstResults = FirstResultsWatch(store: store, projectID: created.project.id, runID: created.runID)
        let watch = Task.detached { await firstResults.wait() }
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: store, progress: progress)
        let clustered = ContinuousClock.now
        let firstSeen = await watch.value

        let exportPath = folder.appendingPathComponent("bench-\(count).csv").path
        do {
            let output = try OutputBuffer(path: exportPath)
            try KeywordExporter.export(project: created.project, format: .csv, store: store, to: output,
                                       completeness: try KeywordExporter.completeness(project: created.project, store: store))
        }
        let exported = ContinuousClock.now

        let restore = try restoreTimes(project: created.project, runID: created.runID, parameters: parameters, store: store)
        let footprint = try store.checkpointFootprint(runID: created.runID)
        let nmi = try score(project: created.project, store: store, truthByText: truthByText)
        let counts = try store.keywordCounts(projectID: created.project.id)
        let size = ((try? FileManager.default.attributesOfItem(atPath: database)[.size] as? Int) ?? 0)
            + ((try? FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? Int) ?? 0)
        return Report(
            keywords: count, clusters: clusters, batchSize: parameters.batchSize, batches: created.batchCount,
            importSeconds: seconds(start, imported), firstResultsSeconds: seconds(start, firstSeen ?? clustered),
            clusteringSeconds: seconds(imported, clustered), exportSeconds: seconds(clustered, exported),
            totalSeconds: seconds(start, exported), restoreLatestSeconds: restore.latest, restoreWorstSeconds: restore.worst,
            checkpointBytes: footprint.bytes, checkpointRows: footprint.rows, databaseBytes: size,
            peakMemoryMB: peakMemoryMB(), nmi: nmi, clustersMade: counts.clusters)
    }

    /// Restore time from the newest checkpoint, and the worst case: the batch with the most
    /// batches to replay after its snapshot.
    static func restoreTimes(project: Project, runID: Int64, parameters: RunParameters,
                             store: Store) throws -> (latest: Double, worst: Double) {
        let source = try ProjectRunner.vectorSource(project: project, parameters: parameters, store: store)
        func time(upTo batch: Int?) throws -> Double {
            let started = ContinuousClock.now
            _ = try CheckpointManager.restore(try store.checkpointsForRestore(runID: runID, upTo: batch), store: store, source: source)
            return seconds(started, .now)
        }
        let latest = try time(upTo: nil)
        let batches = try store.batchRuns(runID: runID).count
        let interval = max(parameters.snapshotInterval, 1)
        let worstBatch = batches >= interval ? (batches / interval) * interval - 1 : batches
        let worst = worstBatch >= 1 ? try time(upTo: worstBatch) : latest
        return (latest, worst)
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
            if let batch = try? store.batchRuns(runID: runID).first, batch.status == .completed,
               (try? store.pendingTitleJobCount(projectID: projectID, upToBatch: 1)) == 0 {
                return .now
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }
}
