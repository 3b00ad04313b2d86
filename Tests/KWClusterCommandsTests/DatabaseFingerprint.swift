import Foundation
import GRDB

/// A checksum of every table of a database: FNV-1a (64 bits) over each row of
/// `SELECT * FROM t ORDER BY rowid`, per table in `sqlite_master`. Two fingerprints are equal when
/// every table holds the same rows in the same order, so a command that must leave stored data
/// alone can be checked before and after.
struct DatabaseFingerprint: Equatable, CustomStringConvertible {
    /// Table name → (row count, checksum of its rows).
    var tables: [String: Tally]

    struct Tally: Equatable {
        var rows = 0
        var checksum: UInt64 = 0xcbf2_9ce4_8422_2325
    }

    /// Reads every table of the database at `path`.
    ///
    /// - Complexity: O(size of the database).
    init(path: String) throws {
        let queue = try DatabaseQueue(path: path)
        tables = try queue.read { db in
            let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            var tables: [String: Tally] = [:]
            for name in names {
                var tally = Tally()
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \"\(name)\" ORDER BY rowid")
                while let row = try rows.next() {
                    tally.rows += 1
                    for value in row.databaseValues {
                        Self.mix(String(describing: value) + "\u{1F}", into: &tally.checksum)
                    }
                    Self.mix("\u{1E}", into: &tally.checksum)
                }
                tables[name] = tally
            }
            return tables
        }
        try queue.close()
    }

    static func mix(_ text: String, into hash: inout UInt64) {
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
    }

    var description: String {
        tables.keys.sorted().map { "\($0): \(tables[$0]!.rows) rows, \(String(tables[$0]!.checksum, radix: 16))" }
            .joined(separator: "; ")
    }
}
