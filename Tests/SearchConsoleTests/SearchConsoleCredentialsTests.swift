import _CryptoExtras
import Foundation
import Testing
@testable import SearchConsole
import SearchConsoleFixture

/// Credentials files, and the token endpoint's grants for each kind.
@Suite struct SearchConsoleCredentialsTests {
    static let property = "sc-domain:example.com"
    let query = SearchAnalyticsQuery(property: property, startDate: "2026-11-01", endDate: "2026-11-28")

    func loadError(_ text: String?) throws -> (path: String, error: SearchConsoleError?) {
        let folder = try TemporaryFolder()
        let path = try text.map { try folder.write("key.json", text: $0) } ?? folder.url.appendingPathComponent("missing.json").path
        do {
            _ = try SearchConsoleCredentials.load(from: path)
            return (path, nil)
        } catch let error as SearchConsoleError {
            return (path, error)
        }
    }

    @Test func aMissingFileIsNamedWithWhereToGetAKey() throws {
        let (path, error) = try loadError(nil)
        #expect(error?.kind == .credentials)
        #expect(error?.description.hasPrefix("\(path): no such file. Fix: pass --gsc-credentials a service account's JSON key") == true)
    }

    @Test(arguments: [
        ("", "is empty"),
        ("-----BEGIN PRIVATE KEY-----\nMIIE\n", "is not a JSON object"),
        ("[1, 2]", "is not a JSON object"),
        (#"{"type": "service_account", "private_key": "x"}"#, #"has no "client_email""#),
        (#"{"type": "service_account", "client_email": "a@b", "private_key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}"#,
         #""private_key" is not a PEM RSA private key"#),
        (#"{"type": "authorized_user", "client_id": "c", "client_secret": "", "refresh_token": "r"}"#, #"has an empty or non-text "client_secret""#),
        (#"{"type": "external_account", "audience": "x"}"#, #""type" is "external_account", not service_account or authorized_user"#),
    ])
    func aGarbledFileSaysWhatIsWrong(text: String, problem: String) throws {
        let (path, error) = try loadError(text)
        #expect(error?.kind == .credentials)
        #expect(error?.subject == path)
        #expect(error?.problem.hasPrefix(problem) == true, "\(error?.problem ?? "no error")")
    }

    @Test func aServiceAccountKeyFileLoadsWithItsTokenURI() throws {
        let folder = try TemporaryFolder()
        let path = try TestAccount.keyFile(tokenURI: "https://oauth2.googleapis.com/token", in: folder)
        guard case .serviceAccount(let account) = try SearchConsoleCredentials.load(from: path) else {
            Issue.record("not a service account")
            return
        }
        #expect(account.clientEmail == TestAccount.email)
        #expect(account.privateKeyID == "0123456789abcdef")
        #expect(account.tokenURI == "https://oauth2.googleapis.com/token")
        #expect(account.privateKey.publicKey.derRepresentation == TestAccount.key.publicKey.derRepresentation)
    }

    @Test func anAuthorizedUserTradesItsRefreshToken() async throws {
        let user = SearchConsoleFixture.AuthorizedUser(clientID: "123.apps.googleusercontent.com", clientSecret: "secret", refreshToken: "1//refresh")
        let fixture = SearchConsoleFixture(property: Self.property, rows: SearchConsoleFixture.generatedRows(count: 30), authorizedUser: user)
        let folder = try TemporaryFolder()
        let rows = try await fixture.serve { root in
            let path = try folder.write("adc.json", json: ["type": "authorized_user", "client_id": user.clientID,
                                                           "client_secret": user.clientSecret, "refresh_token": user.refreshToken])
            return try await SearchConsoleClient.ofFixture(root: root, credentialsFile: path).rows(of: query)
        }
        #expect(rows.count == 30)
        #expect(fixture.tokenGrants == ["refresh_token"])
    }

    @Test func aRevokedRefreshTokenIsRefusedWithHowToSignInAgain() async throws {
        let user = SearchConsoleFixture.AuthorizedUser(clientID: "123.apps.googleusercontent.com", clientSecret: "secret", refreshToken: "1//refresh")
        let fixture = SearchConsoleFixture(property: Self.property, rows: [], authorizedUser: user)
        let folder = try TemporaryFolder()
        let error = await #expect(throws: SearchConsoleError.self) {
            try await fixture.serve { root in
                let path = try folder.write("adc.json", json: ["type": "authorized_user", "client_id": user.clientID,
                                                               "client_secret": user.clientSecret, "refresh_token": "1//revoked"])
                return try await SearchConsoleClient.ofFixture(root: root, credentialsFile: path).rows(of: query)
            }
        }
        #expect(error?.kind == .tokenRefused)
        #expect(error?.problem == "the token endpoint refused the signed-in user of OAuth client 123.apps.googleusercontent.com (invalid_grant: Token has been expired or revoked.)")
        #expect(error?.hint.contains("gcloud auth application-default login --scopes=https://www.googleapis.com/auth/webmasters.readonly") == true)
        #expect(fixture.queryRequests.isEmpty)
    }

    @Test func aJWTSignedWithAnotherKeyIsRefused() async throws {
        // Given a key file whose key is not the one the endpoint knows for the account
        let fixture = SearchConsoleFixture(property: Self.property, rows: [], serviceAccount: TestAccount.fixtureAccount)
        let folder = try TemporaryFolder()
        let otherKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let error = await #expect(throws: SearchConsoleError.self) {
            try await fixture.serve { root in
                let path = try TestAccount.keyFile(tokenURI: root + "/token", in: folder, key: otherKey)
                return try await SearchConsoleClient.ofFixture(root: root, credentialsFile: path).rows(of: query)
            }
        }
        #expect(error?.kind == .tokenRefused)
        #expect(error?.problem == "the token endpoint refused \(TestAccount.email) (invalid_grant: Invalid JWT Signature.)")
        #expect(error?.hint.hasPrefix("the key may have been deleted") == true)
        #expect(fixture.tokenGrants.isEmpty)
    }

    @Test func theJWTCarriesTheClaimsGoogleChecks() throws {
        let account = SearchConsoleCredentials.ServiceAccount(clientEmail: TestAccount.email, privateKey: TestAccount.key, privateKeyID: "k1",
                                                              tokenURI: "https://oauth2.googleapis.com/token")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let jwt = try ServiceAccountAssertion.make(account: account, scope: SearchConsoleScope.readOnly,
                                                   audience: "https://oauth2.googleapis.com/token", now: now)
        let parts = jwt.split(separator: ".")
        #expect(parts.count == 3)
        #expect(!jwt.contains("=") && !jwt.contains("+") && !jwt.contains("/"))
        let header = try JSONSerialization.jsonObject(with: SearchConsoleFixture.base64URLDecodedForTests(parts[0])) as? [String: String]
        #expect(header == ["alg": "RS256", "typ": "JWT", "kid": "k1"])
        let claims = try JSONSerialization.jsonObject(with: SearchConsoleFixture.base64URLDecodedForTests(parts[1])) as? [String: Any]
        #expect(claims?["iss"] as? String == TestAccount.email)
        #expect(claims?["scope"] as? String == "https://www.googleapis.com/auth/webmasters.readonly")
        #expect(claims?["aud"] as? String == "https://oauth2.googleapis.com/token")
        #expect((claims?["iat"] as? NSNumber)?.intValue == 1_800_000_000)
        #expect((claims?["exp"] as? NSNumber)?.intValue == 1_800_003_600)
        let signature = _RSA.Signing.RSASignature(rawRepresentation: SearchConsoleFixture.base64URLDecodedForTests(parts[2]))
        #expect(TestAccount.key.publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8), padding: .insecurePKCS1v1_5))
    }
}
