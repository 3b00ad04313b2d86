import ArgumentParser
import Foundation
import Ingest
import SearchConsole

/// `--gsc=PROPERTY --gsc-credentials=FILE --gsc-days=N`: Search Console's API as a keyword
/// source, merged with files and a crawl as files are merged.
///
/// Not yet attached to `create` and `rescrape`: the store rewrite decides where the pages are
/// kept between runs (see ``keywordImport(progress:)``).
struct SearchConsoleOptions: ParsableArguments {
    @Option(help: "A Search Console property to take keywords from: sc-domain:example.com, or a URL prefix such as https://www.example.com/.")
    var gsc: String?

    @Option(help: "The credentials for --gsc: a service account's JSON key (the account added as a user of the property), or an authorized-user file from `gcloud auth application-default login`.")
    var gscCredentials: String?

    @Option(help: "Days of Search Console data to read, ending 3 days ago (its data lags).")
    var gscDays: Int = 90

    @Option(help: ArgumentHelp("Search Console API root (tests).", visibility: .private))
    var gscApiUrl: String = SearchConsoleClient.Endpoints.google.apiBase

    @Option(help: ArgumentHelp("OAuth token endpoint (tests); default: the credentials file's token_uri.", visibility: .private))
    var gscTokenUrl: String?

    func validate() throws {
        guard let gsc else {
            if gscCredentials != nil { throw ValidationError("--gsc-credentials needs --gsc=PROPERTY (sc-domain:example.com or https://www.example.com/)") }
            return
        }
        guard gscCredentials != nil else {
            throw ValidationError("--gsc needs --gsc-credentials=FILE: a service account's JSON key or an authorized-user file")
        }
        do {
            try SearchConsoleProperty.validate(gsc, days: gscDays)
        } catch let error as SearchConsoleError {
            throw ValidationError(error.description)
        }
    }

    /// The query `--gsc` and `--gsc-days` ask for, ending 3 days before today (Pacific time).
    func query(now: Date = Date()) -> SearchAnalyticsQuery? {
        gsc.map { SearchAnalyticsQuery(property: $0, lastDays: gscDays, now: now) }
    }

    /// The property's queries as a keyword source, read in one pass (nil without `--gsc`).
    /// The credentials file is read first, so a bad file fails before any request. A failure
    /// throws ``SearchConsoleError`` and leaves nothing behind: nothing is stored here.
    func keywordImport(progress: @escaping (String) -> Void) async throws -> KeywordImport? {
        guard let query = query(), let path = gscCredentials else { return nil }
        let client = SearchConsoleClient(credentials: try SearchConsoleCredentials.load(from: path),
                                         endpoints: .init(apiBase: gscApiUrl, tokenURL: gscTokenUrl))
        var rows = 0
        let imported = try await client.keywordImport(of: query) { page in
            rows += page.rows.count
            progress("Search Console \(query.property): \(rows) rows (\(query.startDate) to \(query.endDate))")
        }
        progress("imported \(imported.keywords.count) keywords from gsc:\(query.property)")
        return imported
    }
}
