import Persistence

/// The next batch's vectors computed (and stored) on another thread while the current batch is
/// committed and titled: with the encoder, a batch then finds its vectors ready. The vectors do
/// not depend on when they were computed; a failure here is ignored, and the batch computes
/// whatever is still missing itself (and reports the error then).
final class VectorLookAhead: Sendable {
    private let work: BackgroundWork<Void>

    init(source: any VectorSource, store: Store, ids: [Int64]) {
        work = BackgroundWork {
            _ = try? source.prepare(try store.keywords(ids: ids))
        }
    }

    /// Waits until the vectors are stored (or the attempt failed).
    func wait() { work.value() }
}
