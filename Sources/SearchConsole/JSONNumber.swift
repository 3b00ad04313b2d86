import Foundation

/// A JSON number as `JSONSerialization` gives it (Int, Double or NSNumber, by platform).
func jsonNumber(_ value: Any?) -> Double? {
    switch value {
    case let value as Int: Double(value)
    case let value as Double: value
    case let value as NSNumber: value.doubleValue
    default: nil
    }
}
