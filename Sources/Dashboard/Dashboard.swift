import Content
import Foundation
import Hummingbird
import Persistence
import Pipeline
import Reports

/// `kwcluster serve`: a read-only dashboard over a kwcluster database. Every page reads the
/// store in short read transactions (WAL), so a run another process is writing is never held up.
///
/// Routes: `/` (projects), `/projects/SLUG` (runs, live progress, treemap, cluster table,
/// downloads), `/projects/SLUG/progress` (the progress section alone, polled by the page's
/// script), `/projects/SLUG/clusters/ID?page=N` (a cluster's keywords), and
/// `/projects/SLUG/downloads/NAME` (`DashboardDownload.all`).
public struct Dashboard: Sendable {
    public let store: Store
    /// Keywords listed per cluster in the project page's table (the cluster page lists all).
    public var keywordsPerCluster = 10
    /// Keywords per page of a cluster page.
    public var clusterPageSize = 500

    public init(store: Store) {
        self.store = store
    }

    /// The router with every route and the HTML error pages.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: DashboardErrorPage())
        router.get("/") { _, _ in try await projectsPage() }
        router.get("/projects/:slug") { _, context in try await projectPage(slug: context.parameters.require("slug")) }
        router.get("/projects/:slug/progress") { _, context in
            try await progressFragment(slug: context.parameters.require("slug"))
        }
        router.get("/projects/:slug/clusters/:cluster") { request, context in
            guard let clusterID = context.parameters.get("cluster", as: Int.self) else {
                throw HTTPError(.badRequest, message: "A cluster id is a number, e.g. /projects/example-com/clusters/12.")
            }
            let page = request.uri.queryParameters.get("page", as: Int.self) ?? 1
            return try await clusterPage(slug: context.parameters.require("slug"), clusterID: clusterID, page: page)
        }
        router.get("/projects/:slug/downloads/:name") { _, context in
            try await download(slug: context.parameters.require("slug"), name: context.parameters.require("name"))
        }
        return router
    }

    func project(_ slug: String) async throws -> Project {
        let store = self.store
        let found = try await offloaded { try store.project(slug: slug) }
        guard let found else {
            let known = try await offloaded { try store.projects().map(\.slug) }
            throw HTTPError(.notFound, message: "There is no project '\(slug)' in this database."
                + (known.isEmpty ? "" : " Projects: \(known.joined(separator: ", "))."))
        }
        return found
    }

    func projectsPage() async throws -> Response {
        let store = self.store
        let summaries = try await offloaded {
            try store.projects().map { project in (project, try store.runs(projectID: project.id).last) }
        }
        return DashboardPages.response(DashboardPages.projects(summaries))
    }

    func projectPage(slug: String) async throws -> Response {
        let project = try await project(slug)
        let store = self.store, keywordsPerCluster = self.keywordsPerCluster
        let data = try await offloaded { try ReportData.load(project: project, store: store, keywordsPerCluster: keywordsPerCluster) }
        return DashboardPages.response(DashboardPages.project(data))
    }

    func progressFragment(slug: String) async throws -> Response {
        let project = try await project(slug)
        let store = self.store
        let (runs, batches) = try await offloaded { () throws -> ([ProcessingRun], [BatchRun]) in
            let runs = try store.runs(projectID: project.id)
            return (runs, try runs.last.map { try store.batchRuns(runID: $0.id) } ?? [])
        }
        return DashboardPages.response(DashboardPages.progress(project: project, runs: runs, batches: batches))
    }

    func clusterPage(slug: String, clusterID: Int, page: Int) async throws -> Response {
        let project = try await project(slug)
        let store = self.store, size = clusterPageSize, page = max(page, 1)
        let found = try await offloaded { () throws -> (ReportCluster, TopicPlan?, TopicPillars)? in
            guard let cluster = try store.reportCluster(projectID: project.id, clusterID: clusterID, offset: (page - 1) * size,
                                                        limit: size) else { return nil }
            // The pillar's title is made from all its topics: every topic's plan is read.
            let (plans, pillars) = try TopicPillars.readWithPlans(projectID: project.id, store: store)
            let plan = try plans[clusterID]
                ?? TopicPlans.read(projectID: project.id, summaries: [clusterID: ReportData.summary(of: cluster)], store: store)[clusterID]
            return (cluster, plan, pillars)
        }
        guard let found else {
            throw HTTPError(.notFound, message: "Project \(slug) has no cluster \(clusterID).")
        }
        let (cluster, plan, pillars) = found
        return DashboardPages.response(DashboardPages.cluster(cluster, plan: plan, pillars: pillars, project: project, page: page,
                                                              pageSize: size))
    }

    func download(slug: String, name: String) async throws -> Response {
        guard let download = DashboardDownload.named(name) else {
            throw HTTPError(.notFound, message: "No download named \(name); there are "
                + DashboardDownload.all.map(\.name).joined(separator: ", ") + ".")
        }
        let project = try await project(slug)
        let store = self.store
        let data = try await offloaded { try download.data(project: project, store: store) }
        var headers = HTTPFields()
        headers[.contentType] = download.contentType
        headers[.contentDisposition] = "attachment; filename=\"\(project.slug)-\(download.name)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Runs blocking database work on a dispatch queue, off the server's cooperative threads.
func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}
