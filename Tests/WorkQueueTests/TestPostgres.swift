import Foundation
import Logging
import PostgresNIO
import Testing
import WorkQueue

/// A fresh PostgreSQL database per test, on the server `KWCLUSTER_TEST_POSTGRES_URL` names
/// (scripts/start-postgres.sh prints it). Without the variable the tests skip, saying why,
/// unless CI=true: then they fail.
enum TestPostgres {
    static let serverURL: String? = {
        let value = ProcessInfo.processInfo.environment["KWCLUSTER_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    static let skipReason = "KWCLUSTER_TEST_POSTGRES_URL is not set: start PostgreSQL with scripts/start-postgres.sh and export the URL it prints"

    /// Whether the PostgreSQL tests run (they are disabled without a server outside CI).
    static var available: Bool {
        serverURL != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// A new, empty database; `body` gets its address, and the database is dropped after.
    static func withDatabase<T>(_ body: (PostgresURL) async throws -> T) async throws -> T {
        guard let serverURL else {
            throw SetupError(message: "CI=true and " + skipReason)
        }
        let server = try PostgresURL(serverURL)
        let name = "kwtest_queue_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try await admin(server) { try await $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger) }
        do {
            let result = try await body(server.with(database: String(name)))
            try await drop(String(name), server: server)
            return result
        } catch {
            try? await drop(String(name), server: server)
            throw error
        }
    }

    static let logger: Logger = {
        var logger = Logger(label: "kwcluster.tests")
        logger.logLevel = .critical
        return logger
    }()

    static func admin(_ server: PostgresURL, _ body: (PostgresConnection) async throws -> Void) async throws {
        let connection = try await PostgresConnection.connect(configuration: server.configuration, id: 99, logger: logger)
        do { try await body(connection) } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    static func drop(_ name: String, server: PostgresURL) async throws {
        try await admin(server) {
            try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }

    /// Runs one SQL statement on `address` (to age a lease, say) and returns the affected rows' first column as text.
    static func execute(_ address: PostgresURL, _ sql: String) async throws {
        try await admin(address) { try await $0.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
    }

    struct SetupError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
