import Persistence

/// The self-contained HTML report of a project (`export --format=html`): a summary, a partial
/// notice while a run goes, the treemap, the run's batch timeline and the cluster table.
public enum HtmlReport {
    /// The whole document. Pure: the same data gives the same bytes.
    /// - Complexity: O(clusters × keywords listed per cluster + batches)
    public static func render(_ data: ReportData) -> String {
        let body = header(data)
            + "<h2>Topics by search volume</h2>\n" + HtmlTreemap.svg(data.clusters, pillars: data.pillars) + "\n"
            + HtmlTreemap.legend(data.clusters) + "\n<p class=\"note\">" + HtmlTreemap.caption(data.pillars) + "</p>\n"
            + batchesSection(data)
            + clustersSection(data)
        return HtmlPage.document(title: "Topics: \(data.project.domain)", body: body)
    }

    /// The title, the numbers, and the partial or failed notice.
    public static func header(_ data: ReportData) -> String {
        var html = "<h1>Topics: \(HtmlText.escape(data.project.domain))</h1>\n"
        html += "<p class=\"sub\">Project <code>\(HtmlText.escape(data.project.slug))</code>"
        if let run = data.latestRun {
            html += " · run \(run.id) (\(run.kind.rawValue), \(run.status.rawValue))"
            if let completed = run.completedAt { html += " · finished \(HtmlText.escape(completed)) UTC" }
        }
        html += " · made by kwcluster</p>\n"
        html += notice(data)
        html += "<ul class=\"stats\"><li><b>\(HtmlText.grouped(data.clusters.count))</b>clusters</li>"
            + (data.assignedCount == data.keywordCount ? "<li><b>\(HtmlText.grouped(data.keywordCount))</b>keywords</li>"
                : "<li><b>\(HtmlText.grouped(data.assignedCount))</b>keywords clustered</li>"
                + "<li><b>\(HtmlText.grouped(data.keywordCount))</b>keywords in the project</li>")
            + (data.pillars.count > 0 ? "<li><b>\(HtmlText.grouped(data.pillars.count))</b>pillars</li>" : "")
            + "<li><b>\(HtmlText.grouped(data.totalVolume))</b>total search volume</li></ul>\n"
        return html
    }

    /// The notice at the top of a partial report (or of a failed run); empty otherwise.
    public static func notice(_ data: ReportData) -> String {
        guard let run = data.latestRun, run.status != .completed else { return "" }
        let done = "batches 1–\(data.lastCompletedBatch) of \(data.batches.count) are done"
        if run.status == .failed {
            return "<p class=\"partial failed\" role=\"status\">Partial report: run \(run.id) failed (\(done))"
                + (run.errorMessage.map { ": " + HtmlText.escape($0) } ?? "")
                + ". <code>kwcluster resume --project=\(HtmlText.escape(data.project.slug))</code> continues it.</p>\n"
        }
        return "<p class=\"partial\" role=\"status\">Partial report: run \(run.id) is not finished — \(done); "
            + "this report holds the keywords clustered so far.</p>\n"
    }

    static func batchesSection(_ data: ReportData) -> String {
        guard let run = data.latestRun, !data.batches.isEmpty else { return "" }
        return "<h2>Batches of run \(run.id)</h2>\n" + HtmlTimeline.html(data.batches) + "\n"
    }

    /// The search box (shown by the script), the table, and the note on capped keyword lists.
    public static func clustersSection(_ data: ReportData, allKeywordsHref: ((Int) -> String)? = nil) -> String {
        var html = "<h2>Clusters</h2>\n"
        html += "<div class=\"tools\" hidden><input id=\"search\" type=\"search\" placeholder=\"Search titles and keywords\" "
            + "aria-label=\"Search clusters\"><span id=\"shown\" class=\"note\"></span></div>\n"
        if allKeywordsHref == nil, data.clusters.contains(where: { $0.keywordCount > $0.keywords.count }) {
            html += "<p class=\"note\">Each cluster lists its top \(data.keywordsPerCluster) keywords by volume; "
                + "the CSV export (<code>kwcluster export --project=\(HtmlText.escape(data.project.slug))</code>) holds every keyword.</p>\n"
        }
        return html + HtmlClusterTable.html(data, allKeywordsHref: allKeywordsHref) + "\n"
    }
}
