import Foundation
public import StipPluginKit

/// A date and a time of day without a time zone, in the workspace's time zone (ISO 8601
/// `2027-01-20T19:30`). The canonical form has seconds: `2027-01-20T19:30:00`.
public struct LocalDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let date: LocalDate
    public let time: LocalTime

    public init(date: LocalDate, time: LocalTime) {
        self.date = date
        self.time = time
    }

    /// Reads `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`; a space may stand for the `T`.
    public init?(_ text: String) {
        guard text.count >= 16 else { return nil }
        let separator = text[text.index(text.startIndex, offsetBy: 10)]
        guard separator == "T" || separator == " ", let date = LocalDate(String(text.prefix(10))),
            let time = LocalTime(String(text.dropFirst(11)))
        else { return nil }
        self.init(date: date, time: time)
    }

    /// `2027-01-20T19:30:00`.
    public var description: String { "\(date)T\(time.withSeconds)" }

    /// `2027-01-20 19:30`, for people.
    public var display: String { "\(date) \(time)" }

    /// Minutes since 1970-01-01T00:00 on the same (zone-less) clock.
    public var minuteNumber: Int { date.daysSinceEpoch * 1440 + time.hour * 60 + time.minute }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time) < (rhs.date, rhs.time)
    }

    /// Reads a local date-time from a plan, explaining what is wrong.
    public static func read(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> LocalDateTime? {
        guard case .string(let raw) = value else {
            problems.add(pointer, "must be a local date and time like 2027-01-20T19:30 (it is \(value.foundDescription))")
            return nil
        }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let dateTime = LocalDateTime(text) { return dateTime }
        if hasZone(text), let local = LocalDateTime(String(text.prefix(19))) ?? LocalDateTime(String(text.prefix(16))) {
            problems.add(
                pointer,
                "must be a local time without a time zone, like \(local.date)T\(local.time) (times are in the workspace's time zone)")
        } else if isDateTimeShaped(text) {
            let date = String(text.prefix(10))
            let time = String(text.dropFirst(11))
            problems.add(
                pointer, LocalDate(date) == nil ? "\(date) is not a day of the calendar" : "\(time) is not a time of day (00:00 to 23:59)")
        } else if LocalDate(text) != nil {
            problems.add(pointer, "needs a time of day as well, like \(text)T19:30")
        } else {
            problems.add(pointer, "must be a local date and time like 2027-01-20T19:30 (it is \"\(text)\")")
        }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDateTime(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "must be a local date and time like 2027-01-20T19:30"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// `dddd-dd-ddTdd:dd` or `dddd-dd-ddTdd:dd:dd`, whatever the digits.
    static func isDateTimeShaped(_ text: String) -> Bool {
        let shape = text.map { $0.isASCII && $0.isNumber ? "d" : String($0) }.joined().replacingOccurrences(of: " ", with: "T")
        return shape == "dddd-dd-ddTdd:dd" || shape == "dddd-dd-ddTdd:dd:dd"
    }

    /// Ends in `Z` or in an offset such as `+01:00`.
    static func hasZone(_ text: String) -> Bool {
        if text.hasSuffix("Z") || text.hasSuffix("z") { return true }
        guard text.count > 19 else { return false }
        let tail = text.dropFirst(16)
        return tail.contains("+") || tail.contains("-")
    }
}
