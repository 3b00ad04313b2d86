/// One value bound to a statement or read from a row, as both stores hold it: SQLite's five
/// storage classes, to which PostgreSQL's column types map (see `SQLRow`).
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift value a statement binds.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

/// A Swift value a row's column decodes to; throws when the column holds something else.
public protocol SQLDecodable {
    init(sqlValue: SQLValue) throws
}

extension Int64: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .integer(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .integer(let value): self = value
        case .real(let value) where value.rounded() == value: self = Int64(value)
        default: throw SQLValue.mismatch(sqlValue, "an integer")
        }
    }
}

extension Int: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public init(sqlValue: SQLValue) throws { self = Int(try Int64(sqlValue: sqlValue)) }
}

extension Double: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .real(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: throw SQLValue.mismatch(sqlValue, "a number")
        }
    }
}

extension Float: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .real(Double(self)) }
    public init(sqlValue: SQLValue) throws { self = Float(try Double(sqlValue: sqlValue)) }
}

/// Booleans are stored as 0 and 1 (PostgreSQL's `boolean` results read the same).
extension Bool: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public init(sqlValue: SQLValue) throws { self = try Int64(sqlValue: sqlValue) != 0 }
}

extension String: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .text(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .text(let value): self = value
        case .blob(let bytes): self = String(decoding: bytes, as: UTF8.self)
        default: throw SQLValue.mismatch(sqlValue, "text")
        }
    }
}

extension [UInt8]: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .blob(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .blob(let bytes): self = bytes
        case .text(let text): self = Array(text.utf8)
        default: throw SQLValue.mismatch(sqlValue, "bytes")
        }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    public init(sqlValue: SQLValue) throws {
        self = sqlValue == .null ? nil : try Wrapped(sqlValue: sqlValue)
    }
}

extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}

extension SQLValue {
    static func mismatch(_ value: SQLValue, _ expected: String) -> StoreError {
        StoreError("a column holds \(value) where \(expected) was expected")
    }
}
