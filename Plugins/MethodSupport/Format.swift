import Foundation
public import StipPluginKit

/// Numbers and dates in the texts of findings and forms, in Dutch or English.
public enum Format {
    /// `0.456` → `46%`.
    public static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))%"
    }

    /// `6.25` → `6,3` in Dutch and `6.3` in English (one decimal by default).
    public static func decimal(_ value: Double, digits: Int = 1, locale: String) -> String {
        let text = String(format: "%.\(digits)f", value)
        return locale == "en" ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    /// `20 januari 2027` or `20 January 2027`.
    public static func date(_ date: LocalDate, locale: String) -> String {
        let months =
            locale == "en"
            ? ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
            : ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
        return "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// `20 januari 2027 om 19:30` or `20 January 2027 at 19:30`.
    public static func dateTime(_ dateTime: LocalDateTime, locale: String) -> String {
        "\(date(dateTime.date, locale: locale)) \(locale == "en" ? "at" : "om") \(zeroPadded(dateTime.time.hour, 2)):\(zeroPadded(dateTime.time.minute, 2))"
    }
}

/// `7` → `"07"` for width 2.
func zeroPadded(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
