import _CryptoExtras
import Foundation

/// Who asks Search Console: a service account (its key file, downloaded from Google Cloud
/// Console) or a person who signed in (an authorized-user file with a refresh token, as
/// `gcloud auth application-default login` writes).
public enum SearchConsoleCredentials: Sendable {
    case serviceAccount(ServiceAccount)
    case authorizedUser(AuthorizedUser)

    public struct ServiceAccount: Sendable {
        public var clientEmail: String
        public var privateKey: _RSA.Signing.PrivateKey
        /// The key's id, sent as the JWT's `kid` so Google picks the right public key.
        public var privateKeyID: String?
        /// Where the signed assertion is exchanged for an access token.
        public var tokenURI: String

        public init(clientEmail: String, privateKey: _RSA.Signing.PrivateKey, privateKeyID: String? = nil, tokenURI: String) {
            self.clientEmail = clientEmail
            self.privateKey = privateKey
            self.privateKeyID = privateKeyID
            self.tokenURI = tokenURI
        }
    }

    public struct AuthorizedUser: Sendable {
        public var clientID: String
        public var clientSecret: String
        public var refreshToken: String
        public var tokenURI: String

        public init(clientID: String, clientSecret: String, refreshToken: String, tokenURI: String) {
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.refreshToken = refreshToken
            self.tokenURI = tokenURI
        }
    }

    /// Google's token endpoint, used when the file names none.
    public static let googleTokenURI = "https://oauth2.googleapis.com/token"

    /// The account as error messages name it: the service account's e-mail, or the OAuth client.
    public var accountName: String {
        switch self {
        case .serviceAccount(let account): account.clientEmail
        case .authorizedUser(let user): "the signed-in user of OAuth client \(user.clientID)"
        }
    }

    /// Reads a credentials file.
    /// - Throws: ``SearchConsoleError`` of kind `.credentials` naming the file, what is wrong
    ///   and where to get a good one.
    public static func load(from path: String) throws -> SearchConsoleCredentials {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let missing = !FileManager.default.fileExists(atPath: path)
            throw problem(path, missing ? "no such file" : "cannot be read (\((error as NSError).localizedDescription))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let fields = object as? [String: Any] else {
            throw problem(path, data.isEmpty ? "is empty" : "is not a JSON object (a key file is the JSON Google Cloud Console downloads)")
        }
        return try parse(fields, path: path)
    }

    static func parse(_ fields: [String: Any], path: String) throws -> SearchConsoleCredentials {
        func text(_ name: String) throws -> String {
            guard let value = fields[name] as? String, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw problem(path, fields[name] == nil ? "has no \"\(name)\"" : "has an empty or non-text \"\(name)\"")
            }
            return value
        }
        let tokenURI = (fields["token_uri"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? googleTokenURI
        let type = fields["type"] as? String ?? (fields["private_key"] != nil ? "service_account" : "authorized_user")
        switch type {
        case "service_account":
            let email = try text("client_email")
            let pem = try text("private_key")
            let key: _RSA.Signing.PrivateKey
            do {
                key = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
            } catch {
                throw problem(path, "\"private_key\" is not a PEM RSA private key of 2048 bits or more (\(error))")
            }
            return .serviceAccount(ServiceAccount(clientEmail: email, privateKey: key, privateKeyID: fields["private_key_id"] as? String,
                                                  tokenURI: tokenURI))
        case "authorized_user":
            return .authorizedUser(AuthorizedUser(clientID: try text("client_id"), clientSecret: try text("client_secret"),
                                                  refreshToken: try text("refresh_token"), tokenURI: tokenURI))
        default:
            throw problem(path, "\"type\" is \"\(type)\", not service_account or authorized_user")
        }
    }

    private static func problem(_ path: String, _ problem: String) -> SearchConsoleError {
        SearchConsoleError(.credentials, subject: path, problem: problem, hint: """
            pass --gsc-credentials a service account's JSON key (Google Cloud Console > IAM & Admin > Service accounts > \
            Keys > Add key > JSON; then add the account's e-mail as a user of the property in Search Console), or the \
            authorized-user file `gcloud auth application-default login --scopes=\(SearchConsoleScope.readOnly)` writes
            """)
    }
}

/// The OAuth scope the import asks for: read-only access to Search Console data.
public enum SearchConsoleScope {
    public static let readOnly = "https://www.googleapis.com/auth/webmasters.readonly"
}
