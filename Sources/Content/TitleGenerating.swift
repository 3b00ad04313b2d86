/// Something that writes a working article title for a cluster.
///
/// The built-in, offline generator is ``BuiltInTitleGenerator``; a language-model backed
/// generator can conform too, which is why the requirement is `async throws`.
public protocol TitleGenerating: Sendable {
    /// A title for the cluster `summary` describes, different from every title in `used`
    /// (the titles other clusters of the project already hold; compared ignoring case and
    /// extra spaces).
    func title(for summary: ClusterSummary, keywords: [ClusterKeyword], avoidingTitles used: UsedTitles) async throws -> String
}
