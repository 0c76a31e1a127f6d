extension LocalDate {
    /// The day with these numbers, when it exists (`year: 2027, month: 2, day: 29` does not).
    public init?(year: Int, month: Int, day: Int) {
        let pad = { (value: Int, width: Int) in String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        self.init("\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))")
    }
}
