import Foundation

/// Hands out OAuth access tokens for the credentials: fetched on first use, fetched again a
/// minute before they expire, and on demand when the API refused one (a 401 mid-run).
actor AccessTokenSource {
    private let credentials: SearchConsoleCredentials
    private let tokenURL: String
    private let exchange: HTTPExchange
    private let now: @Sendable () -> Date
    private var token: (value: String, expires: Date)?

    /// Tokens this close to their expiry are replaced before use.
    static let margin: TimeInterval = 60

    /// - Parameter tokenURL: overrides the credentials' `token_uri` (a test fixture's).
    init(credentials: SearchConsoleCredentials, tokenURL: String?, exchange: HTTPExchange, now: @escaping @Sendable () -> Date) {
        self.credentials = credentials
        switch credentials {
        case .serviceAccount(let account): self.tokenURL = tokenURL ?? account.tokenURI
        case .authorizedUser(let user): self.tokenURL = tokenURL ?? user.tokenURI
        }
        self.exchange = exchange
        self.now = now
    }

    /// A token valid for at least another minute.
    func current() async throws -> String {
        if let token, token.expires.timeIntervalSince(now()) > Self.margin { return token.value }
        return try await fetch()
    }

    /// A new token after the API refused `rejected`, unless another request already replaced it.
    func replace(_ rejected: String) async throws -> String {
        if let token, token.value != rejected { return token.value }
        return try await fetch()
    }

    private func fetch() async throws -> String {
        let form: [(String, String)]
        switch credentials {
        case .serviceAccount(let account):
            let assertion = try ServiceAccountAssertion.make(account: account, scope: SearchConsoleScope.readOnly, audience: tokenURL, now: now())
            form = [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)]
        case .authorizedUser(let user):
            form = [("grant_type", "refresh_token"), ("client_id", user.clientID), ("client_secret", user.clientSecret),
                    ("refresh_token", user.refreshToken)]
        }
        let asked = now()
        let answer = try await exchange.post(tokenURL, contentType: "application/x-www-form-urlencoded", body: Data(Self.formEncoded(form).utf8))
        let fields = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
        guard answer.status == 200 else {
            let code = fields?["error"] as? String ?? "HTTP \(answer.status)"
            let detail = (fields?["error_description"] as? String).map { ": \($0)" } ?? ""
            throw SearchConsoleError(.tokenRefused, subject: tokenURL,
                                     problem: "the token endpoint refused \(credentials.accountName) (\(code)\(detail))", hint: refusalHint)
        }
        guard let value = fields?["access_token"] as? String, !value.isEmpty else {
            throw SearchConsoleError(.badResponse, subject: tokenURL, problem: "the token endpoint's answer has no access_token",
                                     hint: "check --gsc-token-url (or the file's token_uri) names Google's token endpoint")
        }
        let lifetime = jsonNumber(fields?["expires_in"]) ?? 3600
        token = (value, asked.addingTimeInterval(lifetime))
        return value
    }

    private var refusalHint: String {
        switch credentials {
        case .serviceAccount:
            "the key may have been deleted or the account disabled: make a new JSON key for the service account in Google Cloud Console and pass it with --gsc-credentials"
        case .authorizedUser:
            "the refresh token may have expired or been revoked: sign in again with `gcloud auth application-default login --scopes=\(SearchConsoleScope.readOnly)` and pass the file it writes"
        }
    }

    /// `application/x-www-form-urlencoded`, every byte but the unreserved ones escaped.
    static func formEncoded(_ fields: [(String, String)]) -> String {
        fields.map { "\(percentEncoded($0.0))=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// RFC 3986's unreserved characters.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
