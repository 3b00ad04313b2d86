/// The titles a project already holds, compared ignoring case and extra spaces.
///
/// ``BuiltInTitleGenerator`` accepts a plain `Set<String>` (the ``TitleGenerating``
/// convenience) and normalises it on every call, which costs O(*u*) per title. A caller
/// titling many clusters in a row keeps one `UsedTitles`, inserts each new title, and
/// passes it to ``BuiltInTitleGenerator/title(for:keywords:avoidingTitles:)``: each call is
/// then independent of how many titles exist.
public struct UsedTitles: Sendable, Hashable {
    private var keys: Set<String>

    /// An empty set of titles.
    public init() {
        keys = []
    }

    /// The given titles.
    ///
    /// - Complexity: O(*n*) in the total length of the titles.
    public init<Titles: Sequence>(_ titles: Titles) where Titles.Element == String {
        keys = Set(titles.map(TitleQuality.uniquenessKey))
    }

    /// Records `title` as used.
    public mutating func insert(_ title: String) {
        keys.insert(TitleQuality.uniquenessKey(title))
    }

    /// Forgets `title` (a cluster whose title is about to be remade frees its old one).
    public mutating func remove(_ title: String) {
        keys.remove(TitleQuality.uniquenessKey(title))
    }

    /// Whether a title equal to `title`, ignoring case and extra spaces, is used.
    public func contains(_ title: String) -> Bool {
        keys.contains(TitleQuality.uniquenessKey(title))
    }

    /// How many distinct titles are used.
    public var count: Int { keys.count }
}
