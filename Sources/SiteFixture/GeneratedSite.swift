/// A generated shop-like site of any size for crawl tests and measurements: every page is about
/// one product with one modifier ("waterproof hiking boots"), carries the same menu, footer and
/// cookie banner (boilerplate the keyword extractor must drop), and links to a few other pages
/// so a breadth-first crawl from the home page reaches them all.
public enum GeneratedSite {
    static let products = [
        "running shoes", "hiking boots", "rain jacket", "yoga mat", "road bike", "camping tent", "sleeping bag",
        "climbing rope", "ski goggles", "swim goggles", "trekking poles", "bike helmet", "water bottle", "head torch",
        "fleece jacket", "trail backpack", "tennis racket", "golf gloves", "fishing rod", "kayak paddle",
    ]
    static let modifiers = [
        "waterproof", "lightweight", "cheap", "women's", "men's", "kids", "vegan", "budget", "premium", "winter",
        "summer", "wide", "compact", "insulated", "recycled", "beginner", "professional", "ultralight", "durable", "classic",
    ]

    /// The path of page `index` (1-based): `/p/1`...
    public static func path(_ index: Int) -> String { "/p/\(index)" }

    /// A site of `pageCount` product pages plus the home page, robots.txt and a sitemap of the
    /// first tenth of the pages.
    public static func pages(count pageCount: Int) -> [String: FixtureSite.Page] {
        var pages: [String: FixtureSite.Page] = [:]
        pages["/robots.txt"] = .text("User-agent: *\nDisallow: /cart\nSitemap: /sitemap.xml\n")
        let listed = (1...max(1, pageCount / 10)).map { "<url><loc>\(path($0))</loc></url>" }.joined()
        pages["/sitemap.xml"] = .text("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\(listed)</urlset>",
                                      type: "application/xml")
        let first = (1...min(pageCount, 10)).map { link($0) }.joined()
        pages["/"] = .html(document(title: "Outdoor gear shop | Fixture Outdoors", h1: "Outdoor gear for every trail",
                                    body: "<h2>Popular products</h2><ul>\(first)</ul>"))
        pages["/about"] = .html(document(title: "About our shop | Fixture Outdoors", h1: "About Fixture Outdoors", body: ""))
        pages["/contact"] = .html(document(title: "Contact customer service | Fixture Outdoors", h1: "Contact us", body: ""))
        for index in 1...max(1, pageCount) where index <= pageCount {
            pages[path(index)] = .html(page(index, of: pageCount))
        }
        return pages
    }

    /// The topic of page `index`: its modifier and product.
    public static func topic(_ index: Int) -> String {
        let product = products[(index - 1) % products.count]
        let modifier = modifiers[((index - 1) / products.count) % modifiers.count]
        return "\(modifier) \(product)"
    }

    static func link(_ index: Int) -> String {
        "<li><a href=\"\(path(index))\">\(topic(index))</a></li>"
    }

    static func page(_ index: Int, of count: Int) -> String {
        let topic = topic(index)
        let product = products[(index - 1) % products.count]
        // Links: the next page and two children (a binary tree keeps the depth near log2 of the count).
        let targets = [index + 1, 2 * index, 2 * index + 1].filter { $0 <= count }
        return document(
            title: "\(topic.capitalized) buying guide | Fixture Outdoors",
            h1: topic.capitalized,
            body: """
            <p><img src="/img/\(index).jpg" alt="\(topic) in use"></p>
            <h2>How to choose \(topic)</h2><p>Everything about \(topic) and \(product) care.</p>
            <h3>\(product.capitalized) size guide</h3>
            <ul>\(targets.map(link).joined())</ul>
            <a href="/cart?add=\(index)">Add to cart</a>
            """,
            description: "Compare \(topic) prices and read our \(product) reviews.")
    }

    static func document(title: String, h1: String, body: String, description: String = "Outdoor gear shop") -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(title)</title>
        <meta name="description" content="\(description)"></head><body>
        <nav><a href="/">Fixture Outdoors home</a> <a href="/about">About our shop</a> <a href="/contact">Contact customer service</a></nav>
        <div class="cookies"><h3>We use cookies</h3><p>Accept cookies for a better shopping experience.</p></div>
        <main><h1>\(h1)</h1>\(body)</main>
        <footer><h3>Free delivery worldwide</h3><a href="https://social.example.net/fixture">Follow us on social media</a></footer>
        </body></html>
        """
    }
}
