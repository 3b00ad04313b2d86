import Foundation
import Logging
import PostgresNIO
import PostgresPersistence
import Testing
import TestSupport
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

    /// A new, empty database; `body` gets its location, and the database is dropped after.
    static func withDatabase<T>(_ body: (PostgresLocation) async throws -> T) async throws -> T {
        try await TestStores.withDatabase(.postgres) { url in try await body(try PostgresLocation(url: url)) }
    }

    static let logger: Logger = {
        var logger = Logger(label: "kwcluster.tests")
        logger.logLevel = .critical
        return logger
    }()

    static func admin(_ server: PostgresLocation, _ body: (PostgresConnection) async throws -> Void) async throws {
        let connection = try await PostgresConnection.connect(configuration: server.configuration, id: 99, logger: logger)
        do { try await body(connection) } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// Runs one SQL statement on `address` (to age a lease, say).
    static func execute(_ address: PostgresLocation, _ sql: String) async throws {
        try await admin(address) { try await $0.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
    }
}
