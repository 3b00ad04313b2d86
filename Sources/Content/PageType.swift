/// The kind of page a topic deserves in a content plan.
///
/// The raw values are stable: they are meant for exports (`page_type`) and storage.
public enum PageType: String, Sendable, Codable, CaseIterable {
    /// An article: a how-to, a guide, a list ("best ...", "... ideas") or an answered question.
    case article
    /// A service landing page without a place ("personal injury lawyer", "roof repair").
    case service
    /// A local landing page: a service in a place, or "near me" ("car accident lawyer corpus
    /// christi", "plumber near me").
    case localService = "local_service"
    /// A product or category page ("running shoes", "kayak for sale", "crm software").
    case product
    /// A comparison of two things ("lawyer vs attorney", "kayak vs canoe").
    case comparison
    /// A tool or calculator ("pain and suffering calculator", "word counter").
    case tool
    /// A definition ("what is a tort", "churn rate meaning").
    case definition
    /// No page should target the topic: news, someone else's brand, a navigational search
    /// ("pacer login", "morgan and morgan phone number", "bus crash yesterday").
    case noPage = "no_page"

    /// Whether the page is a local landing page.
    public var isLocal: Bool { self == .localService }
}
