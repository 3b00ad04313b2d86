import GRDB
import Testing
@testable import Persistence

/// Rows of the SQLite connection are read by column name, in any order; the look-up tries the
/// column after the last one read first, which must never change what a name reads.
@Suite struct SQLiteRowTests {
    static func rows(_ sql: String, read: @escaping (SQLRow) throws -> [SQLValue]) throws -> [[SQLValue]] {
        let database = SQLiteDatabase(writer: try DatabaseQueue())
        return try database.write { connection in
            try connection.executeScript("CREATE TABLE t(a INTEGER, b TEXT, c REAL); INSERT INTO t VALUES (1, 'x', 0.5), (2, 'y', 1.5), (3, NULL, 2.5)")
            var all: [[SQLValue]] = []
            try connection.forEachRow(sql, []) { all.append(try read($0)) }
            return all
        }
    }

    @Test func columnsReadInQueryOrderOutOfOrderOrRepeatedGiveTheirOwnValues() throws {
        // In the query's order, row after row
        #expect(try Self.rows("SELECT a, b, c FROM t ORDER BY a") { [try $0.value("a"), try $0.value("b"), try $0.value("c")] }
            == [[.integer(1), .text("x"), .real(0.5)], [.integer(2), .text("y"), .real(1.5)], [.integer(3), .null, .real(2.5)]])
        // Backwards, skipping, and the same column twice
        #expect(try Self.rows("SELECT a, b, c FROM t ORDER BY a") { [try $0.value("c"), try $0.value("a"), try $0.value("a"), try $0.value("b")] }
            == [[.real(0.5), .integer(1), .integer(1), .text("x")], [.real(1.5), .integer(2), .integer(2), .text("y")],
                [.real(2.5), .integer(3), .integer(3), .null]])
    }

    @Test func aNameTwiceReadsItsLastColumnWhateverWasReadBefore() throws {
        // Given a query naming "a" twice (its second column "a" is b's value)
        let values = try Self.rows("SELECT a, b AS a, c FROM t WHERE rowid = 1") { row in
            // When "a" is read first and again after the column before its second position
            [try row.value("a"), try row.value("c"), try row.value("a")]
        }
        // Then "a" is the last column of that name each time, as a dictionary of names gives
        #expect(values == [[.text("x"), .real(0.5), .text("x")]])
    }

    @Test func anUnknownColumnIsAClearError() throws {
        #expect(throws: StoreError.self) { try Self.rows("SELECT a FROM t") { [try $0.value("missing")] } }
    }
}
