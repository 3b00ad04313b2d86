import Content
import Foundation
import Hummingbird
import Persistence
import Pipeline
import Reports

/// The dashboard's pages as HTML: pure functions of what the store returned.
enum DashboardPages {
    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func projectPath(_ slug: String) -> String {
        "/projects/" + (slug.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? slug)
    }

    static func projects(_ summaries: [(Project, ProcessingRun?)]) -> String {
        var body = "<h1>kwcluster projects</h1>\n"
        if summaries.isEmpty {
            body += "<p>This database holds no project yet: <code>kwcluster create --domain=example.com --keywords=FILE</code> makes one.</p>"
        } else {
            body += "<table><thead><tr><th>Project</th><th>Domain</th><th>Created</th><th>Latest run</th></tr></thead><tbody>\n"
            for (project, run) in summaries {
                let runText = run.map { "run \($0.id): \($0.kind.rawValue), \($0.status.rawValue)" } ?? "no run"
                body += "<tr><td><a href=\"\(HtmlText.escape(projectPath(project.slug)))\">\(HtmlText.escape(project.slug))</a></td>"
                    + "<td>\(HtmlText.escape(project.domain))</td><td>\(HtmlText.escape(project.createdAt))</td>"
                    + "<td>\(HtmlText.escape(runText))</td></tr>\n"
            }
            body += "</tbody></table>"
        }
        return HtmlPage.document(title: "kwcluster projects", body: body, script: "")
    }

    static func project(_ data: ReportData) -> String {
        let path = projectPath(data.project.slug)
        var body = "<nav><a href=\"/\">All projects</a> / \(HtmlText.escape(data.project.slug))</nav>\n"
        body += HtmlReport.header(data)
        body += progress(project: data.project, runs: data.runs, batches: data.batches)
        body += "<p class=\"downloads\">Download: " + DashboardDownload.all.map {
            "<a href=\"\(HtmlText.escape(path))/downloads/\(HtmlText.escape($0.name))\" download>\(HtmlText.escape($0.label))</a>"
        }.joined() + "</p>\n"
        body += "<h2>Topics by search volume</h2>\n" + HtmlTreemap.svg(data.clusters, pillars: data.pillars)
            + "\n" + HtmlTreemap.legend(data.clusters) + "\n<p class=\"note\">" + HtmlTreemap.caption(data.pillars) + "</p>\n"
        body += HtmlReport.clustersSection(data, allKeywordsHref: { "\(path)/clusters/\($0)" })
        return HtmlPage.document(title: "kwcluster: \(data.project.slug)", body: body, script: HtmlPage.tableScript + liveScript)
    }

    /// The runs and the latest run's batch timeline. While the latest run is going, the
    /// section says so in `data-status="running"` and the page's script polls it again.
    static func progress(project: Project, runs: [ProcessingRun], batches: [BatchRun]) -> String {
        let running = runs.last.map { $0.status == .pending || $0.status == .processing } ?? false
        var html = "<section id=\"progress\" data-status=\"\(running ? "running" : "done")\" "
            + "data-live=\"\(HtmlText.escape(projectPath(project.slug)))/progress\">\n<h2>Runs</h2>\n"
        guard !runs.isEmpty else { return html + "<p>No run yet.</p></section>\n" }
        let completedBatches = batches.filter { $0.status == .completed }.count
        html += "<table><thead><tr><th>Run</th><th>Kind</th><th>Status</th><th>Keywords</th><th>Batches</th>"
            + "<th>Started</th><th>Finished</th></tr></thead><tbody>\n"
        for run in runs.reversed() {
            let isLatest = run.id == runs.last?.id
            let batchCell = isLatest
                ? "<progress max=\"\(max(batches.count, 1))\" value=\"\(completedBatches)\"></progress> \(completedBatches) of \(batches.count)"
                : "\(run.totalBatches)"
            html += "<tr><td>\(run.id)</td><td>\(run.kind.rawValue)</td><td>\(run.status.rawValue)"
                + (run.errorMessage.map { ": " + HtmlText.escape($0) } ?? "") + "</td>"
                + "<td data-value=\"\(run.totalKeywords)\">\(HtmlText.grouped(run.totalKeywords))</td><td>\(batchCell)</td>"
                + "<td>\(HtmlText.escape(run.startedAt ?? ""))</td><td>\(HtmlText.escape(run.completedAt ?? ""))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        if let latest = runs.last, !batches.isEmpty {
            html += "<h2>Batches of run \(latest.id)</h2>\n" + HtmlTimeline.html(batches) + "\n"
        }
        if running {
            html += "<p class=\"note\">This run is going: the page follows its batches (reload for the newest treemap and table).</p>\n"
        }
        return html + "</section>\n"
    }

