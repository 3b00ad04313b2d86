import Foundation
import GRDB
import Pipeline
import Testing
import TestSupport

/// The exports' `page_type` on the bundled sample is the page type each topic's title was
/// written for: the one the stored inputs of the job that made its current title give, even
/// where the topic's keywords changed after that job (the title was not remade, so neither is
/// its page type).
@Suite struct SamplePageTypeTests {
    static let sample = PostgresCommandLineTests.sample

    @Test func theExportedPageTypeIsTheTitlesUnlessTheTopicChangedSince() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-pagetype-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("projects.sqlite").path
        // Given the bundled sample clustered with its built-in titles
        let create = try await KWClusterCLI.runOffThread(["create", "--domain=example.com", "--keywords=\(Self.sample)", "--db=\(db)",
                                                          "--vectors=lexical", "--quiet"])
        #expect(create.status == 0, "\(create.stderr)")
        // When its clusters are exported as CSV and JSON, and its keywords as CSV
        let csv = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--level=cluster"])
        let json = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)", "--level=cluster",
                                                        "--format=json"])
        let keywordCSV = try await KWClusterCLI.runOffThread(["export", "--project=example-com", "--db=\(db)"])
        #expect(csv.status == 0 && json.status == 0 && keywordCSV.status == 0, "\(csv.stderr)\(json.stderr)\(keywordCSV.stderr)")

        // Then each cluster's page_type is the one the inputs of the job that made its current title give
        let exported = try Self.column("page_type", of: csv.stdout, key: "cluster_id")
        let jobs = try Self.titleJobs(db: db)
        #expect(exported.count > 100, "the sample has \(exported.count) clusters")
        #expect(exported.keys.allSatisfy { jobs[$0] != nil }, "a cluster without a title job")
        let differing = exported.filter { jobs[$0.key]?.pageType != $0.value }
        #expect(differing.isEmpty, "\(differing.count) clusters' page type is not their title's: \(differing.prefix(5).map { "\($0.key): export \($0.value), title \(jobs[$0.key]?.pageType ?? "?")" })")
        // And that holds where it is not a given: some topics' top keywords changed since their title
        // was made, and several page types occur
        let changed = jobs.filter { $0.value.keywords != $0.value.keywordsNow }
        #expect(changed.count >= 20, "\(changed.count) of \(exported.count) changed since their title")
        #expect(Set(exported.values).count >= 3, "\(Set(exported.values))")

        // And the JSON export and every keyword's row say the same as the cluster CSV
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let clusters = try #require(object["clusters"] as? [[String: Any]])
        for cluster in clusters {
            let id = try #require(cluster["cluster_id"] as? Int)
            #expect(cluster["page_type"] as? String == exported[String(id)], "cluster \(id)")
        }
        let keywordLines = keywordCSV.stdout.split(separator: "\n").map(String.init)
        let header = Self.fields(keywordLines[0])
        #expect(header.suffix(3) == ["page_type", "pillar_id", "pillar_title"])
        let clusterIndex = try #require(header.firstIndex(of: "cluster_id"))
        for line in keywordLines.dropFirst() {
            let fields = Self.fields(line)
            #expect(fields[fields.count - 3] == exported[fields[clusterIndex]], "\(line)")
        }
    }

    /// The fields of a CSV line, split on commas outside quotes (quotes dropped; the sample's
    /// texts hold no doubled quotes).
    static func fields(_ line: some StringProtocol) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() } else if character == ",", !quoted { fields.append(current); current = "" } else { current.append(character) }
        }
        return fields + [current]
    }

    /// The values of `name` in a CSV export, by the value of `key`.
    static func column(_ name: String, of csv: String, key: String) throws -> [String: String] {
        let lines = csv.split(separator: "\n").map { Self.fields($0) }
        let header = try #require(lines.first)
        let keyIndex = try #require(header.firstIndex(of: key))
        let valueIndex = try #require(header.firstIndex(of: name))
        var values: [String: String] = [:]
        for fields in lines.dropFirst() {
            values[fields[keyIndex]] = fields[valueIndex]
        }
        return values
    }

    /// What the job that made a cluster's newest title was given, and the cluster now.
    struct TitleJobInputs {
        /// The page type the job's stored inputs give.
        var pageType: String
        /// The texts of the job's keywords, and of the cluster's top keywords now (the same
        /// ranking: volume, then similarity).
        var keywords: Set<String>
        var keywordsNow: Set<String>
    }

    /// The job that made each cluster's newest title, by cluster id.
    static func titleJobs(db path: String) throws -> [String: TitleJobInputs] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT g.cluster_id, j.inputs FROM generated_content g
                JOIN title_jobs j ON j.project_id = g.project_id AND j.cluster_id = g.cluster_id
                  AND j.cluster_version = g.version AND j.run_id = g.run_id AND j.batch_number = g.batch_number
                WHERE g.content_type = 'title'
                  AND g.version = (SELECT MAX(version) FROM generated_content
                                   WHERE project_id = g.project_id AND cluster_id = g.cluster_id AND content_type = 'title')
                  AND j.id = (SELECT MAX(id) FROM title_jobs WHERE project_id = j.project_id AND cluster_id = j.cluster_id
                              AND cluster_version = j.cluster_version AND status = 'done')
                """)
            var jobs: [String: TitleJobInputs] = [:]
            for row in rows {
                let cluster: Int = row[0]
                let inputs = try TitleInputs.decode(row[1])
                let now = try String.fetchAll(db, sql: """
                    SELECT k.text FROM assignments a JOIN keywords k ON k.id = a.keyword_id WHERE a.cluster_id = ?
                    ORDER BY k.volume IS NULL, k.volume DESC, a.similarity DESC, k.id LIMIT 12
                    """, arguments: [cluster])
                jobs[String(cluster)] = TitleJobInputs(pageType: inputs.plan.pageType.rawValue,
                                                       keywords: Set(inputs.keywords.map(\.text)), keywordsNow: Set(now))
            }
            return jobs
        }
    }
}
