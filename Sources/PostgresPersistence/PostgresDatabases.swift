import Persistence

/// Making and removing whole databases on a PostgreSQL server (the tests give every test a
/// database of its own). The role must have CREATEDB.
public enum PostgresDatabases {
    /// Creates an empty database `name` on the server of `server`; returns its location.
    public static func create(_ name: String, on server: PostgresLocation) throws(StoreError) -> PostgresLocation {
        try checkName(name)
        let session = try PostgresSession(location: server)
        _ = try session.exclusive { db in try db.run("CREATE DATABASE \(name)") }
        return server.with(database: name)
    }

    /// Drops database `name`, ending any connection still open to it.
    public static func drop(_ name: String, on server: PostgresLocation) throws(StoreError) {
        try checkName(name)
        let session = try PostgresSession(location: server)
        _ = try session.exclusive { db in try db.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    private static func checkName(_ name: String) throws(StoreError) {
        guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) else {
            throw StoreError("'\(name)' is not a database name kwcluster makes (lower-case letters, digits and _ only)")
        }
    }
}
