import Foundation

/// The API's error answer (`{"error": {"code", "message", "status", "errors": [{"reason"}]}}`)
/// turned into a ``SearchConsoleError`` that says what to do.
struct APIErrorAnswer {
    var message: String?
    var status: String?
    var reason: String?

    init(_ body: Data) {
        let error = ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["error"] as? [String: Any]
        message = error?["message"] as? String
        status = error?["status"] as? String
        reason = ((error?["errors"] as? [[String: Any]])?.first?["reason"] as? String)
            ?? ((error?["details"] as? [[String: Any]])?.first?["reason"] as? String)
    }

    /// The API's own words: `forbidden: User does not have sufficient permission ...`.
    var said: String {
        let code = reason ?? status
        switch (code, message) {
        case let (code?, message?): return "\(code): \(message)"
        case let (nil, message?): return message
        case let (code?, nil): return code
        default: return "no reason given"
        }
    }

    func error(status httpStatus: Int, query: SearchAnalyticsQuery, account: SearchConsoleCredentials, attempts: Int,
               startRow: Int) -> SearchConsoleError {
        let subject = "Search Console property \(query.property)"
        let who = account.accountName
        let text = "\(reason ?? "") \(status ?? "") \(message ?? "")"
        switch httpStatus {
        case 401:
            return SearchConsoleError(.unauthorized, subject: subject,
                                      problem: "the API refused a freshly issued token for \(who) (\(said))",
                                      hint: "check that --gsc-token-url and --gsc-api-url belong together, and that the credentials are for Search Console (scope \(SearchConsoleScope.readOnly))")
        case 403 where text.contains("accessNotConfigured") || text.contains("SERVICE_DISABLED") || text.contains("has not been used"):
            return SearchConsoleError(.forbidden, subject: subject,
                                      problem: "the Search Console API is not enabled for the Google Cloud project of \(who) (\(said))",
                                      hint: "enable \"Google Search Console API\" in Google Cloud Console (APIs & Services > Library) for that project, wait a few minutes, then run the command again")
        case 403 where text.contains("SCOPE_INSUFFICIENT") || text.contains("insufficientPermissions") && text.contains("scope"):
            return SearchConsoleError(.forbidden, subject: subject,
                                      problem: "the credentials of \(who) were not granted Search Console access (\(said))",
                                      hint: "sign in again with `gcloud auth application-default login --scopes=\(SearchConsoleScope.readOnly)` and pass the file it writes")
        case 403:
            let add: String
            switch account {
            case .serviceAccount(let serviceAccount):
                add = "add \(serviceAccount.clientEmail) as a user of the property (Search Console > Settings > Users and permissions > Add user; Restricted is enough)"
            case .authorizedUser:
                add = "sign in with a Google account that is a user of the property"
            }
            return SearchConsoleError(.forbidden, subject: subject, problem: "\(who) cannot read this property (\(said))",
                                      hint: "\(add), or check that --gsc names the property as Search Console lists it (sc-domain:example.com for a domain property, https://www.example.com/ with its trailing slash for a URL prefix)")
        case 429, 500, 502, 503, 504:
            return SearchConsoleError(.unavailable, subject: subject,
                                      problem: "HTTP \(httpStatus) for rows from \(startRow), \(attempts) times in a row (\(said))",
                                      hint: httpStatus == 429
                                          ? "the property's or the project's Search Console quota is used up for now: run the command again later; no part of this request was kept"
                                          : "Search Console is failing for now: run the command again later; no part of this request was kept")
        default:
            return SearchConsoleError(.badResponse, subject: subject, problem: "HTTP \(httpStatus) for rows from \(startRow) (\(said))",
                                      hint: "check --gsc (sc-domain:example.com or https://www.example.com/) and --gsc-days, then run the command again")
        }
    }
}
