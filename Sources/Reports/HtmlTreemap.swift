import Persistence
import Pipeline

/// The treemap of a report: one SVG rectangle per cluster, sized by total volume (squarified
/// layout) and coloured by intent, each linking to its cluster, nested in its pillar's group.
public enum HtmlTreemap {
    /// The drawing's size in SVG user units (it scales to the page width).
    public static let width = 1200.0
    public static let height = 620.0

    /// The intents in legend order, with their colours (distinguishable with the common forms of
    /// colour blindness, and dark enough for white labels).
    public static let intentColours: [(intent: String, colour: String)] = [
        ("informational", "#3b6ea5"), ("commercial", "#c8611a"), ("transactional", "#3d8a3a"),
        ("navigational", "#8a5a9e"), ("local", "#c2404a"),
    ]
    static let otherColour = "#6f6f6f"

    public static func colour(of intent: String) -> String {
        intentColours.first { $0.intent == intent }?.colour ?? otherColour
    }

    /// The SVG element: one group per pillar (hub page), sized by its topics' total volume and
    /// titled along its top, its topics' rectangles inside (topics without a pillar, in a project
    /// made before pillars, form one untitled group). `clusterHref` gives each topic rectangle's
    /// link (the table row by default). Labels are drawn in rectangles large enough for them;
    /// every rectangle has a tooltip.
    /// - Complexity: O(clusters log clusters)
    public static func svg(_ clusters: [ReportCluster], pillars: TopicPillars = .none,
                           clusterHref: (Int) -> String = { "#c\($0)" }) -> String {
        let groups = Self.groups(clusters, pillars: pillars)
        let outer = Treemap.squarify(groups.map { Double($0.clusters.reduce(0) { $0 + $1.totalVolume }) },
                                     in: TreemapRect(x: 0, y: 0, width: width, height: height))
        let nested = pillars.count > 0
        var svg = "<svg class=\"treemap\" data-pillars=\"\(pillars.count)\" xmlns=\"http://www.w3.org/2000/svg\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Treemap of \(clusters.count) clusters"
            + (nested ? " in \(pillars.count) pillars" : "") + " sized by total search volume, coloured by intent\">\n"
        svg.reserveCapacity(clusters.count * 260 + groups.count * 300)
        for (group, bounds) in zip(groups, outer) {
            let inner: TreemapRect
            if let pillar = group.pillar {
                let volume = group.clusters.reduce(0) { $0 + $1.totalVolume }
                let name = HtmlText.escape(pillar.title)
                let band = bounds.height >= 40 && bounds.width >= 60 ? hubBand : 0
                svg += "<g class=\"pillar\" data-pillar=\"\(pillar.id)\"><rect class=\"hub\" x=\"\(HtmlText.coordinate(bounds.x))\" "
                    + "y=\"\(HtmlText.coordinate(bounds.y))\" width=\"\(HtmlText.coordinate(bounds.width))\" "
                    + "height=\"\(HtmlText.coordinate(bounds.height))\"><title>Pillar \(pillar.id): \(name) — "
                    + "\(HtmlText.grouped(group.clusters.count)) topics, volume \(HtmlText.grouped(volume))</title></rect>"
                if band > 0 {
                    let characters = Int((bounds.width - 8) / 6.2)
                    svg += "<text class=\"hub\" x=\"\(HtmlText.coordinate(bounds.x + 4))\" y=\"\(HtmlText.coordinate(bounds.y + 12))\">"
                        + HtmlText.escape(HtmlText.truncated(pillar.title, to: characters)) + "</text>"
                }
                inner = TreemapRect(x: bounds.x + padding, y: bounds.y + band + padding,
                                    width: max(bounds.width - 2 * padding, 0), height: max(bounds.height - band - 2 * padding, 0))
            } else {
                svg += "<g class=\"pillar none\">"
                inner = bounds
            }
            let rects = Treemap.squarify(group.clusters.map { Double($0.totalVolume) }, in: inner)
            for (cluster, rect) in zip(group.clusters, rects) {
                svg += cell(cluster, in: rect, href: clusterHref(cluster.clusterID))
            }
            svg += "</g>\n"
        }
        return svg + "</svg>"
    }

    /// Height of a pillar's title band, and the gap around its topics.
    static let hubBand = 16.0
    static let padding = 1.5

    /// The pillars with their topics (in the order of `clusters`), largest first as
    /// ``TopicPillars`` orders them, then the topics without a pillar.
    static func groups(_ clusters: [ReportCluster], pillars: TopicPillars) -> [(pillar: TopicPillars.Pillar?, clusters: [ReportCluster])] {
        var byPillar: [Int: [ReportCluster]] = [:]
        var without: [ReportCluster] = []
        for cluster in clusters {
            if let pillar = pillars.pillarOfTopic[cluster.clusterID] {
                byPillar[pillar, default: []].append(cluster)
            } else {
                without.append(cluster)
            }
        }
        var groups = pillars.pillars.compactMap { pillar in byPillar[pillar.id].map { (pillar: Optional(pillar), clusters: $0) } }
        if !without.isEmpty { groups.append((pillar: nil, clusters: without)) }
        return groups
    }

