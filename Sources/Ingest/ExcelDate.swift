/// Excel's date serial numbers: days since 1899-12-30 (so that 1 is 1900-01-01, past
/// Excel's made-up 1900-02-29), or since 1904-01-01 in the 1904 date system.
enum ExcelDate {
    /// `2025-05-01`, or `2025-05-01 13:45:00` when the serial has a time of day.
    static func text(serial: Double, uses1904Dates: Bool) -> String {
        guard serial.isFinite, abs(serial) < 3_000_000 else { return String(serial) }
        let seconds = Int((serial * 86_400).rounded())
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let time = seconds - days * 86_400
        let (year, month, day) = civil(daysSince1970: days + (uses1904Dates ? -24_107 : -25_569))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let date = "\(year)-\(two(month))-\(two(day))"
        guard time != 0 else { return date }
        return "\(date) \(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))"
    }

    /// The proleptic Gregorian date of a day count (Howard Hinnant's `civil_from_days`).
    static func civil(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
