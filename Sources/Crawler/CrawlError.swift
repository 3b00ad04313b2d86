/// A crawl that could not gather anything: what happened, at which URL, and what to do.
public struct CrawlError: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var problem: String
    public var hint: String

    public init(url: String, problem: String, hint: String) {
        self.url = url
        self.problem = problem
        self.hint = hint
    }

    public var description: String { "\(url): \(problem). \(hint)" }
}
