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
/// after a crash, or on `resume`) it fits batch 1 itself, with the same result.
public struct FirstBatchHeadStart: Sendable {
    /// Batch 1's keywords, in batch order.
    let texts: [String]
    let step: BatchProcessor.Step
    /// The generator after the fit.
    let generator: SeededGenerator

    /// Fits batch 1 of a run of `parameters` over `texts` (its keywords, in batch order).
    /// - Parameters:
    ///   - space: the serialised vector space, as the run will read it from the database.
    ///   - plannedKeywords: all the run's keywords; `batches`: its number of batches.
    static func fit(texts: [String], space: [UInt8], plannedKeywords: Int, batches: Int,
                    parameters: RunParameters) throws -> FirstBatchHeadStart {
        let source = LexicalVectorSource(vectorizer: try LexicalVectorizer(serialized: space))
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

        init(_ fit: @escaping @Sendable () -> FirstBatchHeadStart?) {
            work = BackgroundWork(fit)
        }

        /// Waits for the fit; nil if it could not be made (the run then makes it). May be called
        /// any number of times.
        func wait() -> FirstBatchHeadStart? { work.value() }
    }
}
