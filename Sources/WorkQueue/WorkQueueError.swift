import Foundation
import PostgresNIO

/// What went wrong with the queue, in words a person can act on.
public enum WorkQueueError: Error, CustomStringConvertible, Sendable {
    /// The server could not be reached or refused the login.
    case unreachable(String, detail: String)
    /// A statement failed.
    case database(String, detail: String)
    /// The worker no longer holds the item's lease (it expired and another worker took it).
    case leaseLost(itemID: Int64)
    /// A work item whose payload cannot be read.
    case badPayload(itemID: Int64, detail: String)

    public var description: String {
        switch self {
        case let .unreachable(address, detail):
            return "cannot connect to PostgreSQL at \(address): \(detail). Check that the server runs and the address, user and password are right"
        case let .database(what, detail):
            return "PostgreSQL failed to \(what): \(detail)"
        case let .leaseLost(itemID):
            return "the lease of work item \(itemID) expired and another worker took it over"
        case let .badPayload(itemID, detail):
            return "work item \(itemID) has an unreadable payload: \(detail)"
        }
    }

    /// The server's own message for a PostgresNIO error (its `description` hides it).
    static func detail(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
        }
        return String(describing: error)
    }
}
