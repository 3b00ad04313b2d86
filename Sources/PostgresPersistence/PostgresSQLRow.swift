import Foundation
import Persistence
import PostgresNIO

/// A PostgreSQL row read by column name, its values as SQLite holds them: integers (and
/// booleans as 0 or 1), doubles, text, bytes, and timestamps as SQLite's CURRENT_TIMESTAMP text
/// ("2026-12-06 18:00:00", UTC). So one decoder serves both stores.
struct PostgresSQLRow: SQLRow {
    private let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    func value(_ column: String) throws -> SQLValue {
        guard row.contains(column) else {
            throw StoreError("a query has no column '\(column)'")
        }
        let cell = row[column]
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .numeric:
            // SUM of integers: an integer when it is one.
            let number = try cell.decode(Decimal.self)
            let integer = NSDecimalNumber(decimal: number).int64Value
            if Decimal(integer) == number { return .integer(integer) }
            return .real(NSDecimalNumber(decimal: number).doubleValue)
        case .bytea: return .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
        case .timestamptz, .timestamp: return .text(Self.timestampText(try cell.decode(Date.self)))
        default: return .text(try cell.decode(String.self))
        }
    }

    /// "YYYY-MM-DD HH:MM:SS" in UTC, whole seconds (as SQLite's CURRENT_TIMESTAMP).
    static func timestampText(_ date: Date) -> String {
        var seconds = time_t(floor(date.timeIntervalSince1970))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
