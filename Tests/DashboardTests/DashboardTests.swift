import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import Hummingbird
import HummingbirdTesting
import Lab
import Persistence
import Pipeline
import Reports
import Testing
import TestSupport
@testable import Dashboard

/// A clustered project in a database file (the dashboard opens it read-only, as `serve` does).
struct DashboardFixture {
    let folder: URL
    let databasePath: String
    let project: Project
    let runID: Int64

    static func make(batchLimit: Int? = nil) async throws -> DashboardFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-dashboard-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var csv = SyntheticKeywordSet.csv(SyntheticKeywordSet.generate(count: 200, topics: 6))
        csv += "\"<script>alert('x')</script> \"\"shoes\"\"\",50000\n"
        let file = folder.appendingPathComponent("keywords.csv").path
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let databasePath = folder.appendingPathComponent("kwcluster.sqlite").path
        let (project, runID) = try await populate(try SQLiteStore(path: databasePath), file: file, batchLimit: batchLimit)
        return DashboardFixture(folder: folder, databasePath: databasePath, project: project, runID: runID)
    }

    /// Creates the project in `store` from the keyword file and runs it (up to `batchLimit` batches).
    static func populate(_ store: Store, file: String, batchLimit: Int? = nil) async throws -> (Project, Int64) {
        var parameters = RunParameters()
        parameters.batchSize = 50
        parameters.clusterCount = 6
        parameters.titleYear = 2026
        let created = try ProjectCreator.create(domain: "example.com", files: [file], column: nil, parameters: parameters, store: store)
        try await ProjectRunner.run(project: created.project, runID: created.runID, store: store, batchLimit: batchLimit)
        return (created.project, created.runID)
    }

    func app() throws -> some ApplicationProtocol {
        Application(router: Dashboard(store: try SQLiteStore.openForReading(path: databasePath)).router())
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}

@Suite struct DashboardTests {
    @Test func theDashboardShowsAPostgresProjectAsTheSQLiteOne() async throws {
        let fixture = try await DashboardFixture.make()
        defer { fixture.remove() }
        let file = fixture.folder.appendingPathComponent("keywords.csv").path
        /// The home page, the project page, its largest cluster's page and the keyword CSV download.
        func pages(_ store: Store) async throws -> [String] {
            let project = try #require(try store.project(slug: "example-com"))
            let largest = try #require(try store.clusterExportRows(projectID: project.id).max { $0.keywordCount < $1.keywordCount })
            let uris = ["/", "/projects/example-com", "/projects/example-com/clusters/\(largest.clusterID)",
                        "/projects/example-com/downloads/keywords.csv"]
            return try await Application(router: Dashboard(store: store).router()).test(.router) { client in
                var pages: [String] = []
                for uri in uris {
                    pages.append(try await client.execute(uri: uri, method: .get) { response in
                        #expect(response.status == .ok, "\(uri)")
                        return Self.withoutTimes(String(buffer: response.body))
                    })
                }
                return pages
            }
        }
        let onSQLite = try await pages(try SQLiteStore.openForReading(path: fixture.databasePath))
        let onPostgres = try await TestStores.withStore(.postgres) { store in
            _ = try await DashboardFixture.populate(store, file: file)
            return try await pages(store)
        }
        #expect(onSQLite[1].contains("data-cluster="))
        for (index, page) in onSQLite.enumerated() {
            #expect(onPostgres[index] == page, "page \(index)")
        }
    }

