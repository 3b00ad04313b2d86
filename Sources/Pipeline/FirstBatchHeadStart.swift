import Clustering
import Foundation
import Persistence
import TextFeatures

/// The first batch of a new lexical run, clustered while `create` stores the keywords.
///
/// Storing a project's keywords is one thread's work for SQLite (100k keywords: ~0.35 s; 1M:
/// ~5 s), and the first batch's k-means fit needs only the keywords' texts and the vector space,
/// both known before the insert begins. So `create` starts fitting batch 1 on the other core,
/// exactly as the run would (the same vectors from the stored space, the same generator state),
/// and the run waits for that fit when it reaches batch 1 instead of making it again. The run
/// checks that the fit was made from the very keywords of its batch 1, in order; otherwise (or
/// after a crash, or on `resume`) it fits batch 1 itself, with the same result. The run also
/// takes the vector space from here when the stored one is byte for byte the space fitted
/// (reading it back would compute its million weights again).
public struct FirstBatchHeadStart: Sendable {
    /// Batch 1's keywords, in batch order.
    let texts: [String]
    let step: BatchProcessor.Step
    /// The generator after the fit.
    let generator: SeededGenerator

    /// Fits batch 1 of a run of `parameters` over `texts` (its keywords, in batch order).
    /// - Parameters:
    ///   - vectorizer: the vector space, as the run will read it from the database (its
    ///     serialisation is exact).
    ///   - plannedKeywords: all the run's keywords; `batches`: its number of batches.
    static func fit(texts: [String], vectorizer: LexicalVectorizer, plannedKeywords: Int, batches: Int,
                    parameters: RunParameters) throws -> FirstBatchHeadStart {
        let source = LexicalVectorSource(vectorizer: vectorizer)
        let vectors = try source.vectors(for: texts.map { KeywordRow(id: 0, text: $0, volume: nil) })
        var generator = SeededGenerator(seed: parameters.seed)
        let step = BatchProcessor.firstFit(vectors, plannedKeywords: plannedKeywords, batches: batches,
                                           target: parameters.clusterTarget(keywordCount: plannedKeywords),
                                           parameters: parameters, generator: &generator)
        return FirstBatchHeadStart(texts: texts, step: step, generator: generator)
    }

    /// A fit running on another thread.
    public final class Pending: Sendable {
        private let work: BackgroundWork<FirstBatchHeadStart?>
        /// The vector space the fit uses, and its serialisation (as stored with the project).
        private let space: (vectorizer: LexicalVectorizer, bytes: [UInt8])?
        /// The run's batch plan with each keyword's storage position (0, 1, ...) for its id.
        let positionPlan: BatchPlan?

        init(space: (vectorizer: LexicalVectorizer, bytes: [UInt8])?, positionPlan: BatchPlan? = nil,
             _ fit: @escaping @Sendable () -> FirstBatchHeadStart?) {
            self.space = space
            self.positionPlan = positionPlan
            work = BackgroundWork(fit)
        }

        /// The run's batch plan for keywords stored with the ids `firstID`, `firstID + 1`, ... in
        /// storage order, if it has `sizes`.
        func plan(firstID: Int64, sizes: [Int]) -> BatchPlan? {
            guard let positionPlan, positionPlan.sizes == sizes else { return nil }
            return BatchPlan(keywordIDs: positionPlan.keywordIDs.map { $0 + firstID }, sizes: sizes)
        }

        /// The vector space, if `stored` is its serialisation.
        func vectorizer(storedAs stored: [UInt8]) -> LexicalVectorizer? {
            guard let space, space.bytes == stored else { return nil }
            return space.vectorizer
        }

        /// Waits for the fit; nil if it could not be made (the run then makes it). May be called
        /// any number of times.
        func wait() -> FirstBatchHeadStart? { work.value() }
    }
}
