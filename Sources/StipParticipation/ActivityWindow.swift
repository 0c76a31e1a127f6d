public import Foundation
import StipDomain
public import StipJSON
import StipVocabulary

/// When an online activity takes responses: its config's `opens` and `closes`, local date-times read in the
/// workspace's time zone (the host honours these two names for every online method).
public struct ActivityWindow: Sendable, Equatable {
    public var opens: Date?
    public var closes: Date?

    /// Where `now` stands.
    public enum Position: Sendable { case notYetOpen, open, closed }

    public init(opens: Date?, closes: Date?) {
        self.opens = opens
        self.closes = closes
    }

    public init(config: JSONValue, timeZone: TimeZone) {
        opens = config["opens"]?.stringValue.flatMap { Self.parse($0, timeZone) }
        closes = config["closes"]?.stringValue.flatMap { Self.parse($0, timeZone, dateAlone: .lastMinute) }
    }

    /// `closes: 23:59` keeps the form open through that whole minute, as people read it.
    public func position(at now: Date) -> Position {
        if let opens, now < opens { return .notYetOpen }
        if let closes, now >= closes.addingTimeInterval(60) { return .closed }
        return .open
    }

    /// What a date without a time stands for.
    enum DateAlone {
        /// `opens: 2027-03-01`: from the start of that day.
        case firstMinute
        /// `closes: 2027-03-21`: through the end of that day, as a phase's `ends` date is read.
        case lastMinute
    }

    /// `2027-03-01T09:00`, `2027-03-01T09:00:00` or a date alone (its first or its last minute).
    static func parse(_ text: String, _ timeZone: TimeZone, dateAlone: DateAlone = .firstMinute) -> Date? {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard let date = LocalDate(String(parts[0])) else { return nil }
        let last = dateAlone == .lastMinute && parts.count == 1
        var components = DateComponents(
            year: date.year, month: date.month, day: date.day, hour: last ? 23 : 0, minute: last ? 59 : 0, second: 0)
        if parts.count == 2 {
            let time = parts[1].split(separator: ":").compactMap { Int($0) }
            guard time.count == 2 || time.count == 3 else { return nil }
            components.hour = time[0]
            components.minute = time[1]
            components.second = time.count == 3 ? time[2] : 0
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: components)
    }

    /// The local text of a moment, for pages: `21-03-2027 23:59` style is left to the page; this gives ISO `2027-03-21 23:59`.
    public static func localText(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func pad(_ v: Int?) -> String { String(format: "%02d", v ?? 0) }
        return "\(c.year ?? 0)-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute))"
    }
}