    /// A page without what differs between two runs of one project: when it ran, how long batches took.
    static func withoutTimes(_ html: String) -> String {
        html.replacingOccurrences(of: #"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"#, with: "<time>", options: .regularExpression)
            .replacingOccurrences(of: #"<h2>Batches of run[\s\S]*?(?=<h2)"#, with: "<timeline>", options: .regularExpression)
    }

    @Test func projectPageShowsTreemapTableRunsAndDownloads() async throws {
        let fixture = try await DashboardFixture.make()
        defer { fixture.remove() }
        let stored = try SQLiteStore(path: fixture.databasePath)
        let clusters = try stored.clusterExportRows(projectID: fixture.project.id)
        let plans = try TopicPlans.read(projectID: fixture.project.id, rows: clusters, store: stored)
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("<a href=\"/projects/example-com\">example-com</a>"))
            }
            try await client.execute(uri: "/projects/example-com", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.components(separatedBy: "data-cluster=").count - 1 == clusters.count)
                for cluster in clusters {
                    #expect(html.contains("data-cluster=\"\(cluster.clusterID)\" data-volume=\"\(cluster.totalVolume)\""))
                    #expect(html.contains("<tr id=\"c\(cluster.clusterID)\">"))
                    #expect(html.contains("href=\"/projects/example-com/clusters/\(cluster.clusterID)\""))
                    // The topic's row shows its page type, as the exports give it.
                    let row = try #require(html.components(separatedBy: "<tr id=\"c\(cluster.clusterID)\">").last?
                        .components(separatedBy: "</tr>").first)
                    let plan = try #require(plans[cluster.clusterID])
                    #expect(row.contains(HtmlClusterTable.pageTypeCell(plan)), "\(row)")
                    #expect(row.contains(plan.pageType.rawValue.replacingOccurrences(of: "_", with: " ")), "\(row)")
                }
                #expect(html.contains("<th data-sort=\"text\">Page type</th>"))
                // The treemap is nested: one titled group per pillar, each holding exactly its topics' shapes
                let pillars = try TopicPillars.read(projectID: fixture.project.id, rows: clusters, plans: plans, store: stored)
                #expect(pillars.count >= 1)
                let svg = try #require(html.components(separatedBy: "<svg class=\"treemap\"").last?.components(separatedBy: "</svg>").first)
                let groups = svg.components(separatedBy: "<g class=\"pillar\" data-pillar=\"").dropFirst()
                #expect(groups.count == pillars.count)
                for group in groups {
                    let id = try #require(Int(group.prefix { $0.isNumber }))
                    let pillar = try #require(pillars.pillar(id: id))
                    #expect(group.contains("<title>Pillar \(id): \(HtmlText.escape(pillar.title))"))
                    let shapes = group.components(separatedBy: "data-cluster=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
                    #expect(shapes.sorted() == pillar.topics.sorted(), "pillar \(id)")
                }
                for download in DashboardDownload.all {
                    #expect(html.contains("href=\"/projects/example-com/downloads/\(download.name)\""))
                }
                #expect(html.contains("<section id=\"progress\" data-status=\"done\""))
                #expect(!html.contains("<script>alert"))
            }
        }
    }

    @Test func downloadsAreTheCLIExports() async throws {
        let fixture = try await DashboardFixture.make()
        defer { fixture.remove() }
        let store = try SQLiteStore(path: fixture.databasePath)
        let path = fixture.folder.appendingPathComponent("cli.csv").path
        do {
            let output = try OutputBuffer(path: path)
            try KeywordExporter.export(project: fixture.project, format: .csv, store: store, to: output,
                                       completeness: try KeywordExporter.completeness(project: fixture.project, store: store))
        }
        let cliCSV = try String(contentsOfFile: path, encoding: .utf8)
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/projects/example-com/downloads/keywords.csv", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"example-com-keywords.csv\"")
                #expect(String(buffer: response.body) == cliCSV)
            }
            for download in DashboardDownload.all {
                try await client.execute(uri: "/projects/example-com/downloads/\(download.name)", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == download.contentType)
                    #expect(response.body.readableBytes > 100)
                }
            }
        }
    }

    @Test func workbookDownloadIsTheCLIWorkbook() async throws {
        // Given a clustered project and the workbook `export --format=xlsx` writes for it
        let fixture = try await DashboardFixture.make()
        defer { fixture.remove() }
        let store = try SQLiteStore(path: fixture.databasePath)
        let cliWorkbook = fixture.folder.appendingPathComponent("cli.xlsx").path
        try XlsxExporter.export(project: fixture.project, store: store, to: cliWorkbook)

        // When the dashboard's workbook download is fetched
        let body = try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/projects/example-com/downloads/workbook.xlsx", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"example-com-workbook.xlsx\"")
                return Data(response.body.readableBytesView)
            }
        }

        // Then it is a valid ZIP holding the three sheets, each the same as the CLI's
        #expect(body.starts(with: [0x50, 0x4B, 0x03, 0x04]), "not a ZIP file")
        let downloaded = fixture.folder.appendingPathComponent("downloaded.xlsx").path
        try body.write(to: URL(fileURLWithPath: downloaded))
        let test = try unzip(["-t", downloaded])
        #expect(test.status == 0 && test.output.contains("No errors detected"), "unzip -t: \(test.output)")
        let workbookXML = try unzip(["-p", downloaded, "xl/workbook.xml"]).output
        for name in XlsxExporter.sheetNames {
            #expect(workbookXML.contains("<sheet name=\"\(name)\""), "sheet \(name) missing: \(workbookXML)")
        }
        for sheet in 1...XlsxExporter.sheetNames.count {
            let part = "xl/worksheets/sheet\(sheet).xml"
            let fromDashboard = try unzip(["-p", downloaded, part])
            #expect(fromDashboard.status == 0)
            #expect(fromDashboard.output == (try unzip(["-p", cliWorkbook, part])).output, "\(part) differs from the CLI's")
        }
        #expect(try unzip(["-p", downloaded, "xl/worksheets/sheet2.xml"]).output.contains("<row r=\"202\">"),
                "the Keywords sheet lacks a header and 201 keyword rows")
    }

    /// Debian's unzip (`scripts/install-deps.sh` installs it), with its exit status and output.
    private func unzip(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test func clusterPageListsEveryKeywordEscapedAndPaged() async throws {
        let fixture = try await DashboardFixture.make()
        defer { fixture.remove() }
        let store = try SQLiteStore(path: fixture.databasePath)
        let largest = try #require(try store.clusterExportRows(projectID: fixture.project.id).max { $0.keywordCount < $1.keywordCount })
        var dashboard = Dashboard(store: try SQLiteStore.openForReading(path: fixture.databasePath))
        dashboard.clusterPageSize = 5
        let app = Application(router: dashboard.router())
        let hostile = try #require(try store.clusterExportRows(projectID: fixture.project.id).first { $0.primaryKeyword.contains("<script>") })
        try await app.test(.router) { client in
            try await client.execute(uri: "/projects/example-com/clusters/\(largest.clusterID)", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.components(separatedBy: "<tr").count - 2 == 5) // header row + 5 keywords
                #expect(html.contains("Page 1 of \((largest.keywordCount + 4) / 5)"))
                #expect(html.contains(HtmlText.escape(largest.primaryKeyword)))
                let plan = try #require(try TopicPlans.read(projectID: fixture.project.id, rows: [largest], store: store)[largest.clusterID])
                #expect(html.contains("<li><b>\(plan.pageType.rawValue.replacingOccurrences(of: "_", with: " "))</b>page type"), "\(html)")
                // It names its pillar and links to its nearest siblings there
                let pillars = try TopicPillars.readWithPlans(projectID: fixture.project.id, store: store).pillars
                let pillar = try #require(pillars.pillar(ofTopic: largest.clusterID))
                #expect(html.contains("<li><b>\(HtmlText.escape(pillar.title))</b>pillar \(pillar.id)</li>"), "\(html)")
                for sibling in pillars.siblings[largest.clusterID] ?? [] {
                    #expect(html.contains("href=\"/projects/example-com/clusters/\(sibling)\">cluster \(sibling)</a>"))
                }
            }
            try await client.execute(uri: "/projects/example-com/clusters/\(largest.clusterID)?page=2", method: .get) { response in
                #expect(String(buffer: response.body).contains("<td data-value=\"6\">6</td>"))
            }
            try await client.execute(uri: "/projects/example-com/clusters/\(hostile.clusterID)", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains("<script>alert"))
                #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;shoes&quot;"))
            }
        }
    }

    @Test func badRequestsGetHTMLErrorPages() async throws {
        let fixture = try await DashboardFixture.make()
        defer { fixture.remove() }
        try await fixture.app().test(.router) { client in
            let cases: [(uri: String, status: HTTPResponse.Status, says: String)] = [
                ("/projects/nope", .notFound, "There is no project &#39;nope&#39; in this database. Projects: example-com."),
                ("/projects/nope/clusters/1", .notFound, "There is no project"),
                ("/projects/example-com/clusters/999999", .notFound, "Project example-com has no cluster 999999."),
                ("/projects/example-com/clusters/abc", .badRequest, "A cluster id is a number"),
                ("/projects/example-com/downloads/keywords.exe", .notFound, "No download named keywords.exe"),
                ("/projects/example-com/downloads/..%2F..%2Fetc%2Fpasswd", .notFound, "No download named"),
                ("/../../etc/passwd", .notFound, "There is no page at"),
                ("/static/%2e%2e/%2e%2e/etc/passwd", .notFound, "There is no page at"),
            ]
            for item in cases {
                try await client.execute(uri: item.uri, method: .get) { response in
                    #expect(response.status == item.status, "\(item.uri)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(item.uri)")
                    let html = String(buffer: response.body)
                    #expect(html.contains(item.says), "\(item.uri): \(html)")
                    #expect(!html.contains("root:"), "\(item.uri)")
                }
            }
        }
    }

    @Test func runningRunIsFollowedAndReadsDoNotWaitForAWriter() async throws {
        let fixture = try await DashboardFixture.make(batchLimit: 2)
        defer { fixture.remove() }
        // Another process is writing: it holds SQLite's write lock for the whole request.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let writer = try DatabaseQueue(path: fixture.databasePath, configuration: configuration)
        try await writer.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.execute(sql: "UPDATE batch_runs SET status = 'processing' WHERE run_id = ? AND batch_number = 3", arguments: [fixture.runID])
        }
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/projects/example-com", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<section id=\"progress\" data-status=\"running\""))
                #expect(html.contains("Partial report: run \(fixture.runID) is not finished — batches 1–2 of"))
                // The uncommitted write is not visible: batch 3 is still pending for readers.
                #expect(!html.contains("data-batch=\"3\" data-status=\"processing\""))
            }
            try await client.execute(uri: "/projects/example-com/progress", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.hasPrefix("<section id=\"progress\" data-status=\"running\""))
                #expect(html.contains("<progress max="))
            }
        }
        try await writer.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/projects/example-com/progress", method: .get) { response in
                #expect(String(buffer: response.body).contains("data-batch=\"3\" data-status=\"processing\""))
            }
        }
    }

    @Test func databaseOfANewerVersionIsRefusedClearly() async throws {
        let fixture = try await DashboardFixture.make(batchLimit: 1)
        defer { fixture.remove() }
        let queue = try DatabaseQueue(path: fixture.databasePath)
        try await queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
        #expect {
            _ = try SQLiteStore.openForReading(path: fixture.databasePath)
        } throws: { error in
            String(describing: error).contains("was written by a newer kwcluster")
        }
        #expect(throws: StoreError.self) { _ = try SQLiteStore.openForReading(path: fixture.folder.appendingPathComponent("missing.sqlite").path) }
    }

    @Test func portInUseIsDetected() throws {
        // A listening socket on 127.0.0.1 makes its port busy.
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && listen(descriptor, 1) == 0
                && getsockname(descriptor, $0, &length) == 0 }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        #expect(!DashboardServer.portIsFree(port))
    }
}
