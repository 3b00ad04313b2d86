import Clustering

/// A deterministic synthetic keyword set for benchmarks and tests: topics (a qualifier and a
/// product, "bamboo cutting board") times modifiers ("best ...", "how to clean ...") times
/// optional locations, each keyword with a Zipf-like volume and its topic as the gold label.
public enum SyntheticKeywordSet {
    public struct Keyword: Sendable, Hashable {
        public var text: String
        public var volume: Int
        public var topic: Int
    }

    static let qualifiers = [
        "bamboo", "stainless steel", "cast iron", "ceramic", "wooden", "electric", "portable", "cordless", "solar", "smart",
        "organic", "vintage", "waterproof", "folding", "inflatable", "heated", "magnetic", "glass", "copper", "leather",
        "wireless", "gas", "manual", "automatic", "outdoor", "indoor", "kids", "compact", "heavy duty", "lightweight",
        "rechargeable", "adjustable", "insulated", "handmade", "recycled", "silicone", "marble", "aluminum", "velvet", "linen",
        "carbon fiber", "titanium", "rattan", "acrylic", "wool", "cotton", "memory foam", "teak", "walnut", "oak",
    ]
    static let products = [
        "cutting board", "kettle", "skillet", "coffee grinder", "desk lamp", "standing desk", "office chair", "bookshelf",
        "garden hose", "lawn mower", "leaf blower", "pressure washer", "fire pit", "hammock", "camping tent", "sleeping bag",
        "hiking boots", "rain jacket", "backpack", "water bottle", "yoga mat", "dumbbells", "treadmill", "exercise bike",
        "air fryer", "blender", "toaster", "rice cooker", "slow cooker", "stand mixer", "knife set", "dinnerware set",
        "bed frame", "mattress", "pillow", "duvet cover", "bath towel", "shower curtain", "bathroom scale", "hair dryer",
        "electric toothbrush", "dog bed", "cat tree", "bird feeder", "aquarium", "baby stroller", "car seat", "high chair",
        "bike helmet", "kayak", "fishing rod", "snow shovel", "space heater", "ceiling fan", "air purifier", "humidifier",
        "dehumidifier", "vacuum cleaner", "robot vacuum", "steam mop", "ironing board", "laundry basket", "shoe rack",
        "coat rack", "wall clock", "picture frame", "area rug", "floor lamp", "bar stool", "dining table", "patio umbrella",
        "planter", "watering can", "wheelbarrow", "tool box", "drill", "ladder", "workbench", "headphones", "speaker",
        "keyboard", "monitor stand", "phone case", "laptop bag", "wallet", "watch strap", "sunglasses", "umbrella",
        "suitcase", "travel pillow", "lunch box", "tea set", "wine rack", "ice maker", "grill", "smoker", "pizza oven",
        "spice rack", "cookware set", "dish rack",
    ]
    static let modifiers = [
        "{}", "best {}", "{} reviews", "cheap {}", "buy {}", "{} for sale", "{} price", "how to clean a {}",
        "how to choose a {}", "{} near me", "{} ideas", "{} for beginners", "top rated {}", "{} brands", "{} deals",
        "{} vs", "diy {}", "{} repair", "{} sizes", "{} guide", "is a {} worth it", "{} alternatives", "{} under 100",
        "{} set", "{} accessories", "{} parts", "{} warranty", "{} online", "{} sale", "{} black friday",
        "what is the best {}", "{} comparison", "{} 2026", "small {}", "large {}", "{} for small spaces",
        "{} for home", "{} for gifts", "{} maintenance", "{} problems",
    ]
    static let locations = [
        "", " in austin", " in denver", " in chicago", " in seattle", " in boston", " in miami", " in london", " in toronto",
        " in dallas", " in phoenix", " in atlanta", " in portland", " in houston", " in sydney", " in berlin", " in paris",
    ]

    /// The number of distinct topics available.
    public static var topicCapacity: Int { qualifiers.count * products.count }

    /// `count` distinct keywords over `topics` topics (at most `topicCapacity`), round-robin over
    /// topics so every topic is about equally large.
    /// - Complexity: O(count)
    public static func generate(count: Int, topics: Int, seed: UInt64 = 1) -> [Keyword] {
        let topics = max(1, min(topics, topicCapacity))
        var generator = SeededGenerator(seed: seed)
        // Topic t uses a fixed pseudo-random (qualifier, product) pair; variants per topic enumerate modifier x location.
        var pairs = Array(0..<topicCapacity)
        for i in stride(from: pairs.count - 1, to: 0, by: -1) { pairs.swapAt(i, generator.nextIndex(below: i + 1)) }
        let variantsPerTopic = modifiers.count * locations.count
        var keywords: [Keyword] = []
        keywords.reserveCapacity(count)
        var variant = 0
        while keywords.count < count, variant < variantsPerTopic {
            let modifier = modifiers[variant % modifiers.count]
            let location = locations[(variant / modifiers.count) % locations.count]
            for topic in 0..<topics where keywords.count < count {
                let pair = pairs[topic]
                let name = qualifiers[pair % qualifiers.count] + " " + products[pair / qualifiers.count]
                let text = modifier.replacingOccurrences(of: "{}", with: name) + location
                let rank = Double(generator.nextIndex(below: 1_000_000) + 1)
                let volume = max(10, Int(1_000_000 / rank))
                keywords.append(Keyword(text: text, volume: volume, topic: topic))
            }
            variant += 1
        }
        return keywords
    }

    /// The keywords as a CSV export (`Keyword,Volume`).
    public static func csv(_ keywords: [Keyword]) -> String {
        var out = "Keyword,Volume\n"
        out.reserveCapacity(keywords.count * 40)
        for keyword in keywords {
            out += keyword.text
            out += ","
            out += String(keyword.volume)
            out += "\n"
        }
        return out
    }
}