    static func cluster(_ cluster: ReportCluster, plan: TopicPlan?, pillars: TopicPillars = .none, project: Project, page: Int,
                        pageSize: Int) -> String {
        let path = projectPath(project.slug)
        let title = HtmlText.escape(cluster.title ?? cluster.label)
        var body = "<nav><a href=\"/\">All projects</a> / <a href=\"\(HtmlText.escape(path))\">\(HtmlText.escape(project.slug))</a>"
            + " / cluster \(cluster.clusterID)</nav>\n<h1>\(title)</h1>\n"
        body += "<ul class=\"stats\"><li><b>\(HtmlText.escape(cluster.primaryKeyword))</b>primary keyword</li>"
            + "<li><b><span class=\"intent\" style=\"--c:\(HtmlTreemap.colour(of: cluster.intent))\">\(HtmlText.escape(cluster.intent))</span></b>intent</li>"
            + (plan.map { "<li><b>\(HtmlText.escape($0.pageType.rawValue.replacingOccurrences(of: "_", with: " ")))</b>page type"
                + ($0.place.map { " · " + HtmlText.escape($0) } ?? "")
                + ($0.noPageReason.map { " · not targeted: " + HtmlText.escape($0.explanation) } ?? "") + "</li>" } ?? "")
            + "<li><b>\(HtmlText.grouped(cluster.keywordCount))</b>keywords</li>"
            + "<li><b>\(HtmlText.grouped(cluster.totalVolume))</b>total volume</li>"
            + (pillars.pillar(ofTopic: cluster.clusterID).map { "<li><b>\(HtmlText.escape($0.title))</b>pillar \($0.id)</li>" } ?? "")
            + "</ul>\n"
        if let siblings = pillars.siblings[cluster.clusterID], !siblings.isEmpty {
            body += "<p class=\"siblings\">Nearest topics of its pillar: " + siblings.map {
                "<a href=\"\(HtmlText.escape(path))/clusters/\($0)\">cluster \($0)</a>"
            }.joined(separator: ", ") + "</p>\n"
        }
        if let url = cluster.pageURL {
            body += "<p>Page: " + (HtmlText.safeLink(url).map { "<a href=\"\($0)\" rel=\"noreferrer\">\(HtmlText.escape(url))</a>" }
                ?? HtmlText.escape(url)) + "</p>\n"
        }
        let first = (page - 1) * pageSize
        body += "<table><thead><tr><th>#</th><th>Keyword</th><th>Volume</th><th>URL</th></tr></thead><tbody>\n"
        for (index, keyword) in cluster.keywords.enumerated() {
            body += "<tr" + (keyword.isPrimary ? " class=\"primary\"" : "") + "><td data-value=\"\(first + index + 1)\">\(first + index + 1)</td>"
                + "<td>\(HtmlText.escape(keyword.text))\(keyword.isPrimary ? " <b>(primary)</b>" : "")</td>"
                + "<td data-value=\"\(keyword.volume ?? 0)\">\(keyword.volume.map(HtmlText.grouped) ?? "")</td>"
                + "<td>\(HtmlText.escape(keyword.url ?? ""))</td></tr>\n"
        }
        body += "</tbody></table>\n"
        let pages = max((cluster.keywordCount + pageSize - 1) / pageSize, 1)
        if pages > 1 {
            let base = "\(path)/clusters/\(cluster.clusterID)?page="
            body += "<p>Page \(page) of \(pages): "
                + (page > 1 ? "<a href=\"\(HtmlText.escape(base))\(page - 1)\">previous</a> " : "")
                + (page < pages ? "<a href=\"\(HtmlText.escape(base))\(page + 1)\">next</a>" : "") + "</p>\n"
        }
        return HtmlPage.document(title: "\(cluster.title ?? cluster.label) — kwcluster", body: body, script: "")
    }

    /// Polls the progress section every 2 s while its run goes; reloads the page once it ends
    /// (for the final treemap and table).
    static let liveScript = """
    (function(){var s=document.getElementById('progress');if(!s||s.getAttribute('data-status')!=='running'||!window.fetch)return;
    var url=s.getAttribute('data-live');
    function poll(){fetch(url,{cache:'no-store'}).then(function(r){if(!r.ok)throw r;return r.text();}).then(function(t){
    var d=document.createElement('div');d.innerHTML=t;var n=d.querySelector('#progress');if(!n)throw 0;s.replaceWith(n);s=n;
    if(n.getAttribute('data-status')!=='running'){location.reload();return;}setTimeout(poll,2000);}).catch(function(){setTimeout(poll,5000);});}
    setTimeout(poll,2000);})();
    """
}
