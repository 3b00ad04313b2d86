import Foundation
import Persistence
import PostgresNIO

/// Where a PostgreSQL database is: a `postgres://user:password@host:port/database` URL
/// (`postgresql://` too; the port defaults to 5432, the database to the user's name).
/// The connection is not encrypted: `sslmode=require` (or `verify-*`) is refused clearly.
public struct PostgresLocation: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    /// Whether a `--db` value names a PostgreSQL server rather than a SQLite file.
    public static func isPostgresURL(_ value: String) -> Bool {
        value.hasPrefix("postgres://") || value.hasPrefix("postgresql://")
    }

    public init(url value: String) throws(StoreError) {
        guard Self.isPostgresURL(value), let components = URLComponents(string: value), let host = components.host,
              !host.isEmpty, let user = components.user, !user.isEmpty else {
            throw StoreError("'\(Self.redact(value))' is not a PostgreSQL URL",
                             hint: "write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            guard ["disable", "allow", "prefer"].contains(item.value ?? "") else {
                throw StoreError("sslmode=\(item.value ?? "") is not supported: kwcluster connects to PostgreSQL without TLS",
                                 hint: "use a server on a trusted network (or an SSH tunnel) and drop sslmode from the URL")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? self.user : (path.removingPercentEncoding ?? path)
    }

    /// The same server with another database (the tests' fresh databases).
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL without its password, for messages.
    public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The URL with its password, for handing to another kwcluster process.
    public var url: String {
        let secret = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0) } ?? ""
        return "postgres://\(user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user)\(secret)@\(host):\(port)/\(database)"
    }

    /// Connections are made without TLS (see the type's note).
    public var configuration: PostgresConnection.Configuration {
        PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
    }

    static func redact(_ value: String) -> String {
        guard var components = URLComponents(string: value), components.password != nil else { return value }
        components.password = "***"
        return components.string ?? value
    }
}
