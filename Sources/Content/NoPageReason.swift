/// Why no page should target a topic (a ``PageType/noPage`` topic), for a content plan's
/// "Not targeted" list.
public enum NoPageReason: String, Sendable, Codable, CaseIterable {
    /// The primary keyword is a navigational search ("pacer login", "store hours").
    case navigational
    /// The primary keyword is someone else's brand: a big retailer or platform, or a name the
    /// other keywords look up with "phone number", "login", "customer service"...
    case brand
    /// The primary keyword is news ("comedian injured in car accident", "bus crash yesterday").
    case news

    /// The reason in a few words, for people.
    public var explanation: String {
        switch self {
        case .navigational: "a navigational search (login, hours, phone number...)"
        case .brand: "someone else's brand"
        case .news: "news"
        }
    }
}