    /// One topic's linked rectangle, with its tooltip and label.
    static func cell(_ cluster: ReportCluster, in rect: TreemapRect, href: String) -> String {
        let name = HtmlText.escape(cluster.title ?? cluster.label)
        let x = HtmlText.coordinate(rect.x), y = HtmlText.coordinate(rect.y)
        return "<a href=\"\(HtmlText.escape(href))\"><rect x=\"\(x)\" y=\"\(y)\" "
            + "width=\"\(HtmlText.coordinate(rect.width))\" height=\"\(HtmlText.coordinate(rect.height))\" "
            + "fill=\"\(colour(of: cluster.intent))\" data-cluster=\"\(cluster.clusterID)\" data-volume=\"\(cluster.totalVolume)\">"
            + "<title>\(name) — volume \(HtmlText.grouped(cluster.totalVolume)), \(HtmlText.grouped(cluster.keywordCount)) keywords, "
            + "\(HtmlText.escape(cluster.intent))</title></rect>" + label(cluster, in: rect) + "</a>"
    }

    /// The label of a rectangle wide and tall enough: the title wrapped on as many lines as fit
    /// (about 6.2 units per character at 11 units, 13 units a line; the last line cut with an
    /// ellipsis), and the volume on a line of its own when there is room.
    static func label(_ cluster: ReportCluster, in rect: TreemapRect) -> String {
        guard rect.width >= 44, rect.height >= 15 else { return "" }
        let characters = Int((rect.width - 8) / 6.2)
        let lineRoom = max(Int((rect.height - 4) / 13), 1)
        let showsVolume = lineRoom >= 2
        let lines = wrapped(cluster.title ?? cluster.label, width: characters, lines: showsVolume ? min(lineRoom - 1, 4) : 1)
        guard !lines.isEmpty else { return "" }
        let x = HtmlText.coordinate(rect.x + 4)
        var text = "<text x=\"\(x)\" y=\"\(HtmlText.coordinate(rect.y + 13))\">" + HtmlText.escape(lines[0])
        for line in lines.dropFirst() {
            text += "<tspan x=\"\(x)\" dy=\"13\">\(HtmlText.escape(line))</tspan>"
        }
        if showsVolume {
            text += "<tspan class=\"v\" x=\"\(x)\" dy=\"13\">\(HtmlText.grouped(cluster.totalVolume))</tspan>"
        }
        return text + "</text>"
    }

    /// `text` broken at spaces into at most `lines` lines of at most `width` characters; a word
    /// longer than a line is cut with an ellipsis and ends the text, and text left over ends the
    /// last line with an ellipsis.
    static func wrapped(_ text: String, width: Int, lines limit: Int) -> [String] {
        guard width > 1, limit > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        var words = text.split(separator: " ").map(String.init)[...]
        while let word = words.first {
            let candidate = current.isEmpty ? word : current + " " + word
            if candidate.count <= width {
                current = candidate
                words.removeFirst()
            } else if current.isEmpty {
                // A word longer than a line is cut once, with an ellipsis, and ends the label
                // (split over two lines it would read as two words).
                lines.append(HtmlText.truncated(word, to: width))
                return lines
            } else {
                lines.append(current)
                current = ""
                if lines.count == limit { break }
            }
        }
        if lines.count < limit, !current.isEmpty { lines.append(current) }
        if !words.isEmpty, let last = lines.popLast() {
            lines.append(HtmlText.truncated(last + " " + words.joined(separator: " "), to: width))
        }
        return lines
    }

    /// What the treemap shows, in a sentence.
    public static func caption(_ pillars: TopicPillars) -> String {
        (pillars.count > 0 ? "Each outlined group is a pillar (a hub page), titled along its top; inside it, " : "")
            + "each rectangle is a cluster, its area the cluster's total search volume; it links to the cluster's row below."
    }

    /// The colour legend, with the number of clusters of each intent.
    public static func legend(_ clusters: [ReportCluster]) -> String {
        var counts: [String: Int] = [:]
        for cluster in clusters { counts[cluster.intent, default: 0] += 1 }
        let known = Set(intentColours.map(\.intent))
        var items = intentColours.compactMap { entry -> String? in
            guard let count = counts[entry.intent] else { return nil }
            return "<li><span class=\"swatch\" style=\"background:\(entry.colour)\"></span>\(entry.intent) (\(HtmlText.grouped(count)))</li>"
        }
        let others = counts.filter { !known.contains($0.key) }.values.reduce(0, +)
        if others > 0 {
            items.append("<li><span class=\"swatch\" style=\"background:\(otherColour)\"></span>other (\(HtmlText.grouped(others)))</li>")
        }
        return "<ul class=\"legend\">" + items.joined() + "</ul>"
    }
}
