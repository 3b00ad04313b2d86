/// What long work reports as it goes; the command line draws it on stderr.
public enum ProgressEvent: Sendable {
    case imported(file: String, keywords: Int)
    case batchStarted(number: Int, of: Int, keywords: Int)
    case batchCompleted(number: Int, of: Int, keywordsDone: Int, keywordsTotal: Int, clusters: Int, milliseconds: Int)
    case refining(keywords: Int)
    case titles(done: Int, pending: Int)
    case note(String)
    /// A site crawl's counts after each page: pages fetched (or unchanged), URLs still queued,
    /// skipped (robots.txt, not HTML, too large) and failed.
    case crawled(fetched: Int, queued: Int, skipped: Int, errors: Int)
}

public typealias ProgressSink = @Sendable (ProgressEvent) -> Void
