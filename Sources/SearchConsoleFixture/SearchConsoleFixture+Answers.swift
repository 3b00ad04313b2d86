import _CryptoExtras
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension SearchConsoleFixture {
    /// The token endpoint: a JWT-bearer or refresh-token grant.
    func token(form body: Data) -> Response {
        var components = URLComponents()
        components.percentEncodedQuery = String(decoding: body, as: UTF8.self)
        var fields: [String: String] = [:]
        for item in components.queryItems ?? [] { fields[item.name] = item.value ?? "" }
        let grant = fields["grant_type"] ?? ""
        let accepted: Bool
        switch grant {
        case "urn:ietf:params:oauth:grant-type:jwt-bearer":
            accepted = fields["assertion"].map(isValidAssertion) ?? false
        case "refresh_token":
            accepted = authorizedUser.map {
                fields["client_id"] == $0.clientID && fields["client_secret"] == $0.clientSecret && fields["refresh_token"] == $0.refreshToken
            } ?? false
        default:
            return json(400, ["error": "unsupported_grant_type", "error_description": "Invalid grant_type: \(grant)"])
        }
        guard accepted else {
            return json(400, ["error": "invalid_grant",
                              "error_description": grant == "refresh_token" ? "Token has been expired or revoked." : "Invalid JWT Signature."])
        }
        let token = withLock {
            tokensIssued += 1
            let token = "fixture-token-\(tokensIssued)"
            validTokens.insert(token)
            grants.append(grant)
            return token
        }
        return json(200, ["access_token": token, "expires_in": 3599, "token_type": "Bearer"])
    }

    /// Whether `jwt` is an RS256 JWT signed by the service account's key, for the read-only
    /// scope, addressed to this endpoint, valid now for at most an hour.
    func isValidAssertion(_ jwt: String) -> Bool {
        guard let account = serviceAccount else { return false }
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Self.base64URLDecoded(parts[0]), let claimsData = Self.base64URLDecoded(parts[1]),
              let signature = Self.base64URLDecoded(parts[2]),
              let header = (try? JSONSerialization.jsonObject(with: headerData)) as? [String: Any],
              let claims = (try? JSONSerialization.jsonObject(with: claimsData)) as? [String: Any],
              header["alg"] as? String == "RS256"
        else { return false }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard account.publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: signingInput,
                                                 padding: .insecurePKCS1v1_5)
        else { return false }
        let now = Int(self.now().timeIntervalSince1970)
        guard let issued = Self.int(claims["iat"]), let expires = Self.int(claims["exp"]) else { return false }
        let scopes = (claims["scope"] as? String)?.split(separator: " ").map(String.init) ?? []
        return claims["iss"] as? String == account.clientEmail
            && scopes.contains("https://www.googleapis.com/auth/webmasters.readonly")
            && claims["aud"] as? String == withLock { tokenURL }
            && issued <= now + 60 && expires > now && expires - issued <= 3600
    }

    /// searchAnalytics/query for the property in `segment` (percent-encoded as one segment).
    func query(segment: String, authorization: String?, body: Data) -> Response {
        let requested = segment.removingPercentEncoding ?? segment
        let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let token = authorization.flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        var logged = QueryRequest(property: requested, token: token, startRow: Self.int(request["startRow"]) ?? 0,
                                  rowLimit: Self.int(request["rowLimit"]) ?? 1_000,
                                  startDate: request["startDate"] as? String ?? "", endDate: request["endDate"] as? String ?? "",
                                  dimensions: request["dimensions"] as? [String] ?? [], status: 200)
        let answer = withLock { () -> Response in
            var next = scripted.isEmpty ? Scripted.rows : scripted.removeFirst()
            if next == .expireTokens {
                validTokens = []
                next = .rows
            }
            if case .error(let status, let reason, let message, let retryAfter) = next {
                logged.status = status
                return apiError(status, reason: reason, message: message, retryAfter: retryAfter)
            }
            guard let token, validTokens.contains(token) else {
                logged.status = 401
                return apiError(401, reason: "authError", status: "UNAUTHENTICATED",
                                message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
            }
            // A segment left unencoded (`sc-domain:x`, `https://x/`) is another path to Google.
            guard requested == property, !segment.contains(":"), !segment.contains("/") else {
                logged.status = 403
                return apiError(403, reason: "forbidden", status: "PERMISSION_DENIED",
                                message: "User does not have sufficient permission for site '\(requested)'. See also: https://support.google.com/webmasters/answer/2451999.")
            }
            return Response(status: .ok)
        }
        guard answer.status == .ok else {
            withLock { queries.append(logged) }
            return answer
        }
        withLock { queries.append(logged) }
        guard logged.dimensions == ["query", "page"], logged.rowLimit >= 1, logged.rowLimit <= 25_000, logged.startRow >= 0,
              !logged.startDate.isEmpty, logged.startDate <= logged.endDate
        else {
            withLock { queries[queries.count - 1].status = 400 }
            return apiError(400, reason: "badRequest", status: "INVALID_ARGUMENT", message: "Invalid request: \(request)")
        }
        let page = rows.dropFirst(logged.startRow).prefix(logged.rowLimit)
        var text = "{\"rows\":["
        for (index, row) in page.enumerated() {
            if index > 0 { text += "," }
            text += "{\"keys\":[\(Self.quoted(row.query)),\(Self.quoted(row.page))],\"clicks\":\(row.clicks),\"impressions\":\(row.impressions),"
            text += "\"ctr\":\(Double(row.clicks) / Double(row.impressions)),\"position\":\(row.position)}"
        }
        text += "],\"responseAggregationType\":\"byPage\"}"
        if page.isEmpty { text = "{\"responseAggregationType\":\"byPage\"}" }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private func apiError(_ status: Int, reason: String, status statusName: String? = nil, message: String, retryAfter: Int? = nil) -> Response {
        let name = statusName ?? [429: "RESOURCE_EXHAUSTED", 403: "PERMISSION_DENIED", 500: "INTERNAL", 503: "UNAVAILABLE"][status] ?? "UNKNOWN"
        var response = json(status, ["error": ["code": status, "message": message, "status": name,
                                               "errors": [["message": message, "domain": "global", "reason": reason]]] as [String: Any]])
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    func json(_ status: Int, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: .sortedKeys)) ?? Data()
        return Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json; charset=UTF-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A JSON integer as `JSONSerialization` gives it on this platform.
    static func int(_ value: Any?) -> Int? {
        switch value {
        case let value as Int: value
        case let value as NSNumber: value.intValue
        default: nil
        }
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    public static func base64URLDecodedForTests(_ text: Substring) -> Data { base64URLDecoded(text) ?? Data() }

    static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        try lock.withLock(body)
    }
}

/// A small deterministic generator for the fixture's data set.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
