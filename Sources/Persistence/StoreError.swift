import GRDB

/// A database failure, with what to do about it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    init(_ error: any Error) {
        if let storeError = error as? StoreError {
            self = storeError
        } else if let databaseError = error as? DatabaseError {
            self.init("database error: \(error)", hint: Self.hint(for: databaseError.resultCode))
        } else {
            self.init("database error: \(error)")
        }
    }

    /// What to do about a failure SQLite reports, for the codes a user can act on.
    static func hint(for code: ResultCode) -> String? {
        switch code {
        case .SQLITE_FULL, .SQLITE_IOERR:
            "the disk is full or failing. Free space (or fix the disk), then run `kwcluster resume`: every completed batch is kept"
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            "the database cannot be written. Check that you may write the file and its folder, or pass another --db"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            "the database file is damaged or not a kwcluster database. Restore it from a backup, or pass another --db"
        default:
            nil
        }
    }

    public var description: String {
        hint.map { "\(message). \($0)." } ?? message
    }
}
