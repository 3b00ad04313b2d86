import _CryptoExtras
import Foundation

/// The signed JWT a service account trades for an access token (RFC 7523): header and claims
/// in base64url JSON, signed with RS256 (RSASSA-PKCS1-v1_5 over SHA-256).
enum ServiceAccountAssertion {
    /// How long the assertion is valid; Google accepts at most an hour.
    static let lifetime: TimeInterval = 3600

    /// The compact JWT `header.claims.signature` for `audience` (the token endpoint), issued at `now`.
    static func make(account: SearchConsoleCredentials.ServiceAccount, scope: String, audience: String, now: Date) throws -> String {
        var header: [String: String] = ["alg": "RS256", "typ": "JWT"]
        if let keyID = account.privateKeyID { header["kid"] = keyID }
        let issued = Int(now.timeIntervalSince1970)
        let claims: [String: Any] = [
            "iss": account.clientEmail, "scope": scope, "aud": audience,
            "iat": issued, "exp": issued + Int(lifetime),
        ]
        let signingInput = try base64URL(JSONSerialization.data(withJSONObject: header, options: .sortedKeys)) + "."
            + base64URL(JSONSerialization.data(withJSONObject: claims, options: .sortedKeys))
        let signature = try account.privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + base64URL(signature.rawRepresentation)
    }

    /// Base64 with the URL-safe alphabet and no padding.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
