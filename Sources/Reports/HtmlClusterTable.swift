import Content
import Persistence

/// The table of clusters: title (opening to its keywords), primary keyword, intent, page type,
/// keyword count, volume and page, one row per cluster with `id="c<cluster id>"` (the treemap links to it).
/// Readable without JavaScript; the report's script adds sorting and search.
public enum HtmlClusterTable {
    /// The table element. `allKeywordsHref`, when given, links every cluster to a page listing
    /// all its keywords (the dashboard); else a capped list says where the full list is.
    /// - Complexity: O(clusters × keywords listed per cluster)
    public static func html(_ data: ReportData, allKeywordsHref: ((Int) -> String)? = nil) -> String {
        // The page column only when some cluster has a page.
        let showsPages = data.clusters.contains { $0.pageURL != nil }
        var html = """
            <table class="clusters" id="clusters">
            <thead><tr><th data-sort="number" aria-sort="ascending">#</th><th data-sort="text">Title and keywords</th>\
            <th data-sort="text">Primary keyword</th><th data-sort="text">Intent</th><th data-sort="text">Page type</th>\
            <th data-sort="text">Pillar</th>\
            <th data-sort="number">Keywords</th>\
            <th data-sort="number">Volume</th>
            """ + (showsPages ? "<th data-sort=\"text\">Page</th>" : "") + "</tr></thead>\n<tbody>\n"
        html.reserveCapacity(data.clusters.count * (400 + 60 * min(data.keywordsPerCluster, 40)))
        let exportHint = HtmlText.escape("kwcluster export --project=\(data.project.slug)")
        for (rank, cluster) in data.clusters.enumerated() {
            let title = HtmlText.escape(cluster.title ?? cluster.label)
            html += "<tr id=\"c\(cluster.clusterID)\"><td data-value=\"\(rank + 1)\">\(rank + 1)</td><td><details><summary>\(title)</summary><ol class=\"kw\">"
            for keyword in cluster.keywords {
                html += "<li" + (keyword.isPrimary ? " class=\"primary\"" : "") + ">" + HtmlText.escape(keyword.text)
                    + (keyword.volume.map { "<span class=\"v\">\(HtmlText.grouped($0))</span>" } ?? "") + "</li>"
            }
            html += "</ol>"
            if let allKeywordsHref {
                html += "<p class=\"more\"><a href=\"\(HtmlText.escape(allKeywordsHref(cluster.clusterID)))\">All \(HtmlText.grouped(cluster.keywordCount)) keywords</a></p>"
            } else if cluster.keywordCount > cluster.keywords.count {
                html += "<p class=\"more\">Top \(cluster.keywords.count) of \(HtmlText.grouped(cluster.keywordCount)) keywords by volume; "
                    + "<code>\(exportHint)</code> lists all.</p>"
            }
            html += "</details></td><td>\(HtmlText.escape(cluster.primaryKeyword))</td>"
            html += "<td><span class=\"intent\" style=\"--c:\(HtmlTreemap.colour(of: cluster.intent))\">\(HtmlText.escape(cluster.intent))</span></td>"
            html += pageTypeCell(data.plans[cluster.clusterID])
            html += "<td class=\"pillar\">" + (data.pillars.pillar(ofTopic: cluster.clusterID).map { HtmlText.escape($0.title) } ?? "") + "</td>"
            html += "<td data-value=\"\(cluster.keywordCount)\">\(HtmlText.grouped(cluster.keywordCount))</td>"
            html += "<td data-value=\"\(cluster.totalVolume)\">\(HtmlText.grouped(cluster.totalVolume))</td>"
            guard showsPages else {
                html += "</tr>\n"
                continue
            }
            html += "<td>"
            if let url = cluster.pageURL {
                if let href = HtmlText.safeLink(url) {
                    html += "<a href=\"\(href)\" rel=\"noreferrer\">\(HtmlText.escape(HtmlText.truncated(displayedURL(url), to: 48)))</a>"
                } else {
                    html += HtmlText.escape(url)
                }
            }
            html += "</td></tr>\n"
        }
        return html + "</tbody></table>"
    }

    /// A topic's page type in words ("local service"), its place below a local landing page's,
    /// and why (as a tooltip) when no page should target it.
    public static func pageTypeCell(_ plan: TopicPlan?) -> String {
        guard let plan else { return "<td></td>" }
        var html = "<td class=\"page-type\""
        if let reason = plan.noPageReason { html += " title=\"\(HtmlText.escape("Not targeted: " + reason.explanation))\"" }
        html += ">" + HtmlText.escape(plan.pageType.rawValue.replacingOccurrences(of: "_", with: " "))
        if plan.pageType == .localService, let place = plan.place {
            html += "<br><small>" + HtmlText.escape(place) + "</small>"
        }
        return html + "</td>"
    }

    /// A URL without its scheme and `www.` (the page column is narrow).
    static func displayedURL(_ url: String) -> String {
        var shown = Substring(url)
        for prefix in ["https://", "http://"] where shown.lowercased().hasPrefix(prefix) {
            shown = shown.dropFirst(prefix.count)
        }
        if shown.lowercased().hasPrefix("www.") { shown = shown.dropFirst(4) }
        return String(shown)
    }
}
