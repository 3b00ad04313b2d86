/// What long work reports as it goes; the command line draws it on stderr.
public enum ProgressEvent: Sendable {
    case imported(file: String, keywords: Int)
    case batchStarted(number: Int, of: Int, keywords: Int)
    case batchCompleted(number: Int, of: Int, keywordsDone: Int, keywordsTotal: Int, clusters: Int, milliseconds: Int)
    case refining(keywords: Int)
    case titles(done: Int, pending: Int)
    case note(String)
}

public typealias ProgressSink = @Sendable (ProgressEvent) -> Void
