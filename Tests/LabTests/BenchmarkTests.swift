import Testing
@testable import Lab

@Suite struct BenchmarkTests {
    @Test func theRunStopsWhereACrashWouldReplayTheMostBatches() {
        // Given snapshots with batch 1 and every 25 batches
        // When choosing where to stop, then it is the batch before the last snapshot due before the end
        #expect(Benchmark.interruptionPoint(batches: 1801, snapshotInterval: 25) == 1799)
        #expect(Benchmark.interruptionPoint(batches: 181, snapshotInterval: 25) == 174)
        #expect(Benchmark.interruptionPoint(batches: 30, snapshotInterval: 25) == 24)
        // And a run too short to have such a batch is not stopped
        #expect(Benchmark.interruptionPoint(batches: 20, snapshotInterval: 25) == nil)
        #expect(Benchmark.interruptionPoint(batches: 3, snapshotInterval: 1) == 2)
        #expect(Benchmark.interruptionPoint(batches: 2, snapshotInterval: 1) == nil)
    }
}
