import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database` (or `postgresql://`) address, as `--db`
/// takes it, turned into a connection configuration.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    /// Whether a `--db` value names a PostgreSQL server rather than a SQLite file.
    public static func isPostgres(_ value: String) -> Bool {
        value.hasPrefix("postgres://") || value.hasPrefix("postgresql://")
    }

    /// - Throws: ``WorkQueueError/badAddress(_:reason:)`` naming what is missing.
    public init(_ text: String) throws(WorkQueueError) {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw .badAddress(text, reason: "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else { throw .badAddress(text, reason: "no host") }
        guard let user = components.user, !user.isEmpty else { throw .badAddress(text, reason: "no user") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw .badAddress(text, reason: "no database name after the host") }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
    }

    /// The same server with another database (tests make one database each).
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The address with the password left out, for messages.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The address as given, password included.
    public var urlString: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.host = host
        components.port = port
        components.user = user
        components.password = password
        components.path = "/" + database
        return components.string ?? description
    }

    /// Loopback servers without TLS (the tests' and a single machine's); others prefer TLS.
    public var configuration: PostgresConnection.Configuration {
        PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database,
                                         tls: .disable)
    }
}
