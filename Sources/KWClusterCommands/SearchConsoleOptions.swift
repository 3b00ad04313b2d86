import ArgumentParser
import Foundation
import Projects
import SearchConsole

/// `--gsc=PROPERTY --gsc-credentials=FILE --gsc-days=N`: Search Console's API as a keyword
/// source of `create` and `rescrape`, merged with files and a crawl as files are merged.
struct SearchConsoleOptions: ParsableArguments {
    @Option(help: "A Search Console property to take keywords from: sc-domain:example.com, or a URL prefix such as https://www.example.com/. rescrape: default, the project's.")
    var gsc: String?

    @Option(help: "The credentials for --gsc: a service account's JSON key (the account added as a user of the property), or an authorized-user file from `gcloud auth application-default login`. rescrape: default, the project's.")
    var gscCredentials: String?

    @Option(help: "Days of Search Console data to read, ending 3 days ago (its data lags). rescrape reads the days after the last import instead.")
    var gscDays: Int = 90

    @Option(help: ArgumentHelp("Search Console API root (tests).", visibility: .private))
    var gscApiUrl: String?

    @Option(help: ArgumentHelp("OAuth token endpoint (tests); default: the credentials file's token_uri.", visibility: .private))
    var gscTokenUrl: String?

    @Option(help: ArgumentHelp("Rows a request (tests); default and most: 25000.", visibility: .private))
    var gscRowLimit: Int = SearchAnalyticsQuery.maxRowLimit

    @Option(help: ArgumentHelp("Requests per page at most when Search Console answers 429 or 5xx (tests); default: 6.", visibility: .private))
    var gscAttempts: Int?

    @Option(help: ArgumentHelp("The day taken as today, YYYY-MM-DD (tests); default: today in Pacific time.", visibility: .private))
    var gscToday: String?

    func validate() throws {
        guard (1...SearchAnalyticsQuery.maxRowLimit).contains(gscRowLimit) else {
            throw ValidationError("--gsc-row-limit must be 1-\(SearchAnalyticsQuery.maxRowLimit)")
        }
        if let gscAttempts, gscAttempts < 1 { throw ValidationError("--gsc-attempts must be at least 1") }
        if let gscToday, Self.day(gscToday) == nil {
            throw ValidationError("--gsc-today must be a day as YYYY-MM-DD, not '\(gscToday)'")
        }
        guard let gsc else { return }
        do {
            try SearchConsoleProperty.validate(gsc, days: gscDays)
        } catch let error as SearchConsoleError {
            throw ValidationError(error.description)
        }
    }

    /// `create`'s checks: --gsc and --gsc-credentials go together.
    func validateForCreate() throws {
        if gsc == nil, gscCredentials != nil {
            throw ValidationError("--gsc-credentials needs --gsc=PROPERTY (sc-domain:example.com or https://www.example.com/)")
        }
        if gsc != nil, gscCredentials == nil {
            throw ValidationError("--gsc needs --gsc-credentials=FILE: a service account's JSON key or an authorized-user file")
        }
    }

    /// The moment taken as now: `--gsc-today` at 20:00 UTC (noon of that day in Pacific time), else now.
    var now: Date {
        gscToday.flatMap(Self.day) ?? Date()
    }

    /// What to ask Search Console for, and where.
    var request: SearchConsoleRequest {
        SearchConsoleRequest(property: gsc, credentials: gscCredentials, days: gscDays, now: now, rowLimit: gscRowLimit,
                             apiURL: gscApiUrl, tokenURL: gscTokenUrl, attempts: gscAttempts)
    }

    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 20))
    }
}
