/// Why a date written as `YYYY-MM-DD` is not a day, so that `2027-02-31` is not told to write itself as it is.
extension LocalDate {
    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// "February 2027 has 28 days" for `2027-02-31`; `nil` when `text` is not in the `YYYY-MM-DD` shape or is a day.
    public static func dayProblem(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), LocalDate(text) == nil
        else { return nil }
        guard (1...12).contains(month) else { return "there is no month \(month); the month comes second (YYYY-MM-DD)" }
        guard day >= 1 else { return "there is no day 0" }
        let days = (28...31).last { LocalDate(year: year, month: month, day: $0) != nil } ?? 28
        return "\(monthNames[month - 1]) \(year) has \(days) days"
    }

    /// The day, when it exists.
    public init?(year: Int, month: Int, day: Int) {
        let pad = { (value: Int, width: Int) in String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        self.init("\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))")
    }
}
