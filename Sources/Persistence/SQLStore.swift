/// The store's operations, each written once for both databases over `SQLConnection`:
/// `SQLiteStore` and `PostgresStore` only say which database holds the store. Every write
/// method is ONE transaction (`write`), every read method one consistent snapshot (`read`).
public protocol SQLStore: Store {
    var database: any SQLDatabase { get }
}

extension SQLStore {
    @discardableResult
    func read<T>(_ body: (SQLConnection) throws -> T) throws(StoreError) -> T {
        try database.read(body)
    }

    @discardableResult
    func write<T>(_ body: (SQLConnection) throws -> T) throws(StoreError) -> T {
        try database.write(body)
    }
}

extension SQLStore {
    /// Runs raw SQL in ONE write transaction (tests, and tables of other modules).
    @discardableResult
    public func transaction<T>(_ body: (SQLConnection) throws -> T) throws(StoreError) -> T {
        try write(body)
    }
}
