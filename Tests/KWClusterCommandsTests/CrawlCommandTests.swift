import Foundation
import Persistence
import SiteFixture
import TestSupport
import Testing

/// `create --domain` without keyword files crawls the site; `rescrape` crawls it again; a
/// crawl killed at any kind of commit boundary resumes without fetching a page twice. Against a generated site served on
/// 127.0.0.1 inside the test process.
@Suite(.serialized) struct CrawlCommandTests {
    let folder: URL
    static let slug = "127-0-0-1"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-crawl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func db(_ name: String) -> String { folder.appendingPathComponent(name + ".sqlite").path }

    func createArguments(_ root: URL, db: String) -> [String] {
        ["create", "--domain=\(root.absoluteString)", "--db=\(db)", "--batch-size=50", "--vectors=lexical", "--crawl-rate=500", "--crawl-timeout=60", "--quiet"]
    }

    func export(_ db: String, level: String = "keyword", format: String = "csv") async throws -> String {
        let result = try await KWClusterCLI.runOffThread(["export", "--project=\(Self.slug)", "--db=\(db)", "--level=\(level)", "--format=\(format)"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    /// The rows of a CSV export as column -> value (the export quotes no field these tests read).
    func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { CSVLine.fields(String($0)) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func createCrawlsTheSiteIntoClustersWithTitlesAndPages() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = FixtureSite(pages: GeneratedSite.pages(count: 60))
        let database = db("site")
        try await site.serve { root in
            let created = try await KWClusterCLI.runOffThread(createArguments(root, db: database))
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("created project \(Self.slug)"))
            let keywords = rows(try await export(database))
            #expect(keywords.count > 60)
            let aPage = keywords.first { $0["keyword"] == GeneratedSite.topic(7) }
            #expect(aPage?["page_url"] == root.absoluteString + "p/7")
            #expect(aPage?["cluster_id"]?.isEmpty == false)
            // Menus, footers and the cookie banner are on every page: no keywords.
            #expect(!keywords.contains { $0["keyword"] == "free delivery worldwide" || $0["keyword"] == "accept cookies" })
            let clusters = rows(try await export(database, level: "cluster"))
            #expect(!clusters.isEmpty)
            #expect(clusters.allSatisfy { !($0["title"] ?? "").isEmpty && !($0["page_url"] ?? "").isEmpty })
            #expect(clusters.contains { $0["possible_cannibalisation"] == "true" })
            let json = try await export(database, level: "cluster", format: "json")
            #expect(json.contains("\"possible_cannibalisation\":"))
            let status = try await KWClusterCLI.runOffThread(["status", "--project=\(Self.slug)", "--db=\(database)", "--json"])
            #expect(status.stdout.contains("\"pages_fetched\" : 63"), "\(status.stdout)")
            #expect(status.stdout.contains("\"skipped_by_robots\" : 60"))
        }
        // robots.txt disallows /cart: the crawl never asked for it; nothing was asked twice.
        #expect(!site.requests.contains { $0.path.hasPrefix("/cart") })
        #expect(site.pathsAnsweredTwice.isEmpty)
    }

    @Test func aCrawlOnPostgresGivesTheSQLiteExportsAndPageCoverage() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = FixtureSite(pages: GeneratedSite.pages(count: 40))
        try await site.serve { root in
            // The crawl, its keywords, their pages and clusters, on each store.
            func crawl(_ kind: StoreKind) async throws -> [String] {
                try await TestStores.withDatabase(kind) { database in
                    let created = try await KWClusterCLI.runOffThread(createArguments(root, db: database))
                    #expect(created.status == 0, "\(created.stderr)")
                    let status = try await KWClusterCLI.runOffThread(["status", "--project=\(Self.slug)", "--db=\(database)", "--json"])
                    let pages = status.stdout.split(separator: "\n").filter { $0.contains("\"pages_") || $0.contains("skipped") }
                    return [try await export(database), try await export(database, level: "cluster"),
                            try await export(database, level: "cluster", format: "json"), pages.joined(separator: "\n")]
                }
            }
            let onSQLite = try await crawl(.sqlite)
            let onPostgres = try await crawl(.postgres)
            // The page columns are filled (or the comparison would prove little).
            #expect(rows(onSQLite[1]).contains { !($0["page_url"] ?? "").isEmpty })
            #expect(onSQLite[3].contains("\"pages_fetched\" : 43"), "\(onSQLite[3])")
            #expect(onPostgres[0] == onSQLite[0], "keyword CSV")
            #expect(onPostgres[1] == onSQLite[1], "cluster CSV with pages")
            #expect(onPostgres[2] == onSQLite[2], "cluster JSON")
            #expect(onPostgres[3] == onSQLite[3], "crawl counts")
        }
    }

    /// The crawl run kind's crash walk. A crawl stores each page's outcome, with the links it found,
    /// in a transaction of its own: the first page (the frontier still the start page's links), a
    /// page in the middle and the crawl's end are walked (every page's transaction is the same
    /// code), then the import of its keywords (`project-created`) and the run's batches as in
    /// ``CrashPointTests``. One request at a time: when the process dies right after a page is
    /// stored, no answer is in flight, so the resumed crawl must ask for no page twice.
    @Test func aCrawlKilledAtEachKindOfBoundaryResumesWithoutFetchingAPageTwice() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = FixtureSite(pages: GeneratedSite.pages(count: 80))
        try await site.serve { root in
            let command: (String) -> [String] = { createArguments(root, db: $0) + ["--crawl-concurrency=1"] }
            // Given the exports of a crawl never interrupted
            let reference = db("reference")
            let uninterrupted = try await CrashWalk.run(command(reference))
            #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
            let expected = try await CrashWalk.exports(project: Self.slug, db: reference)
            let store = try SQLiteStore(path: reference)
            let crawl = try #require(try store.latestCrawl(slug: Self.slug))
            let stored = try store.crawlPages(crawlID: crawl.id).count { $0.state != "queued" }
            #expect(stored > 20, "\(stored) pages stored")
            // When crawls are killed at each kind of boundary, then resumed
            // Then each exports what the uninterrupted crawl exports, and no page was asked for twice
            try await CrashWalk.walk([CrashWalk.point(.crawlPageStored, 1), CrashWalk.point(.crawlPageStored, stored / 2),
                                      CrashWalk.point(.crawlFinished, 1), CrashWalk.point(.projectCreated, 1),
                                      CrashWalk.point(.batchCommitted, 1), CrashWalk.point(.refinementCommitted, 1)],
                                     project: Self.slug, database: { db("killed-\($0)") }, prepare: { _ in site.forgetRequests() },
                                     command: command, expected: expected) { point in
                #expect(site.pathsAnsweredTwice.isEmpty, "killed at \(point), answered twice: \(site.pathsAnsweredTwice)")
            }
        }
    }

