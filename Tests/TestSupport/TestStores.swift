import Foundation
import Persistence
import PostgresPersistence
import Testing

/// The stores a test can run against: every store test and the pipeline tests that matter run
/// against both, from one suite (`@Test(arguments: StoreKind.allCases)`).
public enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    public var testDescription: String { rawValue }
}

/// A database for one test, made fresh and removed afterwards: a SQLite file in a folder of its
/// own, or a new PostgreSQL database `kwtest_<random>` on the server of
/// `KWCLUSTER_TEST_POSTGRES_URL` (dropped afterwards).
///
/// Without that variable the PostgreSQL cases are skipped (cancelled, saying why), except under
/// CI (`CI=true`), where they fail: CI must run them (scripts/test.sh starts the server).
public enum TestStores {
    public static let urlVariable = "KWCLUSTER_TEST_POSTGRES_URL"

    /// The server the PostgreSQL cases use; without one the case is cancelled (skipped) or, under CI, fails.
    static func server() throws -> PostgresLocation {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment[urlVariable], !url.isEmpty else {
            let advice = "\(urlVariable) is unset: run scripts/start-postgres.sh and export its URL in \(urlVariable)"
            if environment["CI"] == "true" {
                throw StoreError("the PostgreSQL cases cannot run under CI: \(advice)")
            }
            try Test.cancel("PostgreSQL case skipped: \(advice)")
        }
        return try PostgresLocation(url: url)
    }

    /// Runs `body` with the `--db` value of a fresh database of `kind`, then removes it.
    public static func withDatabase<T>(_ kind: StoreKind, _ body: (String) async throws -> T) async throws -> T {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kwcluster-db-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            return try await body(folder.appendingPathComponent("kwcluster.sqlite").path)
        case .postgres:
            let server = try server()
            let name = "kwtest_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            let location = try PostgresDatabases.create(String(name), on: server)
            defer { try? PostgresDatabases.drop(String(name), on: server) }
            return try await body(location.url)
        }
    }

    /// Runs `body` with a fresh, empty store of `kind`, then removes its database.
    public static func withStore<T>(_ kind: StoreKind, _ body: (any Store) async throws -> T) async throws -> T {
        if kind == .sqlite { return try await body(try SQLiteStore.inMemory()) }
        return try await withDatabase(kind) { db in try await body(try StoreOpener.open(db)) }
    }

    /// `withStore` for synchronous tests.
    public static func withStore<T>(_ kind: StoreKind, _ body: (any Store) throws -> T) throws -> T {
        switch kind {
        case .sqlite:
            return try body(try SQLiteStore.inMemory())
        case .postgres:
            let server = try server()
            let name = "kwtest_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            let location = try PostgresDatabases.create(String(name), on: server)
            defer { try? PostgresDatabases.drop(String(name), on: server) }
            return try body(try PostgresStore(location: location))
        }
    }
}
