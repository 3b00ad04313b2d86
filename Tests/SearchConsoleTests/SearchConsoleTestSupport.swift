import _CryptoExtras
import AsyncHTTPClient
import Foundation
import NIOCore
@testable import SearchConsole
import SearchConsoleFixture

/// The service account of the tests: a key made once per test process (never committed), its
/// key file written into a temporary folder as Google Cloud Console writes one.
enum TestAccount {
    static let email = "kwcluster-import@example-project.iam.gserviceaccount.com"
    static let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    /// The fixture's view of it: the e-mail and the public key a JWT is checked against.
    static var fixtureAccount: SearchConsoleFixture.ServiceAccount {
        .init(clientEmail: email, publicKey: key.publicKey)
    }

    /// Writes the key file for `tokenURI` and returns its path.
    static func keyFile(tokenURI: String, in folder: TemporaryFolder, key: _RSA.Signing.PrivateKey = key) throws -> String {
        try folder.write("service-account.json", json: [
            "type": "service_account", "project_id": "example-project", "private_key_id": "0123456789abcdef",
            "private_key": key.pkcs8PEMRepresentation, "client_email": email, "client_id": "1234567890",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": tokenURI,
        ])
    }
}

/// A folder under the system's temporary directory, removed when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-gsc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func write(_ name: String, json: [String: Any]) throws -> String {
        try write(name, text: String(decoding: JSONSerialization.data(withJSONObject: json, options: .sortedKeys), as: UTF8.self))
    }
}

/// Records the delays a retry policy asks for and returns at once (nothing sleeps in tests).
final class RecordedSleeps: @unchecked Sendable {
    private let lock = NSLock()
    private var delays: [Duration] = []

    var recorded: [Duration] { lock.withLock { delays } }

    func policy(maxAttempts: Int = 6) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts) { [self] delay in lock.withLock { delays.append(delay) } }
    }
}

/// A clock the test moves forward by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date()

    func now() -> Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// The totals an independent, simple computation gives for the fixture's rows: per query,
/// summed clicks and impressions and the impression-weighted position.
func expectedTotals(_ rows: [SearchConsoleFixture.Row]) -> [String: (clicks: Int, impressions: Int, position: Double)] {
    Dictionary(grouping: rows, by: \.query).mapValues { rows in
        let impressions = rows.reduce(0) { $0 + $1.impressions }
        let weighted = rows.reduce(0.0) { $0 + $1.position * Double($1.impressions) }
        return (rows.reduce(0) { $0 + $1.clicks }, impressions, weighted / Double(impressions))
    }
}

extension SearchConsoleClient {
    /// A client of the fixture at `root` for the key file at `path`. Its answers may take up to
    /// 30 minutes: the fixture shares the test process's two task threads with CPU-bound suites
    /// (the encoder's), which held it past the product's 2 minutes in loaded full-suite runs.
    /// The limit is a safety net against a hang; nothing here measures time.
    static func ofFixture(root: String, credentialsFile path: String, retry: RetryPolicy = RetryPolicy(maxAttempts: 1),
                          now: @escaping @Sendable () -> Date = { Date() }) throws -> SearchConsoleClient {
        SearchConsoleClient(credentials: try SearchConsoleCredentials.load(from: path),
                            endpoints: .init(apiBase: root, tokenURL: root + "/token"), retry: retry,
                            httpClient: fixtureHTTPClient, answerTimeout: .minutes(30), now: now)
    }

    /// The tests' HTTP client: as the product's shared one, but waiting as long as the answer
    /// may take for the next bytes (the shared client gives up after 90 s without a byte, which
    /// loaded full-suite runs hit). Never shut down: it lives as long as the test process.
    static let fixtureHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(90), read: .minutes(30))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