    @Test func rescrapeBringsInANewPageAndMarksARemovedOneAbsent() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var pages = GeneratedSite.pages(count: 40)
        pages["/p/3"]?.headers.append(("ETag", "\"p3-v1\""))
        let site = FixtureSite(pages: pages)
        let database = db("rescrape")
        try await site.serve { root in
            let created = try await KWClusterCLI.runOffThread(createArguments(root, db: database))
            #expect(created.status == 0, "\(created.stderr)")
            let before = rows(try await export(database))
            let removedTopic = GeneratedSite.topic(9)
            #expect(before.contains { $0["keyword"] == removedTopic })

            // A page is removed (404) and a new one linked from the home page.
            site.set("/p/9", nil)
            site.set("/", .html("<title>Outdoor gear shop</title><h1>Outdoor gear</h1><a href=\"/p/1\">First</a>"
                + "<a href=\"/new\">Avalanche safety beacons</a>"))
            site.set("/new", .html("<title>Avalanche safety beacons | Fixture Outdoors</title><h1>Avalanche safety beacons</h1>"
                + "<h2>Avalanche transceiver reviews</h2>"))
            let rescraped = try await KWClusterCLI.runOffThread(["rescrape", "--project=\(Self.slug)", "--db=\(database)", "--crawl-rate=500"])
            #expect(rescraped.status == 0, "\(rescraped.stderr)")
            #expect(rescraped.stdout.contains("rescrape run"))

            let after = rows(try await export(database))
            let beacons = after.first { $0["keyword"] == "avalanche safety beacons" }
            #expect(beacons?["page_url"] == root.absoluteString + "new", "\(rescraped.stdout)\n\(after.filter { $0["keyword"]?.contains("avalanche") == true })")
            #expect(beacons?["absent"] == "false")
            #expect(after.first { $0["keyword"] == removedTopic }?["absent"] == "true")
            // Known keywords keep their clusters.
            for row in before {
                guard let same = after.first(where: { $0["keyword"] == row["keyword"] }) else {
                    Issue.record("\(row["keyword"] ?? "?") vanished from the export")
                    continue
                }
                #expect(same["cluster_id"] == row["cluster_id"])
            }
        }
        // The page with an ETag was asked conditionally the second time.
        #expect(site.requests.contains { $0.path == "/p/3" && $0.ifNoneMatch == "\"p3-v1\"" })
    }

    @Test func aSiteThatCannotBeCrawledLeavesNoDatabase() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let closed = FixtureSite(pages: ["/robots.txt": .text("User-agent: *\nDisallow: /\n"), "/": .html("<title>Home page here</title>")])
        let database = db("closed")
        try await closed.serve { root in
            let result = try await KWClusterCLI.runOffThread(createArguments(root, db: database))
            #expect(result.status == 1)
            #expect(result.stderr.contains("robots.txt disallows every page"))
            #expect(result.stderr.contains("--keywords"))
        }
        #expect(!FileManager.default.fileExists(atPath: database))

        let empty = FixtureSite(pages: ["/": .text("{}", type: "application/json")])
        try await empty.serve { root in
            let result = try await KWClusterCLI.runOffThread(createArguments(root, db: database))
            #expect(result.status == 1)
            #expect(result.stderr.contains("no HTML page could be fetched"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: database))

        let refused = try await KWClusterCLI.runOffThread(createArguments(URL(string: "http://127.0.0.1:9/")!, db: database))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("127.0.0.1:9"))
        #expect(refused.stderr.contains("cannot be reached"))
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test func theNpmScriptRunsThePlansCommandVerbatim() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = FixtureSite(pages: GeneratedSite.pages(count: 30))
        let database = db("npm")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/npm-run.sh")
        try await site.serve { root in
            // What `npm run create --domain=URL --batch-size=500` hands the script.
            let result = try await KWClusterCLI.runOffThread(
                ["create"], executable: script,
                environment: ["npm_config_domain": root.absoluteString, "npm_config_batch_size": "500", "npm_config_db": database,
                              "npm_config_vectors": "lexical", "npm_config_quiet": "true", "npm_config_crawl_rate": "500",
                              "KWCLUSTER_BIN": KWClusterCLI.binary.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("created project \(Self.slug)"))
            let clusters = rows(try await export(database, level: "cluster"))
            #expect(!clusters.isEmpty && clusters.allSatisfy { !($0["title"] ?? "").isEmpty && !($0["page_url"] ?? "").isEmpty })
        }
    }
}

/// Splits one CSV line into fields (quoted fields with doubled quotes).
enum CSVLine {
    static func fields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                if quoted, index + 1 < characters.count, characters[index + 1] == "\"" {
                    field.append("\"")
                    index += 1
                } else {
                    quoted.toggle()
                }
            } else if character == ",", !quoted {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
            index += 1
        }
        fields.append(field)
        return fields
    }
}
